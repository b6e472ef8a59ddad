import { getTranslations } from "next-intl/server";
import { seesFailureAnalytics } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { FailureAnalytics } from "../_components/failure-analytics";

export async function generateMetadata() {
  // Its heading, not its tab's label: "Analytics" alone would name two pages the same.
  const t = await getTranslations("failures.analytics");
  return { title: t("title") };
}

export default async function FailureAnalyticsPage() {
  const me = await requireMerchant();
  if (!seesFailureAnalytics.includes(me.merchant.role)) return <NoAccess />;
  prefetch(trpc.merchant.basics.queryOptions());
  return (
    <HydrateClient>
      <FailureAnalytics stores={me.stores.map((s) => ({ id: s.id, name: s.name }))} />
    </HydrateClient>
  );
}

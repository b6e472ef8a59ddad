import { getTranslations } from "next-intl/server";
import type { SearchParams } from "@/app/_lib/url-state";
import { canAccess } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { AlertsList } from "./_components/alerts-list";
import { loadAlertFilters, toAlertListInput } from "./_lib/search-params";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("alerts") };
}

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "alerts")) return <NoAccess />;
  const filters = await loadAlertFilters(searchParams);
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.alerts.list.queryOptions(toAlertListInput(filters)));
  prefetch(trpc.alerts.kinds.queryOptions());
  prefetch(trpc.alerts.emailSetting.queryOptions());
  return (
    <HydrateClient>
      <AlertsList isOwner={me.merchant.role === "owner"} />
    </HydrateClient>
  );
}

import { getTranslations } from "next-intl/server";
import { handlesAlerts, handlesSupport } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { CustomerMessages } from "../_components/customer-messages";

export async function generateMetadata() {
  const t = await getTranslations("failures.tabs");
  return { title: t("messages") };
}

export default async function MessagesPage() {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!handlesSupport.includes(role)) return <NoAccess />;
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.failures.messages.queryOptions({}));
  return (
    <HydrateClient>
      <CustomerMessages canResend={handlesAlerts.includes(role)} />
    </HydrateClient>
  );
}

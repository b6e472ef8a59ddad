import { getTranslations } from "next-intl/server";
import { canAccess, configuresMethods } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { serverCaller } from "@/server/trpc/server-caller";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { MethodsManager } from "./_components/methods-manager";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("paymentMethods") };
}

export default async function PaymentMethodsPage() {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "paymentMethods")) return <NoAccess />;
  const caller = await serverCaller();
  const settings = await caller.merchant.settings();
  prefetch(trpc.paymentMethods.list.queryOptions());
  return (
    <HydrateClient>
      <MethodsManager
        canConfigure={configuresMethods.includes(role)}
        defaultCurrency={settings.defaultCurrency}
      />
    </HydrateClient>
  );
}

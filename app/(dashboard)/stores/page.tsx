import { getTranslations } from "next-intl/server";
import { canAccess } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { serverCaller } from "@/server/trpc/server-caller";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { StoreManager } from "./_components/store-manager";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("stores") };
}

export default async function StoresPage() {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "stores")) return <NoAccess />;
  prefetch(trpc.stores.list.queryOptions());
  const settings = await (await serverCaller()).merchant.settings();
  return (
    <HydrateClient>
      <StoreManager canEdit={role === "owner"} currency={settings.defaultCurrency} />
    </HydrateClient>
  );
}

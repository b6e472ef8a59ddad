import { getTranslations } from "next-intl/server";
import { canAccess } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { PromotionsOverview } from "./_components/promotions-overview";
import { promotionsPageSize } from "./_lib/list-input";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("promotions") };
}

export default async function PromotionsPage() {
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "promotions")) return <NoAccess />;
  prefetch(trpc.promotions.list.queryOptions({ cursor: undefined, limit: promotionsPageSize }));
  prefetch(trpc.paymentMethods.list.queryOptions());
  prefetch(trpc.merchant.basics.queryOptions());
  return (
    <HydrateClient>
      <PromotionsOverview stores={me.stores.map((s) => ({ id: s.id, name: s.name }))} />
    </HydrateClient>
  );
}

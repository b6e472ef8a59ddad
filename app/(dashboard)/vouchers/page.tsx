import { getTranslations } from "next-intl/server";
import { canAccess, managesVouchers } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { VouchersOverview } from "./_components/vouchers-overview";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("vouchers") };
}

export default async function VouchersPage() {
  const me = await requireMerchant();
  const role = me.merchant.role;
  if (!canAccess(role, "vouchers")) return <NoAccess />;
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.vouchers.liability.queryOptions());
  prefetch(trpc.vouchers.settings.queryOptions());
  prefetch(trpc.vouchers.redemptions.queryOptions({ limit: 25 }));
  const canManage = managesVouchers.includes(role);
  if (canManage) prefetch(trpc.vouchers.codeBlocks.queryOptions());
  return (
    <HydrateClient>
      <VouchersOverview
        stores={me.stores.map((s) => ({ id: s.id, name: s.name }))}
        canManage={canManage}
      />
    </HydrateClient>
  );
}

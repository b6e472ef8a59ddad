import { getTranslations } from "next-intl/server";
import type { SearchParams } from "@/app/_lib/url-state";
import { approvesRefunds, canAccess } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../_components/no-access";
import { requireMerchant } from "../_lib/me";
import { RefundsList } from "./_components/refunds-list";
import { loadRefundFilters, toRefundListInput } from "./_lib/search-params";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("refunds") };
}

export default async function RefundsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "refunds")) return <NoAccess />;
  const filters = await loadRefundFilters(searchParams);
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.refunds.list.queryOptions(toRefundListInput(filters)));
  return (
    <HydrateClient>
      <RefundsList
        stores={me.stores.map((s) => ({ id: s.id, name: s.name }))}
        canDecide={approvesRefunds.includes(me.merchant.role)}
      />
    </HydrateClient>
  );
}

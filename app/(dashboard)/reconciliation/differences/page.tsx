import { getTranslations } from "next-intl/server";
import type { SearchParams } from "@/app/_lib/url-state";
import { canAccess, reconciles } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { requireMerchant } from "../../_lib/me";
import { DifferencesQueue } from "../_components/differences-queue";
import { loadDifferenceFilters, toDifferenceListInput } from "../_lib/search-params";

export async function generateMetadata() {
  const t = await getTranslations("reconciliation.differences");
  return { title: t("title") };
}

export default async function DifferencesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const me = await requireMerchant();
  // The layout tells other roles they have no access; its page renders beside it, so it
  // asks too, before prefetching what those roles would be refused (logged as its error).
  if (!canAccess(me.merchant.role, "reconciliation")) return null;
  const filters = await loadDifferenceFilters(searchParams);
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.paymentMethods.list.queryOptions());
  prefetch(trpc.reconciliation.differences.queryOptions(toDifferenceListInput(filters)));
  return (
    <HydrateClient>
      <DifferencesQueue canReconcile={reconciles.includes(me.merchant.role)} />
    </HydrateClient>
  );
}

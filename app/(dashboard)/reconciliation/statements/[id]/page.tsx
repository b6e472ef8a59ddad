import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import type { SearchParams } from "@/app/_lib/url-state";
import { canAccess } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, prefetchOrNotFound, trpc } from "@/server/trpc/rsc";
import { requireMerchant } from "../../../_lib/me";
import { StatementDetail } from "../../_components/statement-detail";
import { loadLineFilters, toLineListInput } from "../../_lib/search-params";

export async function generateMetadata() {
  const t = await getTranslations("reconciliation.tabs");
  return { title: t("statements") };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function StatementPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const me = await requireMerchant();
  // The layout tells other roles they have no access; its page renders beside it, so it
  // asks too, before prefetching what those roles would be refused (logged as its error).
  if (!canAccess(me.merchant.role, "reconciliation")) return null;
  const { id } = await params;
  if (!uuid.test(id)) notFound();
  const filters = await loadLineFilters(searchParams);
  prefetch(trpc.merchant.basics.queryOptions());
  // An id of nothing, or of another shop's statement, is not found (404).
  if (await prefetchOrNotFound(trpc.statements.byId.queryOptions({ statementId: id }))) {
    prefetch(trpc.statements.lines.queryOptions(toLineListInput(id, filters)));
  }
  return (
    <HydrateClient>
      <StatementDetail statementId={id} />
    </HydrateClient>
  );
}

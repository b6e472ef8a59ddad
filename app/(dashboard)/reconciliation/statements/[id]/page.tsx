import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import type { SearchParams } from "@/app/_lib/url-state";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
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
  const { id } = await params;
  if (!uuid.test(id)) notFound();
  const filters = await loadLineFilters(searchParams);
  prefetch(trpc.merchant.settings.queryOptions());
  prefetch(trpc.statements.byId.queryOptions({ statementId: id }));
  prefetch(trpc.statements.lines.queryOptions(toLineListInput(id, filters)));
  return (
    <HydrateClient>
      <StatementDetail statementId={id} />
    </HydrateClient>
  );
}

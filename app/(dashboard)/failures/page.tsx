import { getTranslations } from "next-intl/server";
import type { SearchParams } from "@/app/_lib/url-state";
import { handlesAlerts, seesCustomerContact } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { requireMerchant } from "../_lib/me";
import { FailureLog } from "./_components/failure-log";
import { loadFailureFilters, toFailureListInput } from "./_lib/search-params";

export async function generateMetadata() {
  const t = await getTranslations("nav");
  return { title: t("failures") };
}

export default async function FailuresPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const me = await requireMerchant();
  const filters = await loadFailureFilters(searchParams);
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.failures.list.queryOptions(toFailureListInput(filters)));
  return (
    <HydrateClient>
      <FailureLog
        stores={me.stores.map((s) => ({ id: s.id, name: s.name }))}
        showAlerts={handlesAlerts.includes(me.merchant.role)}
        exportHoldsContacts={seesCustomerContact(me.merchant.role)}
      />
    </HydrateClient>
  );
}

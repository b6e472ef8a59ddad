import { getTranslations } from "next-intl/server";
import type { SearchParams } from "@/app/_lib/url-state";
import { ClientMessages } from "@/app/_i18n/client-messages";
import { readsAuditLog } from "@/server/auth/roles.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { AuditLog } from "./_components/audit-log";
import { loadAuditFilters, toAuditListInput } from "./_lib/search-params";

export async function generateMetadata() {
  const t = await getTranslations("audit");
  return { title: t("title") };
}

/** Settings → Audit log: the owner's record of who did what, with the chain check. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const me = await requireMerchant();
  if (!readsAuditLog.includes(me.merchant.role)) return <NoAccess />;
  const filters = await loadAuditFilters(searchParams);
  prefetch(trpc.merchant.basics.queryOptions());
  prefetch(trpc.audit.filters.queryOptions());
  prefetch(trpc.audit.list.queryOptions(toAuditListInput(filters)));
  return (
    <HydrateClient>
      <div className="mx-auto flex max-w-6xl flex-col gap-6">
        {/* The audit log's own words: not sent with the settings page. */}
        <ClientMessages namespaces={["audit"]}>
          <AuditLog />
        </ClientMessages>
      </div>
    </HydrateClient>
  );
}

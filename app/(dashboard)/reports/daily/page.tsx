import { getTranslations } from "next-intl/server";
import type { SearchParams } from "@/app/_lib/url-state";
import { canAccess } from "@/server/auth/roles.logic";
import { defaultReportDay } from "@/server/reports/daily-report.logic";
import { addDays } from "@/server/time/local-date.logic";
import { HydrateClient, prefetch, trpc } from "@/server/trpc/rsc";
import { serverCaller } from "@/server/trpc/server-caller";
import { NoAccess } from "../../_components/no-access";
import { requireMerchant } from "../../_lib/me";
import { DailyReportView } from "./_components/daily-report-view";
import { loadReportParams } from "./_lib/report-params";
import "./daily-report-print.css";

export async function generateMetadata() {
  const t = await getTranslations("reports.daily");
  return { title: t("title") };
}

export default async function DailyReportPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const me = await requireMerchant();
  if (!canAccess(me.merchant.role, "reports")) return <NoAccess />;
  const settings = await (await serverCaller()).merchant.settings();
  // Yesterday by default: the last whole day, the one a 日结 is about; today is a click away.
  const yesterday = defaultReportDay(new Date(), settings.timeZone);
  const params = await loadReportParams(searchParams);
  prefetch(
    trpc.reports.daily.queryOptions({ day: params.day ?? yesterday, storeId: params.store }),
  );
  return (
    <HydrateClient>
      <DailyReportView
        stores={me.stores.map((s) => ({ id: s.id, name: s.name }))}
        yesterday={yesterday}
        today={addDays(yesterday, 1)}
      />
    </HydrateClient>
  );
}

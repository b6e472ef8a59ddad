"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useFormatter, useTranslations } from "@/app/_i18n/client-intl";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { toFilters } from "../_lib/search-params";
import { Figure, FigureTable, usePercent } from "./shared";

interface Figures {
  answers: number;
  average: number | null;
  lowShare: number | null;
}

/**
 * What customers said on their receipts: the mean score against the period before, and per
 * method, store and cashier, and day by day (scores only; the words are in the inbox).
 */
export function SatisfactionView({ filters }: { filters: ReturnType<typeof toFilters> }) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const format = useFormatter();
  const percent = usePercent();
  const errorMessage = useErrorMessage();
  const q = useQuery(trpc.analytics.satisfaction.queryOptions(filters));
  if (q.error) return <p role="alert">{errorMessage(q.error)}</p>;
  if (!q.data) return <Skeleton className="h-64" />;
  const d = q.data;
  const mean = (n: number | null) =>
    n === null ? "—" : format.number(n, { maximumFractionDigits: 2, minimumFractionDigits: 1 });
  const columns = [
    t("satisfaction.answers"),
    t("satisfaction.average"),
    t("satisfaction.lowShare"),
  ];
  const cells = (f: Figures) => [format.number(f.answers), mean(f.average), percent(f.lowShare)];
  const table = (caption: string, first: string, rows: (Figures & { name: string | null })[]) => (
    <FigureTable
      caption={caption}
      columns={[first, ...columns]}
      rows={rows.map((r) => [r.name ?? t("satisfaction.unknown"), ...cells(r)])}
    />
  );

  if (d.total.answers === 0) {
    return (
      <Card className="p-6 text-center">
        <h2 className="text-lg font-semibold">{t("satisfaction.emptyTitle")}</h2>
        <p className="text-muted-foreground text-sm">{t("satisfaction.emptyHint")}</p>
      </Card>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <Card className="grid grid-cols-1 gap-4 p-4 sm:grid-cols-3 md:p-5">
        <Figure label={t("satisfaction.average")} value={mean(d.total.average)}>
          {t("satisfaction.before", { value: mean(d.previous.average) })}
        </Figure>
        <Figure label={t("satisfaction.answers")} value={format.number(d.total.answers)}>
          {t("satisfaction.before", { value: format.number(d.previous.answers) })}
        </Figure>
        <Figure label={t("satisfaction.lowShare")} value={percent(d.total.lowShare)}>
          {t("satisfaction.before", { value: percent(d.previous.lowShare) })}
        </Figure>
      </Card>
      <Card className="flex flex-col gap-4 p-4 md:p-5">
        <h2 className="text-lg font-semibold">{t("satisfaction.trend")}</h2>
        <FigureTable
          caption={t("satisfaction.trend")}
          columns={[t("satisfaction.day"), ...columns]}
          rows={d.trend.map((r) => [r.day, ...cells(r)])}
        />
      </Card>
      <Card className="flex flex-col gap-6 p-4 md:p-5">
        {table(t("satisfaction.byMethod"), t("columns.method"), d.methods)}
        {table(t("satisfaction.byStore"), t("satisfaction.store"), d.stores)}
        {table(t("satisfaction.byCashier"), t("satisfaction.cashier"), d.cashiers)}
      </Card>
    </div>
  );
}

"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { useFormatter, useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { Money } from "@/app/_components/money";
import { Card } from "@/app/_components/ui/card";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import { minorToMajorString } from "@/server/money/currency";
import type { toFilters } from "../_lib/search-params";
import { FigureChart } from "./figure-chart";
import { FigureTable, Section, usePercent } from "./shared";

export function OverviewView({ filters }: { filters: ReturnType<typeof toFilters> }) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const percent = usePercent();
  const format = useFormatter();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const q = useQuery(trpc.analytics.overview.queryOptions(filters));
  if (q.error) return <p role="alert">{errorMessage(q.error)}</p>;
  if (!q.data) return <Skeleton className="h-64" />;
  const { figures: f, changes, currency } = q.data;
  const money = (m: bigint | null) => (m === null ? "—" : <Money minor={m} currency={currency} />);
  const cards = [
    ["gmv", money(f.gmvMinor), changes.gmvMinor],
    ["paidOrders", format.number(f.paidOrders), changes.paidOrders],
    ["conversion", percent(f.conversion), changes.conversion],
    ["fees", money(f.feeMinor), changes.feeMinor],
    ["refunded", money(f.refundedMinor), changes.refundedMinor],
    [
      "effectiveRate",
      f.effectiveFeeBps === null ? "—" : percent(f.effectiveFeeBps / 10000, 2),
      changes.effectiveFeeBps,
    ],
    ["net", money(f.netMinor), changes.netMinor],
    ["averageTicket", money(f.averageTicketMinor), changes.averageTicketMinor],
    ["refundRate", percent(f.refundRate), changes.refundRate],
  ] as const;
  const chart = q.data.trend.map((d) => ({
    day: d.day.slice(5),
    gmv: Number(minorToMajorString(d.gmvMinor, currency)),
  }));

  return (
    <div className="flex flex-col gap-6">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {cards.map(([key, value, delta]) => (
          <Card key={key} className="flex flex-col gap-1 p-4">
            <dt className="text-muted-foreground text-sm">{t(`figures.${key}`)}</dt>
            <dd className="text-xl font-semibold tabular-nums">{value}</dd>
            <dd className="text-muted-foreground text-xs">
              {delta === null
                ? t("figures.noPrevious")
                : t("figures.vsPrevious", {
                    change: format.number(delta, {
                      style: "percent",
                      maximumFractionDigits: 1,
                      signDisplay: "exceptZero",
                    }),
                  })}
            </dd>
          </Card>
        ))}
      </dl>
      <p className="text-muted-foreground -mt-3 text-sm">{t("figures.help")}</p>
      <p className="text-muted-foreground text-sm">{t("figures.splitBills")}</p>
      <Section title={t("trend")} table="trend" filters={filters}>
        {chart.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("empty")}</p>
        ) : (
          <>
            <div className="h-64" aria-hidden>
              <FigureChart
                data={chart}
                xKey="day"
                yWidth={60}
                bars={[{ key: "gmv", name: t("columns.gmv"), fill: "var(--color-primary)" }]}
                formatValue={(v) =>
                  new Intl.NumberFormat(locale, { style: "currency", currency }).format(v)
                }
              />
            </div>
            <FigureTable
              caption={t("chartTable")}
              columns={[
                t("columns.day"),
                t("columns.ordersOffered"),
                t("columns.paidOrders"),
                t("columns.conversion"),
                t("columns.gmv"),
                t("columns.fees"),
                t("columns.refunded"),
                t("columns.net"),
              ]}
              rows={q.data.trend.map((d) => [
                d.day,
                format.number(d.ordersOffered),
                format.number(d.paidOrders),
                percent(d.conversion),
                money(d.gmvMinor),
                money(d.feeMinor),
                money(d.refundedMinor),
                money(d.netMinor),
              ])}
            />
          </>
        )}
      </Section>
      <Section title={t("byStore")} table="stores" filters={filters}>
        {q.data.stores.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("empty")}</p>
        ) : (
          <FigureTable
            caption={t("byStore")}
            columns={[
              t("columns.store"),
              t("columns.paidOrders"),
              t("columns.gmv"),
              t("columns.fees"),
              t("columns.refunds"),
              t("columns.refunded"),
              t("columns.refundRate"),
              t("columns.feesReturned"),
              t("columns.net"),
            ]}
            rows={q.data.stores.map((r) => [
              r.store,
              format.number(r.paidOrders),
              money(r.gmvMinor),
              money(r.feeMinor),
              format.number(r.refunds),
              money(r.refundedMinor),
              percent(r.refundRate),
              money(r.refundFeeMinor),
              money(r.netMinor),
            ])}
          />
        )}
      </Section>
    </div>
  );
}

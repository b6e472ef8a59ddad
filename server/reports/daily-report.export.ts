import { defineExport } from "@/server/exports/export-route.service";
import { money, type ExportColumn, type Money } from "@/server/exports/export.logic";
import type { Translate } from "@/server/http/locale";
import { readsDailyReport } from "@/server/auth/roles.logic";
import { dailyReportInput } from "./daily-report.schema";
import { dailyReport, type DailyReport } from "./daily-report.service";

/** One line of the report as a file: a section, what it counts, in which currency, how much. */
interface ReportLine {
  section: string;
  item: string;
  currency: string | null;
  count: number | null;
  amount: Money | null;
}

/** The report flattened into lines, in the order the page shows it. */
export function reportLines(r: DailyReport, t: Translate): ReportLine[] {
  const d = (key: string) => t(`reports.daily.${key}`);
  const line = (
    section: string,
    item: string,
    count: number | null,
    amount: Money | null = null,
  ): ReportLine => ({ section, item, currency: amount?.currency ?? null, count, amount });
  const o = r.orders;
  return [
    line(d("orders"), d("ordersCreated"), o.created),
    line(d("orders"), d("ordersPaid"), o.paid),
    line(d("orders"), d("ordersCancelled"), o.cancelled),
    line(d("orders"), d("ordersExpired"), o.expired),
    line(d("orders"), d("ordersOpen"), o.open),
    ...r.currencies.flatMap((c) => {
      const m = (minor: bigint) => money(minor, c.currency);
      return [
        ...c.payments.map((p) => line(d("payments"), p.label, p.count, m(p.amountMinor))),
        ...c.payments.map((p) => line(d("fees"), p.label, null, m(p.feeMinor))),
        ...c.refunds.map((x) => line(d("refunds"), x.label, x.count, m(x.amountMinor))),
        ...c.refunds.map((x) => line(d("feesReturned"), x.label, null, m(x.feeMinor))),
        line(d("summary"), d("gross"), c.paymentCount, m(c.grossMinor)),
        line(d("summary"), d("refunded"), c.refundCount, m(c.refundMinor)),
        line(d("summary"), d("fees"), null, m(c.feeMinor)),
        line(d("summary"), d("feesReturned"), null, m(c.feeReturnedMinor)),
        line(d("summary"), d("netFees"), null, m(c.netFeeMinor)),
        line(d("summary"), d("net"), null, m(c.netMinor)),
        line(
          d("vouchers"),
          d("vouchersIssuedValue"),
          c.vouchersIssued,
          m(c.vouchersIssuedValueMinor),
        ),
        line(d("cash"), d("cashTaken"), null, m(c.cash.takenMinor)),
        line(d("cash"), d("cashRefunded"), null, m(c.cash.refundedMinor)),
        line(d("cash"), d("cashPaidOut"), null, m(c.cash.paidOutMinor)),
        line(d("cash"), d("cashNet"), null, m(c.cash.netMinor)),
        line(d("cash"), d("cashCounted"), c.cash.shiftsClosed, m(c.cash.countedMinor)),
        line(d("cash"), d("cashDifference"), c.cash.shiftsClosed, m(c.cash.differenceMinor)),
      ];
    }),
    line(d("vouchers"), d("vouchersIssued"), r.vouchers.issued),
    line(d("vouchers"), d("vouchersRedeemed"), r.vouchers.redeemed),
    line(d("failures"), d("failuresCount"), r.failures.count),
    line(d("failures"), d("failuresRecovered"), r.failures.recovered),
  ];
}

/** The day's report as CSV or XLSX, with the page's filters (day, store). */
export const dailyReportExport = defineExport({
  roles: readsDailyReport,
  query: dailyReportInput,
  async open(scope, input) {
    const report = await dailyReport(scope.db, scope.merchantId, input);
    const h = (key: string) => scope.t(`reports.daily.columns.${key}`);
    const columns: ExportColumn<ReportLine>[] = [
      { header: h("section"), value: (l) => l.section },
      { header: h("item"), value: (l) => l.item },
      { header: h("currency"), value: (l) => l.currency },
      { header: h("count"), value: (l) => l.count },
      { header: h("amount"), value: (l) => l.amount },
    ];
    const lines = reportLines(report, scope.t);
    return {
      name: `daily-report-${input.day}${input.storeId ? `-${input.storeId.slice(0, 8)}` : ""}`,
      columns,
      pages: (async function* () {
        yield lines;
      })(),
    };
  },
});

import type { Translate } from "@/server/http/locale";
import { formatMinor } from "@/server/money/currency";
import type { CurrencyFigures } from "./daily-report.logic";
import type { DailyReport } from "./daily-report.service";

/**
 * The day's report as plain text, in the reader's language: the e-mail's body. Each currency
 * on its own block; a line per method, padded so the amounts line up in a fixed-width font.
 */
export function dailyReportText(report: DailyReport, t: Translate, locale: string): string {
  const m = (minor: bigint, currency: string) => formatMinor(minor, currency, locale);
  const row = (label: string, count: number | string, amount: string) =>
    `  ${label.padEnd(24)} ${String(count).padStart(5)}  ${amount.padStart(14)}`;
  const block = (c: CurrencyFigures) => [
    `${t("reports.daily.currency")}: ${c.currency}`,
    t("reports.daily.payments"),
    ...c.payments.map((p) => row(p.label, p.count, m(p.amountMinor, c.currency))),
    row(t("reports.daily.total"), c.paymentCount, m(c.grossMinor, c.currency)),
    t("reports.daily.refunds"),
    ...c.refunds.map((r) => row(r.label, r.count, m(r.amountMinor, c.currency))),
    row(t("reports.daily.total"), c.refundCount, m(c.refundMinor, c.currency)),
    row(t("reports.daily.fees"), "", m(c.feeMinor, c.currency)),
    row(t("reports.daily.feesReturned"), "", m(c.feeReturnedMinor, c.currency)),
    row(t("reports.daily.net"), "", m(c.netMinor, c.currency)),
    row(
      t("reports.daily.vouchersIssued"),
      c.vouchersIssued,
      m(c.vouchersIssuedValueMinor, c.currency),
    ),
    t("reports.daily.cash"),
    row(t("reports.daily.cashTaken"), "", m(c.cash.takenMinor, c.currency)),
    row(t("reports.daily.cashRefunded"), "", m(c.cash.refundedMinor, c.currency)),
    row(t("reports.daily.cashPaidOut"), "", m(c.cash.paidOutMinor, c.currency)),
    row(t("reports.daily.cashNet"), "", m(c.cash.netMinor, c.currency)),
    ...(c.cash.shiftsClosed > 0
      ? [
          row(
            t("reports.daily.cashCounted"),
            c.cash.shiftsClosed,
            m(c.cash.countedMinor, c.currency),
          ),
          row(
            t("reports.daily.cashDifference"),
            c.cash.shiftsClosed,
            m(c.cash.differenceMinor, c.currency),
          ),
        ]
      : []),
    "",
  ];
  const o = report.orders;
  return [
    t("reports.daily.heading", {
      shop: report.shopName,
      store: report.storeName ?? t("reports.daily.allStores"),
      day: report.day,
    }),
    "",
    t("reports.daily.ordersLine", {
      created: o.created,
      paid: o.paid,
      cancelled: o.cancelled,
      expired: o.expired,
      open: o.open,
    }),
    t("reports.daily.vouchersLine", {
      issued: report.vouchers.issued,
      redeemed: report.vouchers.redeemed,
    }),
    t("reports.daily.failuresLine", {
      count: report.failures.count,
      recovered: report.failures.recovered,
    }),
    "",
    ...(report.currencies.length === 0 ? [t("reports.daily.noMoney"), ""] : []),
    ...report.currencies.flatMap(block),
  ].join("\n");
}

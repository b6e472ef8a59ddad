import { addDays, localDate, localDayStart, localTimestamp } from "@/server/time/local-date.logic";

/** One method's money in one currency over the day: payments taken, or refunds given back. */
export interface MethodMoney {
  methodId: string;
  label: string;
  kind: string;
  currency: string;
  count: number;
  amountMinor: bigint;
  /** Payments: the fees charged; refunds: the part of those fees the provider gave back. */
  feeMinor: bigint;
}

/**
 * The cash in the drawer that the day accounts for: cash taken, cash given back and cash paid
 * out of drawers (shifts, 交班), and the counts of the shifts closed that day.
 */
export interface CashPosition {
  takenMinor: bigint;
  refundedMinor: bigint;
  paidOutMinor: bigint;
  /** Taken − refunded − paid out. */
  netMinor: bigint;
  shiftsClosed: number;
  /** What the shifts closed that day counted, and how far that was over (+) or short (−). */
  countedMinor: bigint;
  differenceMinor: bigint;
}

/** One currency's drawer figures of the day, from the shifts (交班). */
export interface DrawerFigures {
  currency: string;
  paidOutMinor: bigint;
  shiftsClosed: number;
  countedMinor: bigint;
  differenceMinor: bigint;
}

/** Everything of one currency: never added to another currency's figures. */
export interface CurrencyFigures {
  currency: string;
  payments: MethodMoney[];
  refunds: MethodMoney[];
  paymentCount: number;
  grossMinor: bigint;
  feeMinor: bigint;
  refundCount: number;
  refundMinor: bigint;
  /** Fees returned with the day's refunds. */
  feeReturnedMinor: bigint;
  /** Fees charged net of those returned: what the providers kept for the day. */
  netFeeMinor: bigint;
  /** Gross − refunds − net fees. */
  netMinor: bigint;
  vouchersIssued: number;
  vouchersIssuedValueMinor: bigint;
  cash: CashPosition;
}

/** The instants a shop-local day spans, [start, end): midnight to midnight in the shop's zone. */
export function dayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  return { start: localDayStart(day, timeZone), end: localDayStart(addDays(day, 1), timeZone) };
}

/** The page's default: yesterday, the last whole day (a day report of today is only "so far"). */
export function defaultReportDay(now: Date, timeZone: string): string {
  return addDays(localDate(now, timeZone), -1);
}

const sum = (rows: MethodMoney[], pick: (r: MethodMoney) => bigint) =>
  rows.reduce((n, r) => n + pick(r), 0n);

/**
 * The per-currency figures from the day's money by method and its issued vouchers: each
 * currency on its own (a shop taking CNY and HKD gets two columns of figures, never a sum).
 */
export function figuresByCurrency(
  payments: MethodMoney[],
  refunds: MethodMoney[],
  vouchers: { currency: string; count: number; valueMinor: bigint }[],
  drawers: DrawerFigures[] = [],
): CurrencyFigures[] {
  const currencies = [
    ...new Set([...payments, ...refunds, ...vouchers, ...drawers].map((r) => r.currency)),
  ].sort();
  return currencies.map((currency) => {
    const paid = payments.filter((p) => p.currency === currency);
    const back = refunds.filter((r) => r.currency === currency);
    const issued = vouchers.find((v) => v.currency === currency);
    const grossMinor = sum(paid, (p) => p.amountMinor);
    const feeMinor = sum(paid, (p) => p.feeMinor);
    const refundMinor = sum(back, (r) => r.amountMinor);
    const feeReturnedMinor = sum(back, (r) => r.feeMinor);
    const netFeeMinor = feeMinor - feeReturnedMinor;
    return {
      currency,
      payments: paid,
      refunds: back,
      paymentCount: paid.reduce((n, p) => n + p.count, 0),
      grossMinor,
      feeMinor,
      refundCount: back.reduce((n, r) => n + r.count, 0),
      refundMinor,
      feeReturnedMinor,
      netFeeMinor,
      netMinor: grossMinor - refundMinor - netFeeMinor,
      vouchersIssued: issued?.count ?? 0,
      vouchersIssuedValueMinor: issued?.valueMinor ?? 0n,
      cash: cashPosition(
        paid,
        back,
        drawers.find((d) => d.currency === currency),
      ),
    };
  });
}

/** Cash taken less cash given back and paid out, from one currency's rows and drawers. */
export function cashPosition(
  payments: MethodMoney[],
  refunds: MethodMoney[],
  drawer?: DrawerFigures,
): CashPosition {
  const cash = (r: MethodMoney) => r.kind === "cash";
  const takenMinor = sum(payments.filter(cash), (p) => p.amountMinor);
  const refundedMinor = sum(refunds.filter(cash), (r) => r.amountMinor);
  const paidOutMinor = drawer?.paidOutMinor ?? 0n;
  return {
    takenMinor,
    refundedMinor,
    paidOutMinor,
    netMinor: takenMinor - refundedMinor - paidOutMinor,
    shiftsClosed: drawer?.shiftsClosed ?? 0,
    countedMinor: drawer?.countedMinor ?? 0n,
    differenceMinor: drawer?.differenceMinor ?? 0n,
  };
}

/**
 * The day whose report the e-mail carries at `now`, or null when none is due yet: from the
 * owner's hour (in the shop's zone) on, the report of the day before. Checked every few
 * minutes, so a server down at that hour sends it when it is back, the same day.
 */
export function dueReportDay(now: Date, timeZone: string, hour: number): string | null {
  // The wall clock's hour, not midnight + hours: a DST day has 23 or 25 of them.
  const wall = localTimestamp(now, timeZone);
  return Number(wall.slice(11, 13)) >= hour ? addDays(wall.slice(0, 10), -1) : null;
}

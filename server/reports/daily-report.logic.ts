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
 * The cash in the drawer that the day's payments and refunds account for. Shifts (交班) will
 * add their paid-outs and counted floats here: `shift` stays null until they exist, and the
 * report shows it only when set.
 */
export interface CashPosition {
  takenMinor: bigint;
  refundedMinor: bigint;
  /** Taken − refunded (− paid-outs, once shifts report them). */
  netMinor: bigint;
  shift: ShiftCashFigures | null;
}

/** What a shift (交班) will add to the cash position: paid-outs and what was counted. */
export interface ShiftCashFigures {
  paidOutMinor: bigint;
  countedMinor: bigint | null;
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
): CurrencyFigures[] {
  const currencies = [
    ...new Set([...payments, ...refunds, ...vouchers].map((r) => r.currency)),
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
      cash: cashPosition(paid, back),
    };
  });
}

/** Cash taken less cash given back, from the day's money by method (one currency's rows). */
export function cashPosition(payments: MethodMoney[], refunds: MethodMoney[]): CashPosition {
  const cash = (r: MethodMoney) => r.kind === "cash";
  const takenMinor = sum(payments.filter(cash), (p) => p.amountMinor);
  const refundedMinor = sum(refunds.filter(cash), (r) => r.amountMinor);
  return { takenMinor, refundedMinor, netMinor: takenMinor - refundedMinor, shift: null };
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

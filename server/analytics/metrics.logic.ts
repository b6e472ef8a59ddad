import { computeFee, effectiveRateBps, type FeeRule } from "@/server/payments/fee.logic";

/** A share as a fraction 0–1, or null when there is nothing to divide by (shown as "—", not 0 %). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The figures of one period, summed from the roll-ups (one currency). */
export interface PeriodTotals {
  ordersOffered: number;
  paidOrders: number;
  attempts: number;
  failures: number;
  /** What customers paid: after promotion discounts, which are never takings. */
  grossMinor: bigint;
  feeMinor: bigint;
  /** Promotion discounts on the paid orders (server/promotions): their cost to the shop. */
  discountMinor: bigint;
  /** Refunds that succeeded, of this period's takings (a duplicate payment's left out). */
  refunds: number;
  refundMinor: bigint;
  /** The fees providers gave back with those refunds. */
  refundFeeMinor: bigint;
}

export const emptyTotals: PeriodTotals = {
  ordersOffered: 0,
  paidOrders: 0,
  attempts: 0,
  failures: 0,
  grossMinor: 0n,
  feeMinor: 0n,
  discountMinor: 0n,
  refunds: 0,
  refundMinor: 0n,
  refundFeeMinor: 0n,
};

/**
 * Net revenue: takings, less the fees charged and the amounts refunded, plus the part of
 * those fees the providers gave back with the refunds (each method's refund fee rule).
 */
export function netRevenue(t: PeriodTotals): bigint {
  return t.grossMinor - t.feeMinor - t.refundMinor + t.refundFeeMinor;
}

/**
 * The refund rate, by amount: the share of the takings given back. Merchants mean money when
 * they speak of refunds (one large refund weighs more than two small ones), and the amount
 * is what net revenue loses. Null without takings.
 */
export function refundRate(t: Pick<PeriodTotals, "grossMinor" | "refundMinor">): number | null {
  return t.grossMinor > 0n ? Number(t.refundMinor) / Number(t.grossMinor) : null;
}

/**
 * What promotions cost on a method: the discounts given on its paid orders, and their share
 * of the full price those orders would have had (null without sales). GMV, and so net revenue,
 * is already after the discounts: the cost is shown beside them, never taken off twice.
 */
export function promotionFigures(t: Pick<PeriodTotals, "grossMinor" | "discountMinor">) {
  const fullPrice = t.grossMinor + t.discountMinor;
  return {
    promotionCostMinor: t.discountMinor,
    promotionCostRate: fullPrice > 0n ? Number(t.discountMinor) / Number(fullPrice) : null,
  };
}

/** The refund figures shown beside each other on every view: count, amount, rate, fees back, net. */
export function refundFigures(t: PeriodTotals) {
  return {
    refunds: t.refunds,
    refundedMinor: t.refundMinor,
    refundRate: refundRate(t),
    refundFeeMinor: t.refundFeeMinor,
    netMinor: netRevenue(t),
  };
}

/** The overview's key figures from a period's totals. */
export function keyFigures(t: PeriodTotals) {
  return {
    gmvMinor: t.grossMinor,
    paidOrders: t.paidOrders,
    /** Paid orders among orders offered a payment request. */
    conversion: ratio(t.paidOrders, t.ordersOffered),
    feeMinor: t.feeMinor,
    /** Fees against takings, in basis points (two decimals). */
    effectiveFeeBps: t.grossMinor > 0n ? effectiveRateBps(t.grossMinor, t.feeMinor) : null,
    averageTicketMinor: averageTicket(t.grossMinor, t.paidOrders),
    ...refundFigures(t),
  };
}
export type KeyFigures = ReturnType<typeof keyFigures>;

/** Takings per paid order, rounded half up to the minor unit; null without paid orders. */
export function averageTicket(grossMinor: bigint, paidOrders: number): bigint | null {
  if (paidOrders === 0) return null;
  const n = BigInt(paidOrders);
  return (grossMinor * 2n + n) / (2n * n);
}

/** Relative change from `previous` to `current` (0.25 = +25 %); null when there was nothing before. */
export function change(
  current: number | bigint | null,
  previous: number | bigint | null,
): number | null {
  if (current === null || previous === null) return null;
  const p = Number(previous);
  if (p === 0) return null;
  return (Number(current) - p) / Math.abs(p);
}

/**
 * Standard normal cumulative distribution, by the Abramowitz–Stegun 7.1.26 approximation of
 * erf (absolute error below 1.5 × 10⁻⁷, plenty for a p-value shown to three decimals).
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface ZTest {
  /** Conversion before and after. */
  p1: number;
  p2: number;
  z: number;
  /** Two-sided. */
  pValue: number;
}

/**
 * Two-proportion z-test with the pooled proportion: did conversion change between two
 * windows (x successes of n in each)? Null when either window is empty or the pooled
 * proportion is 0 or 1 (no variance: nothing to test).
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 === 0 || n2 === 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return null;
  const z = (p2 - p1) / se;
  return { p1, p2, z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

export type Verdict = "tooThin" | "noClearChange" | "better" | "worse";

/**
 * The plain-language reading of a before/after test. The normal approximation behind the
 * z-test needs at least 5 successes and 5 failures in each window (the usual rule of thumb);
 * below that, or without a test, we say the data is too thin rather than guess.
 */
export function verdict(x1: number, n1: number, x2: number, n2: number, alpha = 0.05): Verdict {
  const enough = (x: number, n: number) => x >= 5 && n - x >= 5;
  const test = twoProportionZTest(x1, n1, x2, n2);
  if (!test || !enough(x1, n1) || !enough(x2, n2)) return "tooThin";
  if (test.pValue >= alpha) return "noClearChange";
  return test.z > 0 ? "better" : "worse";
}

/** Payments of one exact amount, as the amount roll-up holds them. */
export interface AmountBucket {
  amountMinor: bigint;
  payments: number;
  feeMinor: bigint;
}

/**
 * What a set of payments cost and would have cost under `rule`, re-priced transaction by
 * transaction (the rule's minimum, maximum and rounding apply to each payment, not the total).
 */
export function reprice(buckets: AmountBucket[], rule: FeeRule) {
  let actualMinor = 0n;
  let repricedMinor = 0n;
  let grossMinor = 0n;
  let payments = 0;
  for (const b of buckets) {
    const n = BigInt(b.payments);
    actualMinor += b.feeMinor;
    repricedMinor += computeFee(b.amountMinor, rule) * n;
    grossMinor += b.amountMinor * n;
    payments += b.payments;
  }
  return {
    payments,
    grossMinor,
    actualMinor,
    repricedMinor,
    differenceMinor: repricedMinor - actualMinor,
  };
}

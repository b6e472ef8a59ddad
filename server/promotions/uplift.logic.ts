import { merchantShareOf } from "./pricing.logic";

/*
 * Did a promotion pay for itself? Pure arithmetic over daily figures, honest about noise:
 *
 * - Before/after: the promoted methods' conversion (paid ÷ offered) and share of paid orders
 *   on the promotion's days, against the same weekdays and local hours in the weeks before it.
 * - Difference-in-differences: the same change for the methods without the promotion over the
 *   same days is subtracted, so a busy season lifting every method is not credited to it.
 *   Per day d: gap(d) = conversion(promoted) − conversion(others); the estimate is
 *   mean(gap during) − mean(gap before), with a 95 % interval from the normal approximation
 *   over days: ± 1.96 · √(s²_during / n_during + s²_before / n_before).
 * - "Too thin to say" when either window has fewer than `minDays` days with both sides
 *   offered, or fewer than `minOffered` promoted offers, as the before/after study refuses
 *   to read too few payments (server/analytics/metrics.logic.ts verdict).
 * - Net effect: extra paid orders = estimate × promoted offers during; extra takings = those
 *   orders × the promoted methods' average ticket during; less the fees on them at the
 *   methods' effective rate, less the merchant's share of the discounts. The interval's ends
 *   carried through the same sums give the net effect's range.
 */

export interface DayFigures {
  /** Orders offered the method(s) that day (first request on that method). */
  offered: number;
  paid: number;
  grossMinor: bigint;
  feeMinor: bigint;
  discountMinor: bigint;
}

export interface UpliftDay {
  day: string;
  phase: "before" | "during";
  promoted: DayFigures;
  others: DayFigures;
}

export type UpliftVerdict = "tooThin" | "noClearChange" | "better" | "worse";

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface UpliftReport {
  days: { before: number; during: number };
  /** Sums over each window. */
  promoted: { before: DayFigures; during: DayFigures };
  others: { before: DayFigures; during: DayFigures };
  conversion: {
    promotedBefore: number | null;
    promotedDuring: number | null;
    othersBefore: number | null;
    othersDuring: number | null;
  };
  share: { before: number | null; during: number | null };
  /** Difference-in-differences of daily conversion, in points of probability (0.05 = 5 points); null when too thin. */
  effect: Interval | null;
  /** The share of paid orders, during minus before, with its interval over days. */
  shareChange: Interval | null;
  verdict: UpliftVerdict;
  costMinor: bigint;
  merchantCostMinor: bigint;
  /** Net effect for the merchant in minor units: estimate and the interval's ends; null when too thin. */
  net: { estimateMinor: bigint; lowMinor: bigint; highMinor: bigint } | null;
}

const zero = (): DayFigures => ({
  offered: 0,
  paid: 0,
  grossMinor: 0n,
  feeMinor: 0n,
  discountMinor: 0n,
});

function add(a: DayFigures, b: DayFigures): DayFigures {
  return {
    offered: a.offered + b.offered,
    paid: a.paid + b.paid,
    grossMinor: a.grossMinor + b.grossMinor,
    feeMinor: a.feeMinor + b.feeMinor,
    discountMinor: a.discountMinor + b.discountMinor,
  };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function meanAndVariance(xs: readonly number[]) {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

/** mean(during) − mean(before) with a 95 % normal interval; null below two values a side. */
export function meanDifference(
  before: readonly number[],
  during: readonly number[],
  z = 1.959964,
): Interval | null {
  if (before.length < 2 || during.length < 2) return null;
  const b = meanAndVariance(before);
  const d = meanAndVariance(during);
  const se = Math.sqrt(d.variance / during.length + b.variance / before.length);
  const estimate = d.mean - b.mean;
  return { estimate, low: estimate - z * se, high: estimate + z * se };
}

export interface UpliftOptions {
  providerShareBps: number;
  /** The promotion's own spend, when known exactly (its budget row); else the promoted methods' discounts. */
  costMinor?: bigint;
  minDays?: number;
  minOffered?: number;
}

export function upliftReport(days: readonly UpliftDay[], options: UpliftOptions): UpliftReport {
  const minDays = options.minDays ?? 5;
  const minOffered = options.minOffered ?? 30;
  const sum = (phase: UpliftDay["phase"], side: "promoted" | "others") =>
    days.filter((d) => d.phase === phase).reduce((s, d) => add(s, d[side]), zero());
  const promoted = { before: sum("before", "promoted"), during: sum("during", "promoted") };
  const others = { before: sum("before", "others"), during: sum("during", "others") };
  // Days both sides were offered at all: a gap needs two conversions.
  const usable = days.filter((d) => d.promoted.offered > 0 && d.others.offered > 0);
  const gaps = (phase: UpliftDay["phase"]) =>
    usable
      .filter((d) => d.phase === phase)
      .map((d) => d.promoted.paid / d.promoted.offered - d.others.paid / d.others.offered);
  const shares = (phase: UpliftDay["phase"]) =>
    days
      .filter((d) => d.phase === phase && d.promoted.paid + d.others.paid > 0)
      .map((d) => d.promoted.paid / (d.promoted.paid + d.others.paid));
  const before = gaps("before");
  const during = gaps("during");
  const thin =
    before.length < minDays ||
    during.length < minDays ||
    promoted.before.offered < minOffered ||
    promoted.during.offered < minOffered;
  const effect = thin ? null : meanDifference(before, during);
  const shareChange = thin ? null : meanDifference(shares("before"), shares("during"));
  const verdict: UpliftVerdict =
    effect === null || !Number.isFinite(effect.low)
      ? "tooThin"
      : effect.low > 0
        ? "better"
        : effect.high < 0
          ? "worse"
          : "noClearChange";
  const costMinor = options.costMinor ?? promoted.during.discountMinor;
  const merchantCostMinor = merchantShareOf(costMinor, options.providerShareBps);
  return {
    days: { before: before.length, during: during.length },
    promoted,
    others,
    conversion: {
      promotedBefore: rate(promoted.before.paid, promoted.before.offered),
      promotedDuring: rate(promoted.during.paid, promoted.during.offered),
      othersBefore: rate(others.before.paid, others.before.offered),
      othersDuring: rate(others.during.paid, others.during.offered),
    },
    share: {
      before: rate(promoted.before.paid, promoted.before.paid + others.before.paid),
      during: rate(promoted.during.paid, promoted.during.paid + others.during.paid),
    },
    effect: verdict === "tooThin" ? null : effect,
    shareChange,
    verdict,
    costMinor,
    merchantCostMinor,
    net:
      verdict === "tooThin" || effect === null
        ? null
        : netEffect(effect, promoted.during, merchantCostMinor),
  };
}

/** What `effect` (a change in conversion) is worth to the merchant, after fees and its share of the discounts. */
function netEffect(effect: Interval, during: DayFigures, merchantCostMinor: bigint) {
  const ticket = during.paid > 0 ? Number(during.grossMinor) / during.paid : 0;
  const feeRate = during.grossMinor > 0n ? Number(during.feeMinor) / Number(during.grossMinor) : 0;
  const worth = (conversionChange: number) =>
    BigInt(Math.round(conversionChange * during.offered * ticket * (1 - feeRate))) -
    merchantCostMinor;
  return {
    estimateMinor: worth(effect.estimate),
    lowMinor: worth(effect.low),
    highMinor: worth(effect.high),
  };
}

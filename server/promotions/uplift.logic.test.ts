import { describe, expect, it } from "vitest";
import { seededRng } from "@/server/demo/history.logic";
import { meanDifference, upliftReport, type DayFigures, type UpliftDay } from "./uplift.logic";

/** `offered` orders each paying with probability `p`, a 20.00 ticket, 0.6 % fee. */
function draw(next: () => number, offered: number, p: number, discountMinor = 0n): DayFigures {
  let paid = 0;
  for (let i = 0; i < offered; i++) if (next() < p) paid++;
  const grossMinor = BigInt(paid) * 2000n;
  return { offered, paid, grossMinor, feeMinor: (grossMinor * 6n) / 1000n, discountMinor };
}

/** 14 days before and 14 during, conversions per side and phase; a season lifts both sides during. */
function synthetic(
  seed: string,
  rates: {
    promotedBefore: number;
    promotedDuring: number;
    othersBefore: number;
    othersDuring: number;
  },
  days = 14,
): UpliftDay[] {
  const rng = seededRng(seed);
  const next = () => rng.float();
  const out: UpliftDay[] = [];
  for (let i = 0; i < days * 2; i++) {
    const phase = i < days ? "before" : "during";
    out.push({
      day: `d${i}`,
      phase,
      promoted: draw(
        next,
        120,
        phase === "before" ? rates.promotedBefore : rates.promotedDuring,
        phase === "during" ? 5000n : 0n,
      ),
      others: draw(next, 150, phase === "before" ? rates.othersBefore : rates.othersDuring),
    });
  }
  return out;
}

describe("promotion uplift", () => {
  const withEffect = {
    promotedBefore: 0.6,
    promotedDuring: 0.8,
    othersBefore: 0.7,
    othersDuring: 0.75,
  };
  const withoutEffect = { ...withEffect, promotedDuring: 0.65 };

  it("finds a known effect within its interval, net of a season that lifted every method", () => {
    // True difference-in-differences: (0.80 − 0.60) − (0.75 − 0.70) = 0.15. A 95 % interval
    // misses now and then by design: over 100 synthetic promotions it holds the truth in
    // about 95, and always says the promotion did better.
    const reports = Array.from({ length: 100 }, (_, i) =>
      upliftReport(synthetic(`effect-${i}`, withEffect), { providerShareBps: 0 }),
    );
    const covered = reports.filter((r) => r.effect!.low <= 0.15 && r.effect!.high >= 0.15);
    expect(covered.length).toBeGreaterThanOrEqual(90);
    expect(reports.every((r) => r.verdict === "better")).toBe(true);
    const mean = reports.reduce((s, r) => s + r.effect!.estimate, 0) / reports.length;
    expect(mean).toBeCloseTo(0.15, 2);
    // The naive before/after would have credited the season too (0.20).
    const naive = reports[0]!.conversion.promotedDuring! - reports[0]!.conversion.promotedBefore!;
    expect(naive).toBeGreaterThan(0.17);
    expect(reports[0]!.share.during!).toBeGreaterThan(reports[0]!.share.before!);
  });

  it("puts the interval around zero when the promotion changed nothing", () => {
    const reports = Array.from({ length: 100 }, (_, i) =>
      upliftReport(synthetic(`none-${i}`, withoutEffect), { providerShareBps: 0 }),
    );
    const aroundZero = reports.filter((r) => r.effect!.low < 0 && r.effect!.high > 0);
    expect(aroundZero.length).toBeGreaterThanOrEqual(90);
    expect(aroundZero.every((r) => r.verdict === "noClearChange")).toBe(true);
    // Nothing gained, the discounts paid: the net effect's range includes a loss.
    expect(aroundZero.every((r) => r.net!.lowMinor < 0n)).toBe(true);
  });

  it("says it is too thin to say with too few days or offers", () => {
    const few = synthetic(
      "t",
      {
        promotedBefore: 0.6,
        promotedDuring: 0.9,
        othersBefore: 0.7,
        othersDuring: 0.7,
      },
      3,
    );
    const report = upliftReport(few, { providerShareBps: 0 });
    expect(report.verdict).toBe("tooThin");
    expect(report.effect).toBeNull();
    expect(report.net).toBeNull();
    // The sums are still shown: cost, orders and takings of the days there are.
    expect(report.costMinor).toBe(3n * 5000n);
    const quiet = synthetic("q", {
      promotedBefore: 0.6,
      promotedDuring: 0.9,
      othersBefore: 0.7,
      othersDuring: 0.7,
    }).map((d) => ({ ...d, promoted: { ...d.promoted, offered: 1, paid: 1 } }));
    expect(upliftReport(quiet, { providerShareBps: 0 }).verdict).toBe("tooThin");
  });

  it("values the effect after fees and the merchant's share of the discounts", () => {
    const flat = (phase: "before" | "during", promotedPaid: number): UpliftDay => ({
      day: phase,
      phase,
      promoted: {
        offered: 100,
        paid: promotedPaid,
        grossMinor: BigInt(promotedPaid) * 2000n,
        feeMinor: BigInt(promotedPaid) * 20n, // 1 %
        discountMinor: phase === "during" ? 10_000n : 0n,
      },
      others: { offered: 100, paid: 70, grossMinor: 140_000n, feeMinor: 0n, discountMinor: 0n },
    });
    const days = [
      ...Array.from({ length: 5 }, () => flat("before", 60)),
      ...Array.from({ length: 5 }, () => flat("during", 70)),
    ];
    const report = upliftReport(days, { providerShareBps: 5000 });
    expect(report.effect!.estimate).toBeCloseTo(0.1, 10);
    expect(report.costMinor).toBe(50_000n);
    expect(report.merchantCostMinor).toBe(25_000n);
    // 0.1 × 500 offers = 50 more orders × 20.00 × 99 % = 99 000, less 25 000 of discounts.
    expect(report.net!.estimateMinor).toBe(99_000n - 25_000n);
  });

  it("takes the difference of means with a normal interval over days", () => {
    const d = meanDifference([1, 2, 3], [4, 5, 6])!;
    expect(d.estimate).toBe(3);
    // Each side: variance 1, n 3 → se √(2/3).
    expect(d.high - d.estimate).toBeCloseTo(1.959964 * Math.sqrt(2 / 3), 6);
    expect(meanDifference([1], [2, 3])).toBeNull();
  });
});

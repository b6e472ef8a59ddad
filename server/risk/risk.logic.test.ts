import { describe, expect, it } from "vitest";
import {
  isRepeatedFailure,
  isSignatureBurst,
  isUnusualAmount,
  median,
  outsideOpeningHours,
  percentileOfCounts,
  staffThreshold,
  unusualAmountThreshold,
  velocityBursts,
} from "./risk.logic";
import { resolveSettings, riskRules, validParam } from "./risk-rules.logic";

const defaults = resolveSettings([]);

describe("rule settings", () => {
  it("run every rule enabled with its defaults when nothing was saved", () => {
    expect(defaults.unusual_amount).toEqual({
      enabled: true,
      params: { lookbackDays: 30, percentile: 95, factor: 3, minSample: 30 },
    });
    expect(defaults.signature_burst.params.perHour).toBe(riskRules.signature_burst.perHour.default);
  });

  it("take the saved numbers and fall back to the default for one out of range", () => {
    const s = resolveSettings([
      { rule: "payment_velocity", enabled: false, params: { windowMinutes: 5, attempts: 1 } },
    ]);
    expect(s.payment_velocity).toEqual({
      enabled: false,
      params: { windowMinutes: 5, attempts: 5 },
    });
  });

  it("accept fractions only for factors, and only within range", () => {
    expect(validParam("unusual_amount", "factor", 2.5)).toBe(true);
    expect(validParam("unusual_amount", "minSample", 2.5)).toBe(false);
    expect(validParam("unusual_amount", "factor", 0.5)).toBe(false);
    expect(validParam("unusual_amount", "nope", 3)).toBe(false);
    expect(validParam("signature_burst", "perHour", Number.NaN)).toBe(false);
  });
});

describe("unusual amount", () => {
  const params = defaults.unusual_amount.params;
  it("is above the store's percentile × factor, with enough history", () => {
    const threshold = unusualAmountThreshold({ orders: 30, percentileMinor: 10_000 }, params);
    expect(threshold).toBe(30_000n);
    expect(isUnusualAmount(30_001n, threshold)).toBe(true);
    expect(isUnusualAmount(30_000n, threshold)).toBe(false);
  });
  it("is never raised with fewer orders than the minimum sample", () => {
    const threshold = unusualAmountThreshold({ orders: 29, percentileMinor: 10 }, params);
    expect(threshold).toBeNull();
    expect(isUnusualAmount(10n ** 12n, threshold)).toBe(false);
  });
  it("rounds a fractional bar up", () => {
    expect(unusualAmountThreshold({ orders: 40, percentileMinor: 333.5 }, params)).toBe(1001n);
  });
});

describe("velocity", () => {
  const params = { windowMinutes: 10, attempts: 3 };
  const t0 = Date.parse("2026-12-01T10:00:00Z");
  const at = (min: number, subject = "a@x") => ({ subject, at: new Date(t0 + min * 60_000) });
  const from = new Date(t0);

  it("raises a contact reaching the count within the window, once for the window", () => {
    const bursts = velocityBursts([at(1), at(2), at(3), at(4), at(5)], [], from, params);
    expect(bursts).toEqual([
      {
        subject: "a@x",
        at: at(3).at,
        windowStart: new Date(t0 + 3 * 60_000 - 10 * 60_000),
        attempts: 3,
      },
    ]);
  });

  it("does not count requests further apart than the window", () => {
    expect(velocityBursts([at(1), at(11), at(21)], [], from, params)).toEqual([]);
    // exactly one window apart: the first has left the window
    expect(velocityBursts([at(1), at(6), at(11)], [], from, params)).toEqual([]);
  });

  it("counts the window before the pass but raises only requests after its start", () => {
    expect(velocityBursts([at(-3), at(-2), at(-1)], [], from, params)).toEqual([]);
    expect(velocityBursts([at(-3), at(-2), at(1)], [], from, params)).toHaveLength(1);
  });

  it("does not raise again while the last burst (of an earlier pass) is less than a window old", () => {
    const events = [at(-2), at(-1), at(0.5), at(2), at(9), at(12), at(13)];
    const previous = [at(-1)];
    const bursts = velocityBursts(events, previous, from, params);
    // at 9 the last hit (−1) is 10 minutes old: a new window; 12 and 13 fall in it
    expect(bursts.map((b) => b.at)).toEqual([at(9).at]);
  });

  it("keeps contacts apart", () => {
    const events = [at(1, "a"), at(2, "b"), at(3, "a"), at(4, "b"), at(5, "a")];
    expect(velocityBursts(events, [], from, params).map((b) => b.subject)).toEqual(["a"]);
  });
});

describe("repeated failures and signature bursts", () => {
  it("raise at the set count, not below", () => {
    expect(isRepeatedFailure(2, { failures: 3 })).toBe(false);
    expect(isRepeatedFailure(3, { failures: 3 })).toBe(true);
    expect(isSignatureBurst(19, { perHour: 20 })).toBe(false);
    expect(isSignatureBurst(20, { perHour: 20 })).toBe(true);
  });
});

describe("staff activity", () => {
  const params = defaults.staff_unusual_activity.params; // factor 3, minimum 5, minSample 10
  it("is more than factor × the store's median and at least the minimum", () => {
    expect(staffThreshold({ median: 1, cashierDays: 10 }, params)).toBe(5);
    expect(staffThreshold({ median: 4, cashierDays: 10 }, params)).toBe(13);
    expect(staffThreshold({ median: 1.5, cashierDays: 10 }, params)).toBe(5);
  });
  it("has no bar without enough cashier-days to tell the store's usual", () => {
    expect(staffThreshold({ median: 1, cashierDays: 9 }, params)).toBeNull();
  });
  it("medians", () => {
    expect(median([])).toBe(0);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("opening hours", () => {
  const week = [
    ["09:00-12:00", "13:00-18:00"],
    ["09:00-18:00"],
    ["09:00-18:00"],
    ["09:00-18:00"],
    ["09:00-18:00"],
    ["10:00-24:00"],
    [],
  ];
  const tz = "Asia/Shanghai";
  // 2026-11-30 is a Monday; 01:30 UTC is 09:30 in Shanghai.
  it("reads the shop's wall clock and weekday", () => {
    expect(outsideOpeningHours(new Date("2026-11-30T01:30:00Z"), week, tz)).toBe(false);
    expect(outsideOpeningHours(new Date("2026-11-30T04:30:00Z"), week, tz)).toBe(true); // 12:30 lunch
    expect(outsideOpeningHours(new Date("2026-11-30T00:59:00Z"), week, tz)).toBe(true); // 08:59
    expect(outsideOpeningHours(new Date("2026-11-30T10:00:00Z"), week, tz)).toBe(true); // 18:00 closed
  });
  it("treats a day without ranges as closed and a range to 24:00 as open till midnight", () => {
    expect(outsideOpeningHours(new Date("2026-12-06T04:00:00Z"), week, tz)).toBe(true); // Sunday
    expect(outsideOpeningHours(new Date("2026-12-05T15:59:00Z"), week, tz)).toBe(false); // Sat 23:59
  });
  it("never judges a store that gave no hours", () => {
    expect(outsideOpeningHours(new Date("2026-11-30T20:00:00Z"), null, tz)).toBe(false);
  });
});

describe("percentile of the amount roll-up", () => {
  it("is the nearest rank over payments counted by amount", () => {
    const buckets = [
      { amountMinor: 3000n, payments: 5 },
      { amountMinor: 1000n, payments: 90 },
      { amountMinor: 2000n, payments: 5 },
    ];
    expect(percentileOfCounts(buckets, 90)).toEqual({ orders: 100, percentileMinor: 1000 });
    expect(percentileOfCounts(buckets, 91)).toEqual({ orders: 100, percentileMinor: 2000 });
    expect(percentileOfCounts(buckets, 95)).toEqual({ orders: 100, percentileMinor: 2000 });
    expect(percentileOfCounts(buckets, 99)).toEqual({ orders: 100, percentileMinor: 3000 });
  });
  it("is nothing for no payments", () => {
    expect(percentileOfCounts([], 95)).toEqual({ orders: 0, percentileMinor: 0 });
  });
});

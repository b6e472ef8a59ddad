import { describe, expect, it } from "vitest";
import { computeFee, effectiveRateBps, feeRuleIn, type FeeRule } from "./fee.logic";

function rule(over: Partial<FeeRule> = {}): FeeRule {
  return { rateBps: 60, fixedMinor: 0n, minMinor: null, maxMinor: null, ...over };
}

describe("computeFee: rounding half up to the fen", () => {
  it.each([
    // 0.6 % (WeChat Pay / Alipay standard rate)
    [1n, 60, 0n], // 0.006 fen
    [83n, 60, 0n], // 0.498
    [84n, 60, 1n], // 0.504
    [249n, 60, 1n], // 1.494
    [250n, 60, 2n], // 1.5 exactly: half goes up
    [251n, 60, 2n], // 1.506
    [10_000n, 60, 60n],
    // 0.38 % (a preferential rate)
    [1333n, 38, 5n], // 5.0654
    [2499n, 38, 9n], // 9.4962
    [2500n, 38, 10n], // 9.5 exactly
    // 1 %: .5 boundaries either side
    [49n, 100, 0n], // 0.49
    [50n, 100, 1n], // 0.5
    [150n, 100, 2n], // 1.5
    // 2.9 % on 10.00 USD
    [1000n, 290, 29n],
    // 100 %
    [1234n, 10_000, 1234n],
  ])("%s minor at %s bp → %s", (amount, rateBps, expected) => {
    expect(computeFee(amount, rule({ rateBps }))).toBe(expected);
  });

  it("rounds the percentage part, then adds the fixed part", () => {
    expect(computeFee(150n, rule({ rateBps: 300, fixedMinor: 30n }))).toBe(35n); // 4.5 → 5, + 30
    expect(computeFee(150n, rule({ rateBps: 290, fixedMinor: 30n }))).toBe(34n); // 4.35 → 4, + 30
  });
});

describe("computeFee: fixed part and bounds", () => {
  it("adds the fixed part", () => {
    expect(computeFee(10_000n, rule({ rateBps: 290, fixedMinor: 30n }))).toBe(320n);
  });

  it("charges a rate of 0 as the fixed part alone, or nothing", () => {
    expect(computeFee(10_000n, rule({ rateBps: 0 }))).toBe(0n);
    expect(computeFee(10_000n, rule({ rateBps: 0, fixedMinor: 100n }))).toBe(100n);
  });

  it("raises a small fee to the minimum", () => {
    expect(computeFee(1000n, rule({ minMinor: 10n }))).toBe(10n); // 6 → 10
    expect(computeFee(5000n, rule({ minMinor: 10n }))).toBe(30n); // 30 is above it
  });

  it("lowers a large fee to the maximum", () => {
    expect(computeFee(1_000_000n, rule({ maxMinor: 2500n }))).toBe(2500n); // 6000 → 2500
    expect(computeFee(100_000n, rule({ maxMinor: 2500n }))).toBe(600n);
  });

  it("applies the maximum to the fixed part too", () => {
    expect(computeFee(1000n, rule({ rateBps: 0, fixedMinor: 500n, maxMinor: 200n }))).toBe(200n);
  });

  it("never charges more than the amount, even when the minimum or fixed part is larger", () => {
    expect(computeFee(5n, rule({ minMinor: 10n }))).toBe(5n);
    expect(computeFee(20n, rule({ rateBps: 290, fixedMinor: 30n }))).toBe(20n);
    expect(computeFee(1n, rule({ rateBps: 10_000, fixedMinor: 1n }))).toBe(1n);
  });

  it("never charges a negative fee", () => {
    expect(computeFee(1000n, rule({ rateBps: 0, fixedMinor: -50n }))).toBe(0n);
  });

  it("charges nothing on a zero amount, whatever the fixed part or minimum", () => {
    expect(computeFee(0n, rule({ fixedMinor: 30n, minMinor: 10n }))).toBe(0n);
  });
});

describe("computeFee: size and bad input", () => {
  it("is exact on amounts far beyond a float's integers", () => {
    // 10^15 yuan = 10^17 fen; 0.6 % = 6 × 10^14 fen exactly.
    expect(computeFee(10n ** 17n, rule())).toBe(6n * 10n ** 14n);
    // 10^15 + 1 fen at 38 bp: 3.8 × 10^12 + 0.0038 → 3 800 000 000 000.
    expect(computeFee(10n ** 15n + 1n, rule({ rateBps: 38 }))).toBe(3_800_000_000_000n);
    // 2^63 − 1 at 0.6 %: 55 340 232 221 128 654.842 → …655 (in floats: …660).
    expect(computeFee(9_223_372_036_854_775_807n, rule())).toBe(55_340_232_221_128_655n);
  });

  it("refuses a negative amount and a fractional or negative rate", () => {
    expect(() => computeFee(-1n, rule())).toThrow(RangeError);
    expect(() => computeFee(1000n, rule({ rateBps: 0.5 }))).toThrow(RangeError);
    expect(() => computeFee(1000n, rule({ rateBps: -1 }))).toThrow(RangeError);
    expect(() => computeFee(1000n, rule({ rateBps: Number.NaN }))).toThrow(RangeError);
  });
});

describe("effectiveRateBps", () => {
  it.each([
    [10_000n, 60n, 60],
    [1333n, 5n, 37.51], // 37.509…
    [3n, 1n, 3333.33],
    [6n, 1n, 1666.67], // 1666.666…
    [10_000n, 320n, 320],
    [200_000n, 1n, 0.05], // exactly .05
    [400_000n, 1n, 0.03], // 0.025 → half up
    [10_000n, 0n, 0],
  ])("%s with fee %s → %s bp", (amount, fee, expected) => {
    expect(effectiveRateBps(amount, fee)).toBe(expected);
  });

  it("is 0 when nothing was paid, rather than dividing by zero", () => {
    expect(effectiveRateBps(0n, 0n)).toBe(0);
    expect(effectiveRateBps(0n, 5n)).toBe(0);
  });

  it("mirrors payments for refunded (negative) totals", () => {
    expect(effectiveRateBps(-1333n, -5n)).toBe(37.51);
    expect(effectiveRateBps(1333n, -5n)).toBe(-37.51);
  });

  it("agrees with computeFee on what was charged", () => {
    const amount = 123_456n;
    expect(effectiveRateBps(amount, computeFee(amount, rule({ rateBps: 60 })))).toBe(60.02); // 741/123456
  });
});

describe("feeRuleIn: a method's rule in one currency", () => {
  it("takes the currency's amounts, or the rate alone where none are set", () => {
    const amounts = { fixedMinor: 40n, minMinor: null, maxMinor: 500n };
    expect(feeRuleIn(60, amounts)).toEqual({ rateBps: 60, ...amounts });
    expect(feeRuleIn(60, null)).toEqual(rule());
    // A left join's missing row: every amount null.
    expect(feeRuleIn(60, { fixedMinor: null, minMinor: null, maxMinor: null })).toEqual(rule());
  });

  it("charges the same under a minimum lowered to a maximum below it (the migration of such a rule)", () => {
    for (const amount of [1n, 99n, 10_000n, 1_000_000n]) {
      expect(computeFee(amount, rule({ minMinor: 100n, maxMinor: 100n }))).toBe(
        computeFee(amount, rule({ minMinor: 500n, maxMinor: 100n })),
      );
    }
  });
});

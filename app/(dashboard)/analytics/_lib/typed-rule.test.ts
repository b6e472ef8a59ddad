import { describe, expect, it } from "vitest";
import { typedRule } from "./typed-rule";

describe("a typed what-if fee rule", () => {
  it("takes a percentage with decimals and converts it exactly to basis points", () => {
    expect(typedRule("0.38", null, "CNY").rule).toEqual({ rateBps: 38, fixedMinor: 0 });
    expect(typedRule("0.38%", "0.10", "CNY").rule).toEqual({ rateBps: 38, fixedMinor: 10 });
    // 0.29 × 100 is 28.999… in floating point; the conversion must still say 29.
    expect(typedRule("0.29", "", "CNY").rule).toEqual({ rateBps: 29, fixedMinor: 0 });
    expect(typedRule("２．９", null, "USD").rule).toEqual({ rateBps: 290, fixedMinor: 0 });
  });

  it("refuses a rate finer than a basis point, or out of range, instead of rounding it", () => {
    expect(typedRule("0.385", null, "CNY")).toMatchObject({ rule: null, rateError: true });
    expect(typedRule("101", null, "CNY")).toMatchObject({ rule: null, rateError: true });
    expect(typedRule("abc", null, "CNY")).toMatchObject({ rule: null, rateError: true });
  });

  it("waits for a rate and refuses a bad fixed part", () => {
    expect(typedRule(null, null, "CNY")).toEqual({
      rule: null,
      rateError: false,
      fixedError: false,
    });
    expect(typedRule("0.6", "0.001", "CNY")).toMatchObject({ rule: null, fixedError: true });
  });
});

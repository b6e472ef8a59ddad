import { describe, expect, it } from "vitest";
import { isSpike, spikeRule, spikeThreshold } from "./spike.logic";

const counts = (attempts: number, failures: number) => ({ attempts, failures });

describe("the failure-spike rule", () => {
  it("alerts when a method that fails 5 % fails 30 % in the last hour", () => {
    expect(isSpike(counts(40, 12), counts(1000, 50))).toBe(true);
  });

  it("uses baseline + 20 points when that is higher than double: 5 % needs 25 %", () => {
    expect(spikeThreshold(counts(40, 0), counts(1000, 50))).toBeCloseTo(0.25);
    expect(isSpike(counts(40, 9), counts(1000, 50))).toBe(false); // 22.5 %
    expect(isSpike(counts(40, 10), counts(1000, 50))).toBe(true); // exactly 25 %
  });

  it("uses double the baseline when that is higher: 30 % needs 60 %", () => {
    expect(spikeThreshold(counts(40, 0), counts(1000, 300))).toBeCloseTo(0.6);
    expect(isSpike(counts(40, 20), counts(1000, 300))).toBe(false); // 50 %
    expect(isSpike(counts(40, 24), counts(1000, 300))).toBe(true); // 60 %
  });

  it("alerts for a method that never failed once a fifth of the hour fails", () => {
    expect(isSpike(counts(20, 4), counts(500, 0))).toBe(true);
    expect(isSpike(counts(20, 3), counts(500, 0))).toBe(false);
  });

  it("says nothing with fewer attempts in the hour than the minimum, however bad", () => {
    expect(isSpike(counts(spikeRule.minHourAttempts - 1, 19), counts(1000, 10))).toBe(false);
    expect(isSpike(counts(spikeRule.minHourAttempts, 20), counts(1000, 10))).toBe(true);
  });

  it("says nothing without enough history to know what is usual", () => {
    expect(isSpike(counts(50, 50), counts(spikeRule.minBaselineAttempts - 1, 0))).toBe(false);
    expect(isSpike(counts(50, 50), counts(spikeRule.minBaselineAttempts, 0))).toBe(true);
  });

  it("caps the threshold at 100 %: a poor method alerts only when every attempt fails", () => {
    // 60 % baseline → max(120 %, 80 %), capped at 100 %.
    expect(isSpike(counts(40, 39), counts(1000, 600))).toBe(false);
    expect(isSpike(counts(40, 40), counts(1000, 600))).toBe(true);
  });
});

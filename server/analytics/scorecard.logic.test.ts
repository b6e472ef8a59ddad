import { describe, expect, it } from "vitest";
import { criterionScores, defaultWeights, overallScore } from "./scorecard.logic";

describe("platform scorecard", () => {
  const wallet = {
    shareOfPaidOrders: 0.6,
    conversion: 0.9,
    effectiveFeeBps: 60,
    refundRate: 0.02,
    attempts: 200,
    riskDeclines: 4,
    ratings: { support: 4 },
  };
  it("scores each criterion from data or from the merchant's rating", () => {
    expect(criterionScores(wallet, 0.6)).toEqual({
      fit: null,
      acceptance: 95, // 50 × 0.9 + 50 × 1
      fees: 88, // 100 × (1 − 60 / 500)
      security: 98, // 100 × (1 − 4 / 200)
      support: 75, // (4 − 1) × 25
      refunds: 80, // 100 × (1 − 0.02 / 0.1)
    });
  });
  it("scores refunds from 100 (none) down to 0 at a tenth of the takings, unscored without takings", () => {
    const refunds = (refundRate: number | null) =>
      criterionScores({ ...wallet, refundRate }, 0.6).refunds;
    expect(refunds(0)).toBe(100);
    expect(refunds(0.05)).toBe(50);
    expect(refunds(0.1)).toBe(0);
    expect(refunds(0.4)).toBe(0);
    expect(refunds(null)).toBeNull();
  });
  it("weights what is scored, leaving the unscored out", () => {
    const scores = criterionScores(wallet, 0.6);
    // Refunds weigh 0 by default: the five criteria's score is as before refunds were scored.
    expect(overallScore(scores, defaultWeights)).toBeCloseTo((95 + 88 + 98 + 75) / 4, 9);
    expect(overallScore(scores, { ...defaultWeights, fees: 10, support: 0 })).toBeCloseTo(
      (95 * 5 + 88 * 10 + 98 * 5) / 20,
      9,
    );
    expect(overallScore(scores, { ...defaultWeights, refunds: 10 })).toBeCloseTo(
      (95 * 5 + 88 * 5 + 98 * 5 + 75 * 5 + 80 * 10) / 30,
      9,
    );
    expect(overallScore({ ...scores, refunds: null }, { ...defaultWeights, refunds: 10 })).toBe(
      overallScore(scores, defaultWeights),
    );
  });
});

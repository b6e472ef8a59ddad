import { describe, expect, it } from "vitest";
import { criterionScores, defaultWeights, overallScore } from "./scorecard.logic";

describe("platform scorecard", () => {
  const wallet = {
    shareOfPaidOrders: 0.6,
    conversion: 0.9,
    effectiveFeeBps: 60,
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
    });
  });
  it("weights what is scored, leaving the unscored out", () => {
    const scores = criterionScores(wallet, 0.6);
    expect(overallScore(scores, defaultWeights)).toBeCloseTo((95 + 88 + 98 + 75) / 4, 9);
    expect(overallScore(scores, { ...defaultWeights, fees: 10, support: 0 })).toBeCloseTo(
      (95 * 5 + 88 * 10 + 98 * 5) / 20,
      9,
    );
  });
});

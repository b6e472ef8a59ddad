import type { scorecardCriteria } from "./analytics.schema";

export type Criterion = (typeof scorecardCriteria)[number];

/**
 * The source guide's five criteria, equally weighted until the merchant says otherwise.
 * Refunds are scored but weigh nothing until the merchant gives them a weight: most refunds
 * come from the goods, not the way they were paid, and shops' saved scores must not move
 * because a criterion was added.
 */
export const defaultWeights: Record<Criterion, number> = {
  fit: 5,
  acceptance: 5,
  fees: 5,
  security: 5,
  support: 5,
  refunds: 0,
};

/** An effective rate of 5 % scores 0 on fees, 0 % scores 100, linearly between. */
const feeScoreZeroAtBps = 500;
/** A tenth of the takings refunded scores 0 on refunds, none scores 100, linearly between. */
const refundScoreZeroAt = 0.1;

export interface MethodEvidence {
  shareOfPaidOrders: number | null;
  conversion: number | null;
  effectiveFeeBps: number | null;
  /** Refunded amount over takings (metrics.logic.ts refundRate). */
  refundRate: number | null;
  attempts: number;
  riskDeclines: number;
  ratings: { support?: number; fit?: number };
}

const clamp = (n: number) => Math.max(0, Math.min(100, n));
const fromRating = (r: number | undefined) => (r === undefined ? null : (r - 1) * 25);

/**
 * Scores 0–100 per criterion, from the merchant's own data where it can say something
 * (acceptance: share of paid orders and conversion; fees: effective rate; security: the
 * share of requests the provider's risk engine declined; refunds: the refund rate by
 * amount), from the merchant's 1–5 rating where it cannot (support, functional fit). Null
 * when neither is available.
 */
export function criterionScores(
  m: MethodEvidence,
  maxShare: number,
): Record<Criterion, number | null> {
  const acceptance =
    m.conversion === null || m.shareOfPaidOrders === null
      ? null
      : clamp(50 * m.conversion + 50 * (maxShare > 0 ? m.shareOfPaidOrders / maxShare : 0));
  return {
    fit: fromRating(m.ratings.fit),
    acceptance,
    fees:
      m.effectiveFeeBps === null ? null : clamp(100 * (1 - m.effectiveFeeBps / feeScoreZeroAtBps)),
    security: m.attempts > 0 ? clamp(100 * (1 - m.riskDeclines / m.attempts)) : null,
    support: fromRating(m.ratings.support),
    refunds: m.refundRate === null ? null : clamp(100 * (1 - m.refundRate / refundScoreZeroAt)),
  };
}

/** The weighted mean of the scores there are (an unscored criterion does not count as 0). */
export function overallScore(
  scores: Record<Criterion, number | null>,
  weights: Record<Criterion, number>,
): number | null {
  let sum = 0;
  let weight = 0;
  for (const [criterion, score] of Object.entries(scores) as [Criterion, number | null][]) {
    if (score === null) continue;
    sum += score * weights[criterion];
    weight += weights[criterion];
  }
  return weight > 0 ? sum / weight : null;
}

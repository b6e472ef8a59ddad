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
  /** What customers said on their receipts about orders paid this way (server/feedback). */
  satisfaction?: { answers: number; average: number | null };
}

/**
 * Fewer answers than this say too little about a method: its acceptance stays the usage
 * figures alone until customers have spoken often enough.
 */
export const minSatisfactionAnswers = 5;
/** The customers' voice weighs a third of acceptance once heard; usage the other two. */
const satisfactionWeight = 1 / 3;

/** Where a method's acceptance score comes from, shown beside it to the merchant. */
export interface AcceptanceSource {
  /** 0–100 from the share of paid orders and the conversion; null without data. */
  usage: number | null;
  /** 0–100 from the mean receipt score (1 → 0, 5 → 100); null until enough answers. */
  satisfaction: number | null;
  answers: number;
  /** The average receipt score behind it. */
  average: number | null;
  score: number | null;
}

const clamp = (n: number) => Math.max(0, Math.min(100, n));
const fromRating = (r: number | undefined) => (r === undefined ? null : (r - 1) * 25);

/**
 * Acceptance, and where it comes from: how much customers use the method (its share of paid
 * orders against the most used method's, and its conversion), and — from
 * `minSatisfactionAnswers` answers on — how they rated the orders they paid with it.
 */
export function acceptanceOf(m: MethodEvidence, maxShare: number): AcceptanceSource {
  const usage =
    m.conversion === null || m.shareOfPaidOrders === null
      ? null
      : clamp(50 * m.conversion + 50 * (maxShare > 0 ? m.shareOfPaidOrders / maxShare : 0));
  const answers = m.satisfaction?.answers ?? 0;
  const average = m.satisfaction?.average ?? null;
  const satisfaction =
    answers >= minSatisfactionAnswers && average !== null ? clamp((average - 1) * 25) : null;
  const score =
    usage === null
      ? satisfaction
      : satisfaction === null
        ? usage
        : (1 - satisfactionWeight) * usage + satisfactionWeight * satisfaction;
  return { usage, satisfaction, answers, average, score };
}

/**
 * Scores 0–100 per criterion, from the merchant's own data where it can say something
 * (acceptance: share of paid orders and conversion, and the customers' receipt scores once
 * there are enough; fees: effective rate; security: the share of requests the provider's
 * risk engine declined; refunds: the refund rate by amount), from the merchant's 1–5 rating
 * where it cannot (support, functional fit). Null when neither is available.
 */
export function criterionScores(
  m: MethodEvidence,
  maxShare: number,
): Record<Criterion, number | null> {
  return {
    fit: fromRating(m.ratings.fit),
    acceptance: acceptanceOf(m, maxShare).score,
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

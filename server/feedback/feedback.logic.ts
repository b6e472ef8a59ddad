import type { ThrottleRule } from "@/server/http/throttle.logic";

/** A score at or below this raises an alert: the customer was unhappy enough to say so. */
export const lowScoreAtMost = 2;

export const isLowScore = (score: number) => score <= lowScoreAtMost;

/**
 * Answers one network address may send in a window. A household shares an address and may
 * rate a few receipts at once; a script posting scores does not stop at a few.
 */
export const feedbackRule: ThrottleRule = { maxFailures: 10, windowSeconds: 10 * 60 };

/** A mean score, or null with no answers. */
export function meanScore(scoreSum: number, answers: number): number | null {
  return answers > 0 ? scoreSum / answers : null;
}

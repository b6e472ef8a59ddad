/** How long the owner may keep raw provider bodies and sent customer messages, in days. */
export const rawRetentionDays = { min: 30, max: 3650, default: 365 } as const;

/**
 * A practice shop nobody has taken an order in for this long is wiped: its trainees have
 * moved on, and one still practising never loses the orders of the session in progress.
 */
export const practiceIdleDays = 30;

/**
 * Throttle rows whose window started this long ago are deleted. Every rule's window is far
 * shorter (15 minutes at most), and a row past its window counts as no row at all
 * (`retryAfterSeconds`), so pruning never changes a decision.
 */
export const throttleRowDays = 1;

const dayMs = 24 * 60 * 60 * 1000;

/** The instant `days` days before `now`: rows older than it are due. */
export function cutoffBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * dayMs);
}

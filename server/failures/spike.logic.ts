/**
 * The failure-spike rule, per payment method:
 *
 * - the hour: attempts created in the last 60 minutes that have ended (succeeded, failed or
 *   expired; still-open and cashier-cancelled ones say nothing yet), at least
 *   `minHourAttempts` of them;
 * - the baseline: the same method's ended attempts over the 7 days before that hour, at least
 *   `minBaselineAttempts` of them (with less history there is no "usual" to compare with);
 * - a spike when the hour's failure rate (failed + expired ÷ ended) reaches
 *   max(2 × baseline, baseline + 20 points): doubling catches a method that usually fails
 *   10 % failing 20 %, the 20 points keep a 1 % → 2 % wobble from alerting; capped at 100 %,
 *   so a method failing every attempt in the hour always alerts, however poor its baseline.
 */
export const spikeRule = {
  minHourAttempts: 20,
  minBaselineAttempts: 50,
  factor: 2,
  /** Added to the baseline rate, as a fraction (0.20 = 20 percentage points). */
  margin: 0.2,
  baselineDays: 7,
} as const;

export interface FailureCounts {
  attempts: number;
  failures: number;
}

export interface SpikeDetails {
  methodId: string;
  methodLabel: string;
  methodKind: string;
  hour: FailureCounts & { rate: number };
  baseline: FailureCounts & { rate: number };
  /** The rate the hour had to reach. */
  threshold: number;
  windowStart: string;
  windowEnd: string;
}

/** The rate the last hour must reach to count as a spike, or null when the rule cannot judge. */
export function spikeThreshold(hour: FailureCounts, baseline: FailureCounts): number | null {
  if (hour.attempts < spikeRule.minHourAttempts) return null;
  if (baseline.attempts < spikeRule.minBaselineAttempts) return null;
  const base = baseline.failures / baseline.attempts;
  return Math.min(1, Math.max(spikeRule.factor * base, base + spikeRule.margin));
}

export function isSpike(hour: FailureCounts, baseline: FailureCounts): boolean {
  const threshold = spikeThreshold(hour, baseline);
  return threshold !== null && hour.failures / hour.attempts >= threshold;
}

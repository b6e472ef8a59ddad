/** How many failures one key may have within a window before further attempts are refused. */
export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
}

/** A counter: its key (a scope and a value, e.g. an account and an address) and its rule. */
export interface ThrottleCounter {
  key: string;
  rule: ThrottleRule;
}

/** Keys are compared case- and space-blind: `Owner@Example.com ` is the same account. */
export function throttleKey(scope: string, value: string): string {
  return `${scope}:${value.trim().toLowerCase()}`;
}

export interface ThrottleEntry {
  failures: number;
  windowStartedAt: Date;
}

/**
 * Seconds until the key may try again, or 0 when it may try now. A window starts at the
 * first failure and lasts `windowSeconds`; once it is over the count starts afresh.
 */
export function retryAfterSeconds(
  rule: ThrottleRule,
  entry: ThrottleEntry | undefined,
  now: Date,
): number {
  if (!entry) return 0;
  const windowEnds = entry.windowStartedAt.getTime() + rule.windowSeconds * 1000;
  if (now.getTime() >= windowEnds || entry.failures < rule.maxFailures) return 0;
  return Math.ceil((windowEnds - now.getTime()) / 1000);
}

/**
 * Failures allowed per key within one window before further attempts are refused: an account
 * from one address (so a stranger guessing the owner's password locks only themselves out),
 * an account from anywhere (a guesser with many addresses is slowed, not stopped dead), and an
 * address over all accounts.
 */
export const throttleRules = {
  accountAddress: { maxFailures: 5, windowSeconds: 15 * 60 },
  account: { maxFailures: 50, windowSeconds: 15 * 60 },
  address: { maxFailures: 30, windowSeconds: 15 * 60 },
} as const;

export type ThrottleKind = keyof typeof throttleRules;

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.trim().toLowerCase()}`;
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
  kind: ThrottleKind,
  entry: ThrottleEntry | undefined,
  now: Date,
): number {
  if (!entry) return 0;
  const rule = throttleRules[kind];
  const windowEnds = entry.windowStartedAt.getTime() + rule.windowSeconds * 1000;
  if (now.getTime() >= windowEnds || entry.failures < rule.maxFailures) return 0;
  return Math.ceil((windowEnds - now.getTime()) / 1000);
}

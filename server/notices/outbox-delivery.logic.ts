/** Tries per message before it is marked failed (about an hour of retrying in all). */
export const maxDeliveryTries = 8;

const firstRetryMs = 30_000;
const longestRetryMs = 60 * 60_000;

/**
 * How long to wait after the `tries`-th failed try: 30 s, doubling each time (1, 2, 4, …
 * minutes), never more than an hour — a mail server that is down for minutes is not
 * hammered, one back within the hour is not waited on for long.
 */
export function retryDelayMs(tries: number): number {
  return Math.min(firstRetryMs * 2 ** Math.max(0, tries - 1), longestRetryMs);
}

/**
 * What to do after a failed try: a mail server's permanent refusal (5xx: no such mailbox,
 * rejected as spam) will not change by retrying; anything else is retried until the last try.
 */
export function afterFailure(tries: number, smtpCode: number | undefined, now: Date) {
  if ((smtpCode !== undefined && smtpCode >= 500) || tries >= maxDeliveryTries)
    return { state: "failed" as const, nextTryAt: now };
  return { state: "pending" as const, nextTryAt: new Date(now.getTime() + retryDelayMs(tries)) };
}

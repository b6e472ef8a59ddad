import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { throttles } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { retryAfterSeconds, type ThrottleCounter } from "./throttle.logic";

/**
 * Counts this attempt against each counter BEFORE the thing it guards is tried, one atomic
 * statement per key, and returns the seconds to wait when any is over its limit (the attempt
 * must then not be tried). Reading the count and recording a failure afterwards let 40
 * parallel guesses all read "4 failures" and all be tried; here the row lock of the upsert
 * queues them, so exactly the allowed number get through.
 */
export async function reserveAttempt(
  db: DbOrTx,
  counters: ThrottleCounter[],
  now = new Date(),
): Promise<number> {
  return (await reserveAttemptCounted(db, counters, now)).wait;
}

/**
 * reserveAttempt, also saying whether this attempt is the first one a counter refused in its
 * window (the burst just reached the limit): the moment worth recording, once, however many
 * refused attempts follow.
 */
export async function reserveAttemptCounted(
  db: DbOrTx,
  counters: ThrottleCounter[],
  now = new Date(),
): Promise<{ wait: number; firstRefused: boolean }> {
  let wait = 0;
  let firstRefused = false;
  for (const { key, rule } of counters) {
    const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
    const expired = sql`${throttles.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz`;
    const [row] = await db
      .insert(throttles)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: throttles.key,
        set: {
          failures: sql`case when ${expired} then 1 else ${throttles.failures} + 1 end`,
          windowStartedAt: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${throttles.windowStartedAt} end`,
        },
      })
      .returning({ failures: throttles.failures, windowStartedAt: throttles.windowStartedAt });
    if (!row) continue;
    // The count includes this attempt: it may go ahead while the attempts before it are under the limit.
    const before = { failures: row.failures - 1, windowStartedAt: row.windowStartedAt };
    const refusedFor = retryAfterSeconds(rule, before, now);
    if (refusedFor > 0 && before.failures === rule.maxFailures) firstRefused = true;
    wait = Math.max(wait, refusedFor);
  }
  return { wait, firstRefused };
}

/** Takes back an attempt that did not fail: the counters keep only failures. */
export async function releaseAttempt(db: DbOrTx, counters: ThrottleCounter[]): Promise<void> {
  for (const { key } of counters) {
    await db
      .update(throttles)
      .set({ failures: sql`${throttles.failures} - 1` })
      .where(and(eq(throttles.key, key), gt(throttles.failures, 0)));
  }
}

/** Forgets the counters' failures (a successful sign-in forgives its account's). */
export async function clearFailures(db: DbOrTx, counters: ThrottleCounter[]): Promise<void> {
  if (counters.length === 0) return;
  await db.delete(throttles).where(
    inArray(
      throttles.key,
      counters.map((c) => c.key),
    ),
  );
}

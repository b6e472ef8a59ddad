import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { signInThrottles } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import {
  retryAfterSeconds,
  throttleKey,
  throttleRules,
  type ThrottleKind,
} from "./sign-in-throttle.logic";

export interface ThrottleSubject {
  email: string;
  ip: string | null;
}

function keysOf(subject: ThrottleSubject): { kind: ThrottleKind; key: string }[] {
  const { email, ip } = subject;
  const keys: { kind: ThrottleKind; key: string }[] = [
    { kind: "accountAddress", key: throttleKey("accountAddress", `${email.trim()}|${ip ?? ""}`) },
    { kind: "account", key: throttleKey("account", email) },
  ];
  if (ip) keys.push({ kind: "address", key: throttleKey("address", ip) });
  return keys;
}

/**
 * Counts this attempt against the account and the address BEFORE its password is checked,
 * one atomic statement per key, and returns the seconds to wait when it is over a limit (the
 * attempt must then not be tried). Reading the count and recording a failure afterwards let
 * 40 parallel guesses all read "4 failures" and all be tried; here the row lock of the upsert
 * queues them, so exactly the allowed number reach the password check.
 */
export async function reserveSignInAttempt(
  db: DbOrTx,
  subject: ThrottleSubject,
  now = new Date(),
): Promise<number> {
  let wait = 0;
  for (const { kind, key } of keysOf(subject)) {
    const windowStart = new Date(now.getTime() - throttleRules[kind].windowSeconds * 1000);
    const expired = sql`${signInThrottles.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz`;
    const [row] = await db
      .insert(signInThrottles)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: signInThrottles.key,
        set: {
          failures: sql`case when ${expired} then 1 else ${signInThrottles.failures} + 1 end`,
          windowStartedAt: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${signInThrottles.windowStartedAt} end`,
        },
      })
      .returning({
        failures: signInThrottles.failures,
        windowStartedAt: signInThrottles.windowStartedAt,
      });
    if (!row) continue;
    // The count includes this attempt: it may go ahead while the attempts before it are under the limit.
    const before = { failures: row.failures - 1, windowStartedAt: row.windowStartedAt };
    wait = Math.max(wait, retryAfterSeconds(kind, before, now));
  }
  return wait;
}

/**
 * Takes back an attempt that did not fail on its password (signed in, or refused before the
 * check): the address keeps only its failures, so a shop's tablets behind one address can
 * sign in all day.
 */
export async function releaseSignInAttempt(db: DbOrTx, subject: ThrottleSubject): Promise<void> {
  for (const { key } of keysOf(subject)) {
    await db
      .update(signInThrottles)
      .set({ failures: sql`${signInThrottles.failures} - 1` })
      .where(and(eq(signInThrottles.key, key), gt(signInThrottles.failures, 0)));
  }
}

/** A successful sign-in forgives the account's failures (not the address's over other accounts). */
export async function clearSignInFailures(db: DbOrTx, subject: ThrottleSubject): Promise<void> {
  const keys = keysOf(subject).filter((k) => k.kind !== "address");
  await db.delete(signInThrottles).where(
    inArray(
      signInThrottles.key,
      keys.map((k) => k.key),
    ),
  );
}

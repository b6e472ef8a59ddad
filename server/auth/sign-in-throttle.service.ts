import { eq, inArray, sql } from "drizzle-orm";
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
  const keys: { kind: ThrottleKind; key: string }[] = [
    { kind: "email", key: throttleKey("email", subject.email) },
  ];
  if (subject.ip) keys.push({ kind: "ip", key: throttleKey("ip", subject.ip) });
  return keys;
}

/** Seconds the subject must wait before another sign-in attempt (0 = may try now). */
export async function signInRetryAfter(
  db: DbOrTx,
  subject: ThrottleSubject,
  now = new Date(),
): Promise<number> {
  const keys = keysOf(subject);
  const rows = await db
    .select()
    .from(signInThrottles)
    .where(
      inArray(
        signInThrottles.key,
        keys.map((k) => k.key),
      ),
    );
  return Math.max(
    0,
    ...keys.map(({ kind, key }) =>
      retryAfterSeconds(
        kind,
        rows.find((r) => r.key === key),
        now,
      ),
    ),
  );
}

/** Counts one failure for the account and the address, in one statement per key (no read-then-write). */
export async function recordSignInFailure(
  db: DbOrTx,
  subject: ThrottleSubject,
  now = new Date(),
): Promise<void> {
  for (const { kind, key } of keysOf(subject)) {
    const windowStart = new Date(now.getTime() - throttleRules[kind].windowSeconds * 1000);
    const expired = sql`${signInThrottles.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz`;
    await db
      .insert(signInThrottles)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: signInThrottles.key,
        set: {
          failures: sql`case when ${expired} then 1 else ${signInThrottles.failures} + 1 end`,
          windowStartedAt: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${signInThrottles.windowStartedAt} end`,
        },
      });
  }
}

/** A successful sign-in forgives the account's failures (not the address's). */
export async function clearSignInFailures(db: DbOrTx, email: string): Promise<void> {
  await db.delete(signInThrottles).where(eq(signInThrottles.key, throttleKey("email", email)));
}

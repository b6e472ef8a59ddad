import { and, eq, sql } from "drizzle-orm";
import { alerts, voucherCodeFailures } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";

/**
 * The brute-force guard of the redeem screen. A cashier mistypes now and then; someone
 * trying codes one after another does not stop. Wrong codes (bad check character, unknown)
 * are counted per user and per device over a sliding window: past `blockAt` the screen is
 * refused until the window slides on, and reaching `alertAt` raises an alert for the manager.
 */
export const codeGuard = { windowMinutes: 10, alertAt: 5, blockAt: 10 } as const;

function since() {
  return sql`now() - make_interval(mins => ${codeGuard.windowMinutes})`;
}

async function recentFailures(db: DbOrTx, merchantId: string, actor: Actor, deviceId?: string) {
  const count = (where: ReturnType<typeof and>) =>
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(voucherCodeFailures)
      .where(and(where, sql`${voucherCodeFailures.createdAt} > ${since()}`))
      .then((rows) => Number(rows[0]?.n ?? 0));
  const [byUser, byDevice] = await Promise.all([
    actor.userId ? count(and(eq(voucherCodeFailures.userId, actor.userId))) : 0,
    deviceId
      ? count(
          and(
            eq(voucherCodeFailures.merchantId, merchantId),
            eq(voucherCodeFailures.deviceId, deviceId),
          ),
        )
      : 0,
  ]);
  return { byUser, byDevice };
}

/** Refuses the user or device that has entered too many wrong codes lately. */
export async function assertNotBlocked(
  db: DbOrTx,
  merchantId: string,
  actor: Actor,
  deviceId?: string,
) {
  const { byUser, byDevice } = await recentFailures(db, merchantId, actor, deviceId);
  if (Math.max(byUser, byDevice) >= codeGuard.blockAt) {
    throw new DomainError(
      "RATE_LIMITED",
      "tooManyWrongCodes",
      "Too many wrong codes: wait a few minutes",
      { minutes: codeGuard.windowMinutes },
    );
  }
}

/** Counts a wrong code; the failure that reaches the alert threshold raises one alert. */
export async function recordWrongCode(
  db: DbOrTx,
  merchantId: string,
  actor: Actor,
  attempted: string,
  deviceId?: string,
) {
  await db.insert(voucherCodeFailures).values({
    merchantId,
    userId: actor.userId,
    deviceId: deviceId ?? null,
    attempted: attempted.slice(0, 40),
  });
  const { byUser, byDevice } = await recentFailures(db, merchantId, actor, deviceId);
  if (byUser === codeGuard.alertAt || byDevice === codeGuard.alertAt) {
    await db.insert(alerts).values({
      merchantId,
      kind: "voucher_code_guessing",
      entityType: "user",
      entityId: actor.userId,
      details: {
        deviceId: deviceId ?? null,
        wrongCodes: Math.max(byUser, byDevice),
        windowMinutes: codeGuard.windowMinutes,
        ip: actor.ip,
      },
    });
  }
}

import { and, asc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { users, voucherCodeFailures } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import {
  statementTemplatesByShape,
  type Placeholders,
  type ValueOrPlaceholder,
} from "@/db/statement-template";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { managesVouchers, type Role } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";
import { blockEndsAt, codeGuard, currentBlocks, minutesUntil } from "./code-guard.logic";
import type { LiftCodeBlockInput } from "./voucher.schema";
import { personLabel } from "@/server/team/person-label";

export { codeGuard };

/**
 * The brute-force guard of the redeem screen. A cashier mistypes now and then; someone
 * trying codes one after another does not stop. Wrong codes (bad check character, unknown)
 * are counted per user and per device over a sliding window (code-guard.logic.ts): past
 * `blockAt` the screen is refused until the window slides on or a manager lifts the block,
 * and reaching `alertAt` raises an alert for the manager. Counts are per merchant: one
 * shop's manager sees, and lifts, only what happened in their shop.
 */
function since() {
  return sql`now() - make_interval(mins => ${codeGuard.windowMinutes})`;
}

/** Wrong codes that still count: this merchant's, inside the window, not lifted. */
function counting(merchantId: ValueOrPlaceholder<string>) {
  return and(
    eq(voucherCodeFailures.merchantId, merchantId),
    isNull(voucherCodeFailures.clearedAt),
    sql`${voucherCodeFailures.createdAt} > ${since()}`,
  );
}

/**
 * The user's and the device's wrong codes in the window, in one statement; every redemption
 * asks, so a template (db/statement-template.ts) for each of who is known: the user, the
 * device, or both.
 */
const failuresOf = statementTemplatesByShape(
  "code_failures_of",
  (by: { user: boolean; device: boolean }) =>
    `${by.user ? "user" : ""}+${by.device ? "device" : ""}`,
  (
    db,
    v: Placeholders<{ merchantId: string; userId: string | null; deviceId: string | null }>,
    by,
  ) => {
    const byUser = by.user ? eq(voucherCodeFailures.userId, v.userId) : undefined;
    const byDevice = by.device ? eq(voucherCodeFailures.deviceId, v.deviceId) : undefined;
    return db
      .select({
        at: voucherCodeFailures.createdAt,
        byUser: byUser ? sql<boolean>`coalesce(${byUser}, false)` : sql<boolean>`false`,
        byDevice: byDevice ? sql<boolean>`coalesce(${byDevice}, false)` : sql<boolean>`false`,
      })
      .from(voucherCodeFailures)
      .where(and(counting(v.merchantId), or(byUser, byDevice)));
  },
);

/**
 * assertNotBlocked's rule as a condition of one statement: neither the user nor the device
 * has `blockAt` wrong codes that still count (blockEndsAt finds no block below that). The
 * redeeming UPDATE takes a use only while it holds, so a redemption needs no read of its own
 * for the guard; one refused by it learns why from assertNotBlocked. A null user or device
 * counts none, as in recentFailures.
 */
export function guardAllows(v: {
  merchantId: ValueOrPlaceholder<string>;
  userId: ValueOrPlaceholder<string | null>;
  deviceId: ValueOrPlaceholder<string | null>;
}): SQL {
  const byUser = sql`${voucherCodeFailures.userId} = ${v.userId}::uuid`;
  const byDevice = sql`${voucherCodeFailures.deviceId} = ${v.deviceId}::text`;
  const blockAt = sql.raw(String(codeGuard.blockAt));
  return sql`(select count(*) filter (where ${byUser}) < ${blockAt}
      and count(*) filter (where ${byDevice}) < ${blockAt}
    from ${voucherCodeFailures}
    where ${counting(v.merchantId)} and (${byUser} or ${byDevice}))`;
}

async function recentFailures(db: DbOrTx, merchantId: string, actor: Actor, deviceId?: string) {
  const by = { user: !!actor.userId, device: !!deviceId };
  if (!by.user && !by.device) return { byUser: [], byDevice: [] };
  const rows = await failuresOf(db, by, {
    merchantId,
    userId: actor.userId,
    deviceId: deviceId ?? null,
  });
  return {
    byUser: rows.filter((r) => r.byUser).map((r) => r.at),
    byDevice: rows.filter((r) => r.byDevice).map((r) => r.at),
  };
}

/**
 * Refuses the user or device that has entered too many wrong codes lately, saying how long
 * the block lasts and who can lift it: a cashier is sent to a manager, a manager or owner
 * to the vouchers page where they lift it themselves.
 */
export async function assertNotBlocked(
  db: DbOrTx,
  merchantId: string,
  actor: Actor,
  deviceId?: string,
  role?: Role,
) {
  const { byUser, byDevice } = await recentFailures(db, merchantId, actor, deviceId);
  const ends = [blockEndsAt(byUser), blockEndsAt(byDevice)].filter((d): d is Date => d !== null);
  if (ends.length === 0) return;
  const endsAt = new Date(Math.max(...ends.map((d) => d.getTime())));
  const details = { minutes: minutesUntil(endsAt, new Date()) };
  if (role && managesVouchers.includes(role)) {
    throw new DomainError(
      "RATE_LIMITED",
      "tooManyWrongCodesCanLift",
      "Too many wrong codes: wait, or lift the block on the vouchers page",
      details,
    );
  }
  throw new DomainError(
    "RATE_LIMITED",
    "tooManyWrongCodes",
    "Too many wrong codes: wait, or ask a manager to lift the block",
    details,
  );
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
  const recent = await recentFailures(db, merchantId, actor, deviceId);
  const [byUser, byDevice] = [recent.byUser.length, recent.byDevice.length];
  if (byUser === codeGuard.alertAt || byDevice === codeGuard.alertAt) {
    await raiseAlert(db, {
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

/** The blocks in force in this merchant, newest first, for the managers who can lift them. */
export async function listCodeBlocks(db: DbOrTx, merchantId: string) {
  const rows = await db
    .select({
      userId: voucherCodeFailures.userId,
      userName: personLabel(users),
      deviceId: voucherCodeFailures.deviceId,
      createdAt: voucherCodeFailures.createdAt,
    })
    .from(voucherCodeFailures)
    .leftJoin(users, eq(users.id, voucherCodeFailures.userId))
    .where(counting(merchantId))
    .orderBy(asc(voucherCodeFailures.createdAt));
  return currentBlocks(rows);
}

/**
 * A manager lifts a block: the wrong codes that made it stop counting (they stay on record,
 * marked with who cleared them), in one transaction with the audit row.
 */
export async function liftCodeBlock(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: LiftCodeBlockInput,
) {
  return db.transaction(async (tx) => {
    const cleared = await tx
      .update(voucherCodeFailures)
      .set({ clearedAt: sql`now()`, clearedBy: actor.userId })
      .where(
        and(
          counting(merchantId),
          input.by === "user"
            ? eq(voucherCodeFailures.userId, input.userId)
            : eq(voucherCodeFailures.deviceId, input.deviceId),
        ),
      )
      .returning({ id: voucherCodeFailures.id });
    if (cleared.length === 0) {
      throw new DomainError("INVALID_STATE", "noCodeBlock", "There is no block to lift");
    }
    await recordAudit(tx, actor, {
      merchantId,
      action: "voucher.guard.lift",
      entityType: input.by === "user" ? "user" : "counter_device",
      entityId: input.by === "user" ? input.userId : input.deviceId,
      after: { wrongCodesCleared: cleared.length },
    });
    return { wrongCodesCleared: cleared.length };
  });
}

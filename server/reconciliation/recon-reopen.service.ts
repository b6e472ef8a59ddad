import { and, eq, inArray, sql, type SQLWrapper } from "drizzle-orm";
import { merchants, reconDays } from "@/db/schema";
import type { Tx } from "@/db/types";
import { setTo, statementTemplate, type Placeholders } from "@/db/statement-template";
import { recordAudit, type Actor } from "@/server/audit/audit.service";

/**
 * Why a closed day was opened again, kept on the day (`reopenedReason`) and shown to people as
 * `reconciliation.reopened.<reason>`: a payment or a refund succeeded on it after the close, or
 * a statement imported later brought lines for it.
 */
export type ReopenReason = "payment" | "refund" | "statement";

/**
 * One audit row per day a close was undone (the UPDATEs below say which). One UPDATE on the
 * (method_id, day) key: on the payment path this costs one index probe, and the audit only when
 * a closed day was actually hit.
 */
async function auditReopened(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  methodId: string,
  reopened: { day: string; netMinor: bigint | null }[],
  reason: ReopenReason,
): Promise<string[]> {
  for (const row of reopened) {
    await recordAudit(tx, actor, {
      merchantId,
      action: "recon.day_reopened",
      entityType: "recon_day",
      entityId: `${methodId}:${row.day}`,
      before: { status: "closed", netMinor: row.netMinor?.toString() ?? null },
      after: { status: "open", methodId, day: row.day, reason },
    });
  }
  return reopened.map((r) => r.day);
}

const reopenedColumns = { day: reconDays.day, netMinor: reconDays.netMinor };

/**
 * The method's day an instant lands on, while closed: the instant's local date in the merchant's
 * zone. One rule for the re-opening UPDATE and for closedDayAt.
 */
function closedDayOfInstant(merchantId: SQLWrapper, methodId: SQLWrapper, at: SQLWrapper) {
  return and(
    eq(reconDays.methodId, methodId),
    eq(
      reconDays.day,
      sql`(${at} at time zone (select ${merchants.timeZone} from ${merchants} where ${merchants.id} = ${merchantId}))::date`,
    ),
    eq(reconDays.merchantId, merchantId),
    eq(reconDays.status, "closed"),
  );
}

/**
 * Whether the method's day an instant lands on is closed, as a column of a statement that
 * already runs (a success's UPDATE: server/payments/attempt-transition.service.ts): most days
 * a payment lands on are open, and then reopenClosedDay need not run at all.
 */
export function closedDayAt(merchantId: SQLWrapper, methodId: SQLWrapper, at: SQLWrapper) {
  return sql<boolean>`exists (select 1 from ${reconDays} where ${closedDayOfInstant(merchantId, methodId, at)})`;
}

// On every payment's and refund's success: a template (db/statement-template.ts). The day is
// the instant's local date in the merchant's zone, read by the same statement.
const reopenDayOfInstant = statementTemplate(
  "reopen_day_of_instant",
  (
    db,
    v: Placeholders<{
      merchantId: string;
      methodId: string;
      at: string;
      reason: ReopenReason;
      now: Date;
    }>,
  ) =>
    db
      .update(reconDays)
      .set({
        status: "open",
        reopenedReason: setTo(v.reason),
        reopenedAt: setTo(v.now),
        updatedAt: setTo(v.now),
      })
      .where(closedDayOfInstant(v.merchantId, v.methodId, sql`${v.at}::timestamptz`))
      .returning(reopenedColumns),
);

/**
 * Re-opens the method's closed day that money landed on at `at`, after its close, in the
 * caller's transaction. Returns the re-opened day, if one was closed.
 */
export async function reopenClosedDay(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  methodId: string,
  at: Date,
  reason: ReopenReason,
): Promise<string | null> {
  const reopened = await reopenDayOfInstant(tx, {
    merchantId,
    methodId,
    at: at.toISOString(),
    reason,
    now: new Date(),
  });
  const [day] = await auditReopened(tx, actor, merchantId, methodId, reopened, reason);
  return day ?? null;
}

/**
 * Re-opens the method's closed days among `days` (a statement imported after their close
 * brought lines for them), in the import's transaction. Returns the days re-opened.
 */
export async function reopenClosedDays(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  methodId: string,
  days: readonly string[],
): Promise<string[]> {
  if (days.length === 0) return [];
  const now = new Date();
  const reopened = await tx
    .update(reconDays)
    .set({ status: "open", reopenedReason: "statement", reopenedAt: now, updatedAt: now })
    .where(
      and(
        eq(reconDays.methodId, methodId),
        inArray(reconDays.day, [...days]),
        eq(reconDays.merchantId, merchantId),
        eq(reconDays.status, "closed"),
      ),
    )
    .returning(reopenedColumns);
  return auditReopened(tx, actor, merchantId, methodId, reopened, "statement");
}

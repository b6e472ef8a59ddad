import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { merchants, reconDays } from "@/db/schema";
import type { Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";

/**
 * Why a closed day was opened again, kept on the day (`reopenedReason`) and shown to people as
 * `reconciliation.reopened.<reason>`: a payment or a refund succeeded on it after the close, or
 * a statement imported later brought lines for it.
 */
export type ReopenReason = "payment" | "refund" | "statement";

/**
 * Opens again the closed days a condition picks, with one audit row each. One UPDATE on the
 * (method_id, day) key: on the payment path this costs one index probe, and the audit only
 * when a closed day was actually hit.
 */
async function reopenWhere(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  methodId: string,
  days: SQL,
  reason: ReopenReason,
): Promise<string[]> {
  const now = new Date();
  const reopened = await tx
    .update(reconDays)
    .set({ status: "open", reopenedReason: reason, reopenedAt: now, updatedAt: now })
    .where(
      and(
        eq(reconDays.methodId, methodId),
        days,
        eq(reconDays.merchantId, merchantId),
        eq(reconDays.status, "closed"),
      ),
    )
    .returning({ day: reconDays.day, netMinor: reconDays.netMinor });
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

/**
 * Re-opens the method's closed day that money landed on after its close, in the caller's
 * transaction: `day` is a local date, or the instant the money moved (its local date in the
 * merchant's zone is read by the same statement, so the payment path needs no extra query).
 * Returns the re-opened day, if one was closed.
 */
export async function reopenClosedDay(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  methodId: string,
  day: string | Date,
  reason: ReopenReason,
): Promise<string | null> {
  const localDay =
    typeof day === "string"
      ? sql`${day}::date`
      : sql`(${day.toISOString()}::timestamptz at time zone (select ${merchants.timeZone} from ${merchants} where ${merchants.id} = ${merchantId}))::date`;
  const [reopened] = await reopenWhere(
    tx,
    actor,
    merchantId,
    methodId,
    sql`${reconDays.day} = ${localDay}`,
    reason,
  );
  return reopened ?? null;
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
  return reopenWhere(
    tx,
    actor,
    merchantId,
    methodId,
    inArray(reconDays.day, [...days]),
    "statement",
  );
}

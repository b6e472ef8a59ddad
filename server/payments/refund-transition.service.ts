import { and, eq, inArray, sql } from "drizzle-orm";
import { paymentAttempts, refunds } from "@/db/schema";
import type { Tx } from "@/db/types";
import { bumpRefundRollups } from "@/server/analytics/rollup.service";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { publishEvent } from "@/server/events/events.service";
import { recordRefundFailure } from "@/server/failures/failure-log.service";
import { queueCustomerNotice } from "@/server/notices/customer-notice.service";
import { reopenClosedDay } from "@/server/reconciliation/recon-reopen.service";
import { shiftPayingRefund } from "@/server/shifts/shift-drawer.service";
import {
  assertRefundTransition,
  refundStatusesInto,
  type OrderStatus,
  type RefundStatus,
} from "./state.logic";

export type RefundRow = typeof refunds.$inferSelect;

/** The columns that change with a refund's status (who decided, the provider's answer, the fee). */
export type RefundChanges = Partial<
  Pick<
    RefundRow,
    | "approvedBy"
    | "refusedBy"
    | "refuseReason"
    | "decidedAt"
    | "redeemedVoucherConfirmedBy"
    | "providerRefundId"
    | "failureCode"
    | "failureMessage"
    | "feeRefundedMinor"
    | "submittedAt"
    | "succeededAt"
    | "failedAt"
    | "nextQueryAt"
  >
>;

export interface RefundEffects {
  set?: RefundChanges;
  /**
   * When a success or failure happened by the provider's clock (its notice or answer): the
   * time its statement lists the refund at, which reconciliation judges against a
   * statement's period. Ours, when the provider gave none (and for cash, where we are it).
   */
  at?: Date | null;
  /** What the audit row records besides the refund's id and amount (reason, provider ids). */
  audit?: Record<string, unknown>;
  /**
   * The order's status the live event reports; or the change this transition makes to the
   * order and its voucher (a success refunds it), run after the refund's roll-ups, returning
   * the order's status then.
   */
  order: OrderStatus | ((refund: RefundRow) => Promise<OrderStatus>);
}

/** The audit action of a move to `to`. */
function auditAction(to: RefundStatus, after: RefundRow): string {
  switch (to) {
    case "awaiting_approval":
      return "refund.request";
    case "requested":
      return "refund.approve";
    case "pending":
      return "refund.pending";
    case "succeeded":
      return "refund.succeed";
    case "failed":
      return after.refusedBy ? "refund.refuse" : "refund.fail";
  }
}

/**
 * The one way a refund's status changes, in the caller's transaction: checks the transition
 * table, updates the row only while it still is in a status allowed to move to `to`, then
 * writes what the move implies — a failure gives its amount back to the attempt's refundable
 * sum (and, when the provider refused, a failure record); a success counts in the roll-ups
 * and, in cash, in the drawer's shift it was handed out of (server/shifts),
 * changes the order and its voucher, re-opens the reconciled day it lands on if that day was
 * closed, and queues the customer's e-mail; every move has its
 * audit row and live event. Returns the updated row, or null when another transaction moved
 * the refund first.
 */
export async function transitionRefund(
  tx: Tx,
  actor: Actor,
  refund: RefundRow,
  to: RefundStatus,
  effects: RefundEffects,
): Promise<RefundRow | null> {
  assertRefundTransition(refund.status, to);
  const now = new Date();
  const at = effects.at ?? now;
  const settled = to === "succeeded" || to === "failed";
  const [row] = await tx
    .update(refunds)
    .set({
      ...(settled ? { nextQueryAt: null } : {}),
      ...(to === "succeeded"
        ? { succeededAt: at, shiftId: await shiftPayingRefund(tx, actor, refund) }
        : {}),
      ...(to === "failed" ? { failedAt: at } : {}),
      ...effects.set,
      status: to,
      updatedAt: now,
    })
    .where(and(eq(refunds.id, refund.id), inArray(refunds.status, refundStatusesInto(to))))
    .returning();
  if (!row) return null;
  if (to === "failed") {
    // The amount was held against the attempt since the refund was asked: it is free again.
    await tx
      .update(paymentAttempts)
      .set({ refundedMinor: sql`${paymentAttempts.refundedMinor} - ${row.amountMinor}` })
      .where(eq(paymentAttempts.id, row.attemptId));
    if (!row.refusedBy) await recordRefundFailure(tx, row);
  }
  await recordAudit(tx, actor, {
    merchantId: row.merchantId,
    action: auditAction(to, row),
    entityType: "order",
    entityId: row.orderId,
    before: { refundStatus: refund.status },
    after: {
      refundId: row.id,
      refundStatus: to,
      amountMinor: row.amountMinor.toString(),
      currency: row.currency,
      ...effects.audit,
    },
  });
  if (to === "succeeded") {
    await bumpRefundRollups(tx, row);
    await reopenClosedDay(tx, actor, row.merchantId, row.methodId, row.succeededAt ?? at, "refund");
  }
  const orderStatus =
    typeof effects.order === "function" ? await effects.order(row) : effects.order;
  if (to === "succeeded")
    await queueCustomerNotice(tx, row.attemptId, "refund_succeeded", null, {
      id: row.id,
      amountMinor: row.amountMinor,
    });
  await publishEvent(tx, {
    merchantId: row.merchantId,
    orderId: row.orderId,
    token: null,
    orderStatus,
    attemptStatus: null,
  });
  return row;
}

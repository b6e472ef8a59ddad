import { one } from "@/db/one";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { paymentAttempts, paymentMethods, refunds } from "@/db/schema";
import type { Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import type { NormalizedRefund, RefundRequestResult } from "@/server/connectors/types";
import { lockOrder } from "@/server/payments/order-lock.service";
import {
  alertRefundOutside,
  type PaymentReference,
} from "@/server/payments/outside-movement.service";
import { discountSoFar } from "@/server/payments/parts.service";
import { transitionOrder, type OrderRow } from "@/server/payments/order-transition.service";
import { transitionRefund, type RefundRow } from "@/server/payments/refund-transition.service";
import { canTransitionRefund } from "@/server/payments/state.logic";
import {
  voidVoucherForOrder,
  withdrawVoucherUsesForRefund,
} from "@/server/vouchers/redemption.service";
import { feeRefunded } from "./refund.logic";

/** Between queries of a refund the provider has not settled: soon at first, then less often. */
const queryDelaysMs = [60_000, 5 * 60_000, 30 * 60_000];
const longestQueryDelayMs = 2 * 3_600_000;
export const nextQueryAt = (count: number, now = new Date()) =>
  new Date(now.getTime() + (queryDelaysMs[count] ?? longestQueryDelayMs));

/** Locks the refund's order, then the refund (the order first, as every payment writer does). */
async function lockRefund(tx: Tx, refundId: string) {
  const [found] = await tx
    .select({ merchantId: refunds.merchantId, orderId: refunds.orderId })
    .from(refunds)
    .where(eq(refunds.id, refundId));
  if (!found) return null;
  const order = await lockOrder(tx, found.merchantId, found.orderId);
  const refund = one(
    await tx.select().from(refunds).where(eq(refunds.id, refundId)).for("update"),
    "refund",
  );
  return { order, refund };
}

/** Succeeded refunds of an attempt so far (the order's lock keeps it still). */
async function succeededSum(tx: Tx, attemptId: string): Promise<bigint> {
  const row = one(
    await tx
      .select({ sum: sql<string>`coalesce(sum(${refunds.amountMinor}), 0)::text` })
      .from(refunds)
      .where(and(eq(refunds.attemptId, attemptId), eq(refunds.status, "succeeded"))),
    "sum",
  );
  return BigInt(row.sum);
}

/** Succeeded refunds of the payments that paid the order (all its parts, never a duplicate). */
async function orderRefundedSum(tx: Tx, orderId: string): Promise<bigint> {
  const row = one(
    await tx
      .select({ sum: sql<string>`coalesce(sum(${refunds.amountMinor}), 0)::text` })
      .from(refunds)
      .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
      .where(
        and(
          eq(refunds.orderId, orderId),
          eq(refunds.status, "succeeded"),
          eq(paymentAttempts.isDuplicate, false),
        ),
      ),
    "sum",
  );
  return BigInt(row.sum);
}

/**
 * What a refund's success changes beyond itself: the order (refunded once its parts are
 * given back in full, partially refunded before) and its voucher (void after a full refund,
 * fewer uses after a partial one). A refund of a duplicate payment leaves the order alone:
 * the order was paid by other attempts; so does the refund of a part of an order cancelled
 * before it was paid in full (it never had a voucher, and stays cancelled).
 */
async function refundOrder(
  tx: Tx,
  actor: Actor,
  order: OrderRow,
  attempt: typeof paymentAttempts.$inferSelect,
  refund: RefundRow,
) {
  if (attempt.isDuplicate || order.paidAt === null) return order.status;
  const refunded = await orderRefundedSum(tx, order.id);
  // Fully refunded once the customer has everything back they paid: a promotion's discount
  // was never paid, so it is never given back (nor returned to the promotion's budget).
  const customerPaid = order.amountMinor - (await discountSoFar(tx, order.id));
  const full = refunded === customerPaid;
  // The customer reads this on the receipt: no internal id (the audit row names the refund).
  const reason = full ? "Order refunded" : "Order partly refunded";
  const moved = await transitionOrder(tx, actor, order, full ? "refunded" : "partially_refunded", {
    audit: { refundId: refund.id, refundedMinor: refunded.toString() },
    follow: async () => {
      if (full) await voidVoucherForOrder(tx, actor, order.merchantId, order.id, reason);
      else
        await withdrawVoucherUsesForRefund(
          tx,
          actor,
          order.merchantId,
          order.id,
          { paidMinor: customerPaid, refundedMinor: refunded },
          reason,
        );
    },
    event: false,
  });
  // The order's lock is held: nothing else can have moved it meanwhile.
  if (!moved) throw new Error(`order ${order.id} changed under its lock`);
  return moved.status;
}

/**
 * Applies the provider's word on a refund (its answer to our request, a query, or a
 * notification) through the one transition path, in the caller's transaction. Returns
 * whether it changed anything: a repeat, or news older than what we know, changes nothing.
 */
export async function settleRefund(
  tx: Tx,
  actor: Actor,
  refundId: string,
  answer: RefundRequestResult,
): Promise<"applied" | "ignored"> {
  const locked = await lockRefund(tx, refundId);
  if (!locked) return "ignored";
  const { order, refund } = locked;
  if (!canTransitionRefund(refund.status, answer.status)) return "ignored";
  const providerRefundId = answer.providerRefundId ?? refund.providerRefundId;
  if (answer.status === "pending") {
    await transitionRefund(tx, actor, refund, "pending", {
      set: { providerRefundId, nextQueryAt: nextQueryAt(refund.queryCount) },
      audit: { providerRefundId },
      order: order.status,
    });
    return "applied";
  }
  if (answer.status === "failed") {
    await transitionRefund(tx, actor, refund, "failed", {
      at: answer.settledAt,
      set: {
        providerRefundId,
        failureCode: answer.failureCode ?? "REFUND_FAILED",
        failureMessage: answer.failureMessage,
      },
      audit: { providerRefundId, code: answer.failureCode, message: answer.failureMessage },
      order: order.status,
    });
    return "applied";
  }
  const { attempt, rule } = one(
    await tx
      .select({ attempt: paymentAttempts, rule: paymentMethods.refundFeeRule })
      .from(paymentAttempts)
      .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
      .where(eq(paymentAttempts.id, refund.attemptId)),
    "refunded payment",
  );
  const before = await succeededSum(tx, attempt.id);
  const fee = feeRefunded(
    rule,
    { amountMinor: attempt.amountMinor, feeMinor: attempt.feeMinor ?? 0n },
    before,
    before + refund.amountMinor,
  );
  await transitionRefund(tx, actor, refund, "succeeded", {
    at: answer.settledAt,
    set: { providerRefundId, feeRefundedMinor: fee },
    audit: { providerRefundId, feeRefundedMinor: fee.toString() },
    order: (done) => refundOrder(tx, actor, order, attempt, done),
  });
  return "applied";
}

/** Our refund a notice names (`byId`), only among this method's refunds of the payment it names. */
function findNoticedRefund(tx: Tx, methodId: string, ref: PaymentReference, byId: SQL) {
  return tx
    .select({
      id: refunds.id,
      attemptId: refunds.attemptId,
      merchantId: refunds.merchantId,
      orderId: refunds.orderId,
      status: refunds.status,
      amountMinor: refunds.amountMinor,
      currency: refunds.currency,
    })
    .from(refunds)
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
    .where(
      and(
        byId,
        eq(refunds.methodId, methodId),
        "token" in ref
          ? eq(paymentAttempts.token, ref.token)
          : eq(paymentAttempts.providerTxnId, ref.paymentTxnId),
      ),
    );
}

/** The payment a notice names: by our token, or by the provider's id of it. */
function paymentOf(notice: NormalizedRefund): PaymentReference | null {
  if (notice.attemptToken) return { token: notice.attemptToken };
  return notice.paymentTxnId ? { paymentTxnId: notice.paymentTxnId } : null;
}

/**
 * A verified refund notification, in the inbox's transaction: found by our refund id (or the
 * provider's), only among this method's refunds of the payment it names. A success that
 * names another amount (or currency) than the refund we hold is never applied: like a
 * payment's, it is flagged — an alert, an audit row, and the inbox's mismatch — and the
 * refund stays open for its query to settle.
 */
export async function applyRefundNotice(
  tx: Tx,
  method: { merchantId: string; methodId: string },
  notice: NormalizedRefund,
  actor: Actor,
): Promise<
  | { outcome: "applied" | "ignored"; attemptId: string | null; detail?: string }
  | { outcome: "mismatch"; attemptId: string; detail: string }
> {
  const { methodId } = method;
  // Our refund ids are UUIDs: a provider's echo of anything else names none of ours.
  const byId =
    notice.merchantRefundId && z.uuid().safeParse(notice.merchantRefundId).success
      ? eq(refunds.id, notice.merchantRefundId)
      : notice.refundId
        ? eq(refunds.providerRefundId, notice.refundId)
        : null;
  const ref = paymentOf(notice);
  if (!ref) return { outcome: "ignored", attemptId: null };
  const [found] = byId ? await findNoticedRefund(tx, methodId, ref, byId) : [];
  if (!found) {
    // Not one of ours: a refund made at the provider (its own console), told to the owner
    // once it succeeded; never recorded as a refund of ours.
    if (notice.status !== "succeeded") return { outcome: "ignored", attemptId: null };
    const detail = await alertRefundOutside(tx, method, {
      ref,
      amountMinor: notice.amountMinor,
      currency: notice.currency,
      providerRefundId: notice.refundId,
    });
    return { outcome: "ignored", attemptId: null, detail };
  }
  if (
    notice.status === "succeeded" &&
    canTransitionRefund(found.status, "succeeded") &&
    (notice.amountMinor !== found.amountMinor ||
      (notice.currency ?? found.currency) !== found.currency)
  ) {
    const details = {
      refundId: found.id,
      expected: `${found.amountMinor} ${found.currency}`,
      received: `${notice.amountMinor ?? "?"} ${notice.currency ?? ""}`.trim(),
      providerRefundId: notice.refundId,
    };
    await raiseAlert(tx, {
      merchantId: found.merchantId,
      kind: "amount_mismatch",
      entityType: "order",
      entityId: found.orderId,
      details,
    });
    await recordAudit(tx, actor, {
      merchantId: found.merchantId,
      action: "refund.amount_mismatch",
      entityType: "order",
      entityId: found.orderId,
      after: details,
    });
    return {
      outcome: "mismatch",
      attemptId: found.attemptId,
      detail: `refund ${found.id}: expected ${details.expected}, notified ${details.received}`,
    };
  }
  const outcome = await settleRefund(tx, actor, found.id, {
    status: notice.status,
    providerRefundId: notice.refundId,
    failureCode: notice.status === "failed" ? "REFUND_FAILED" : null,
    failureMessage: notice.status === "failed" ? "The provider reported the refund failed" : null,
    settledAt: notice.occurredAt,
  });
  return { outcome, attemptId: found.attemptId };
}

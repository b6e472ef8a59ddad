import { one } from "@/db/one";
import { and, eq, sql } from "drizzle-orm";
import { merchants, paymentAttempts, paymentMethods, refunds } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { approvesRefunds, asksRefunds, type Role } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";
import { formatMinor } from "@/server/money/currency";
import { lockOrder } from "@/server/payments/order-lock.service";
import type { OrderRow } from "@/server/payments/order-transition.service";
import { transitionRefund, type RefundRow } from "@/server/payments/refund-transition.service";
import { voucherRedemptionsOf } from "@/server/vouchers/redemption.service";
import { firstStatus, mayDecide, needsOwner, withinRefundWindow } from "./refund.logic";
import {
  type ApproveRefundInput,
  type RefuseRefundInput,
  type RequestRefundInput,
} from "./refund.schema";
import { getRefund } from "./refund-query.service";
import { settleRefund } from "./refund-settle.service";
import { submitRefund, type RefundDeps } from "./refund-provider.service";

/** Who acts: the audit's actor and the role they hold in the shop. */
export interface RefundActor {
  actor: Actor;
  role: Role;
}

const roleForbidden = () =>
  new DomainError("FORBIDDEN", "roleForbidden", "Your role may not do this");

async function shopRule(tx: DbOrTx, merchantId: string) {
  const shops = await tx
    .select({
      thresholdMinor: merchants.refundApprovalThresholdMinor,
      defaultCurrency: merchants.defaultCurrency,
    })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  return one(shops, "merchant");
}

/**
 * An order whose voucher was already used at the counter is refunded only with a manager's
 * explicit confirmation, given with who used it and when in front of them.
 */
async function assertVoucherConfirmed(
  tx: Tx,
  merchantId: string,
  orderId: string,
  confirmed: boolean | undefined,
) {
  const used = await voucherRedemptionsOf(tx, merchantId, orderId);
  if (used.count === 0 || confirmed) return used.count > 0;
  throw new DomainError(
    "INVALID_STATE",
    "refundRedeemedVoucher",
    "The order's voucher was already redeemed: confirm the refund to go on",
    {
      uses: used.count,
      by: used.last?.staffName ?? "—",
      at: used.last?.at.toISOString() ?? "",
    },
  );
}

/** The payment to refund: the one named (of this order), or the one that paid the order. */
async function lockPayment(tx: Tx, order: { id: string }, attemptId: string | undefined) {
  const [attempt] = await tx
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.orderId, order.id),
        eq(paymentAttempts.status, "succeeded"),
        attemptId ? eq(paymentAttempts.id, attemptId) : eq(paymentAttempts.isDuplicate, false),
      ),
    )
    .for("update");
  if (!attempt)
    throw new DomainError(
      "INVALID_STATE",
      "nothingToRefund",
      "This order has no payment to refund",
    );
  return attempt;
}

/**
 * A cash refund is handed over from the store's drawer by whoever approves it: it is done at
 * once, in the transaction that approves it, and its audit row names the store and person.
 */
async function settleCash(tx: Tx, actor: Actor, refund: RefundRow) {
  await settleRefund(tx, actor, refund.id, {
    status: "succeeded",
    providerRefundId: null,
    failureCode: null,
    failureMessage: null,
    // Handed over now: our clock is the only one.
    settledAt: null,
  });
}

/**
 * Asks for a refund of (part of) an order's payment. The amount is held against the payment
 * at once by a conditional UPDATE (refunded_minor + amount ≤ paid, backed by the table's
 * CHECK), so concurrent requests can never together give back more than was paid. A refund
 * past the method's refund window is refused. The decider's own request goes to the
 * provider at once (cash is done at once); any other waits for approval.
 */
export async function requestRefund(
  db: Db,
  who: RefundActor,
  merchantId: string,
  input: RequestRefundInput,
  deps: RefundDeps,
) {
  if (!asksRefunds.includes(who.role)) throw roleForbidden();
  const now = (deps.now ?? (() => new Date()))();
  const refund = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, merchantId, input.orderId);
    const attempt = await lockPayment(tx, order, input.attemptId);
    return holdRefund(tx, who, order, attempt, input, now);
  });
  if (refund.status === "requested") await submitRefund(db, who.actor, refund.id, deps);
  return getRefund(db, merchantId, refund.id);
}

/**
 * The refund of one payment, in the caller's transaction (which holds the order's lock and
 * the payment's): held against the payment, approved at once when the asker may decide it
 * (a cash refund then done at once), its audit row written. The caller submits a requested
 * one to its provider after commit (submitRefund). A paid part of an order still waiting for
 * its other parts is not refunded alone: the order is cancelled, which refunds every part.
 */
export async function holdRefund(
  tx: Tx,
  who: RefundActor,
  order: OrderRow,
  attempt: typeof paymentAttempts.$inferSelect,
  input: Pick<
    RequestRefundInput,
    "amountMinor" | "reason" | "reasonText" | "confirmRedeemedVoucher"
  >,
  now: Date,
): Promise<RefundRow> {
  const merchantId = order.merchantId;
  if (order.status === "pending" && !attempt.isDuplicate)
    throw new DomainError(
      "INVALID_STATE",
      "partPaidOrder",
      "Part of this order is paid: cancel the order to refund its parts",
    );
  const method = one(
    await tx
      .select({ kind: paymentMethods.kind, windowDays: paymentMethods.refundWindowDays })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, attempt.methodId)),
    "payment method",
  );
  if (!withinRefundWindow(attempt.succeededAt ?? attempt.createdAt, now, method.windowDays))
    throw new DomainError(
      "INVALID_STATE",
      "refundWindowPassed",
      `This payment is older than the method's refund window (${method.windowDays} days)`,
      { days: method.windowDays },
    );
  const [held] = await tx
    .update(paymentAttempts)
    .set({ refundedMinor: sql`${paymentAttempts.refundedMinor} + ${input.amountMinor}` })
    .where(
      and(
        eq(paymentAttempts.id, attempt.id),
        sql`${paymentAttempts.refundedMinor} + ${input.amountMinor} <= ${paymentAttempts.amountMinor}`,
      ),
    )
    .returning({ id: paymentAttempts.id });
  if (!held) {
    const refundable = attempt.amountMinor - attempt.refundedMinor;
    throw new DomainError(
      "INVALID_STATE",
      "refundExceedsPaid",
      "The refund is more than what is left to refund of this payment",
      { refundable: formatMinor(refundable, attempt.currency, "en") },
    );
  }
  const status = firstStatus(
    who.role,
    needsOwner(input.amountMinor, attempt.currency, await shopRule(tx, merchantId)),
  );
  const decided = status === "requested";
  // The decider confirms a used voucher now; a cashier's request leaves it to the approver.
  const voucherUsed = decided
    ? await assertVoucherConfirmed(tx, merchantId, order.id, input.confirmRedeemedVoucher)
    : false;
  const created = one(
    await tx
      .insert(refunds)
      .values({
        merchantId,
        orderId: order.id,
        attemptId: attempt.id,
        methodId: attempt.methodId,
        status,
        amountMinor: input.amountMinor,
        currency: attempt.currency,
        reason: input.reason,
        reasonText: input.reasonText || null,
        requestedBy: who.actor.userId,
        approvedBy: decided ? who.actor.userId : null,
        decidedAt: decided ? now : null,
        redeemedVoucherConfirmedBy: voucherUsed ? who.actor.userId : null,
        // Should the request to the provider below never happen (the server stopping), the
        // active query makes it; the refund id keeps that from refunding twice.
        nextQueryAt: decided ? new Date(now.getTime() + 60_000) : null,
      })
      .returning(),
    "refund",
  );
  await recordAudit(tx, who.actor, {
    merchantId,
    action: "refund.request",
    entityType: "order",
    entityId: order.id,
    after: {
      refundId: created.id,
      attemptId: attempt.id,
      refundStatus: status,
      amountMinor: input.amountMinor.toString(),
      currency: attempt.currency,
      reason: input.reason,
      reasonText: input.reasonText ?? null,
    },
  });
  if (decided && method.kind === "cash") await settleCash(tx, who.actor, created);
  // A cash refund is settled already: re-read so the caller sees its status.
  return one(await tx.select().from(refunds).where(eq(refunds.id, created.id)), "refund");
}

/** Locks a refund of this merchant awaiting a decision the caller may take. */
async function lockForDecision(tx: Tx, who: RefundActor, merchantId: string, refundId: string) {
  if (!approvesRefunds.includes(who.role)) throw roleForbidden();
  const [found] = await tx
    .select({ orderId: refunds.orderId })
    .from(refunds)
    .where(and(eq(refunds.id, refundId), eq(refunds.merchantId, merchantId)));
  if (!found) throw new DomainError("NOT_FOUND", "refundNotFound", "Refund not found");
  const order = await lockOrder(tx, merchantId, found.orderId);
  const refund = one(
    await tx.select().from(refunds).where(eq(refunds.id, refundId)).for("update"),
    "refund",
  );
  const ownerNeeded = needsOwner(
    refund.amountMinor,
    refund.currency,
    await shopRule(tx, merchantId),
  );
  if (!mayDecide(who.role, ownerNeeded))
    throw new DomainError(
      "FORBIDDEN",
      "refundNeedsOwner",
      "This refund is above the owner's approval amount: only the owner may decide it",
    );
  return { order, refund };
}

/** A manager (or, above the owner's threshold, the owner) approves a refund asked for. */
export async function approveRefund(
  db: Db,
  who: RefundActor,
  merchantId: string,
  input: ApproveRefundInput,
  deps: RefundDeps,
) {
  const now = (deps.now ?? (() => new Date()))();
  const approved = await db.transaction(async (tx) => {
    const { order, refund } = await lockForDecision(tx, who, merchantId, input.refundId);
    const voucherUsed =
      refund.status === "awaiting_approval" &&
      (await assertVoucherConfirmed(tx, merchantId, order.id, input.confirmRedeemedVoucher));
    const moved = await transitionRefund(tx, who.actor, refund, "requested", {
      set: {
        approvedBy: who.actor.userId,
        decidedAt: now,
        redeemedVoucherConfirmedBy: voucherUsed ? who.actor.userId : null,
        nextQueryAt: new Date(now.getTime() + 60_000),
      },
      audit: { voucherRedeemedConfirmed: voucherUsed },
      order: order.status,
    });
    // The row is locked and the table allowed the move, so the update found it.
    if (!moved) throw new Error(`refund ${refund.id} did not move under its lock`);
    const method = one(
      await tx
        .select({ kind: paymentMethods.kind })
        .from(paymentMethods)
        .where(eq(paymentMethods.id, refund.methodId)),
      "payment method",
    );
    if (method.kind === "cash") await settleCash(tx, who.actor, moved);
    return moved;
  });
  if (approved.status === "requested") await submitRefund(db, who.actor, approved.id, deps);
  return getRefund(db, merchantId, approved.id);
}

/** A manager (or the owner) refuses a refund asked for, with the reason the asker reads. */
export async function refuseRefund(
  db: Db,
  who: RefundActor,
  merchantId: string,
  input: RefuseRefundInput,
) {
  await db.transaction(async (tx) => {
    const { order, refund } = await lockForDecision(tx, who, merchantId, input.refundId);
    if (refund.status !== "awaiting_approval")
      throw new DomainError(
        "INVALID_STATE",
        "invalidTransition",
        `The refund cannot go from ${refund.status} to refused`,
        { from: refund.status, to: "failed" },
      );
    await transitionRefund(tx, who.actor, refund, "failed", {
      set: { refusedBy: who.actor.userId, refuseReason: input.reason, decidedAt: new Date() },
      audit: { refuseReason: input.reason },
      order: order.status,
    });
  });
  return getRefund(db, merchantId, input.refundId);
}

import { and, eq } from "drizzle-orm";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { orders, paymentAttempts } from "@/db/schema";
import type { Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import type { NormalizedEvent } from "@/server/connectors/types";
import { transitionAttempt, type AttemptRow } from "./attempt-transition.service";
import type { OrderRow } from "./order-transition.service";
import { failAttempt, succeedAttempt } from "./payment-outcome.service";
import { canTransitionAttempt } from "./state.logic";
import { one } from "@/db/one";

export type ApplyResult =
  | { outcome: "applied" }
  | { outcome: "ignored"; detail: string }
  | { outcome: "mismatch"; detail: string };

/**
 * Applies a verified provider event to its attempt, in the caller's transaction. The order
 * and then the attempt are locked, so two deliveries of one event (or two events of one
 * payment) apply one after the other and the second finds the work done. Order first, as
 * every other writer does (createAttempt, payCash, cancelOrder lock the order, then update
 * its attempts): locking the attempt first deadlocked against a new payment request.
 */
export async function applyProviderEvent(
  tx: Tx,
  methodId: string,
  event: NormalizedEvent,
  actor: Actor,
): Promise<ApplyResult & { attemptId: string | null }> {
  // An attempt never changes order, so finding its order needs no lock.
  // The order is found through the attempt's reference and locked in the same statement (an
  // attempt never changes order); the attempt is then locked by that reference too.
  const ofEvent = and(
    eq(paymentAttempts.token, event.attemptToken),
    eq(paymentAttempts.methodId, methodId),
  );
  const [order] = await tx
    .select()
    .from(orders)
    .where(
      eq(
        orders.id,
        tx.select({ orderId: paymentAttempts.orderId }).from(paymentAttempts).where(ofEvent),
      ),
    )
    .for("update");
  if (!order)
    return {
      outcome: "ignored",
      detail: "no payment request with this reference for this method",
      attemptId: null,
    };
  const attempt = one(
    await tx.select().from(paymentAttempts).where(ofEvent).for("update"),
    "attempt",
  );
  const result = await applyToAttempt(tx, attempt, order, event, actor);
  return { ...result, attemptId: attempt.id };
}

async function applyToAttempt(
  tx: Tx,
  attempt: AttemptRow,
  order: OrderRow,
  event: NormalizedEvent,
  actor: Actor,
): Promise<ApplyResult> {
  if (event.outcome === "pending") {
    if (!canTransitionAttempt(attempt.status, "pending"))
      return { outcome: "ignored", detail: `already ${attempt.status}` };
    await transitionAttempt(tx, actor, attempt, "pending", { order: order.status });
    return { outcome: "applied" };
  }

  if (event.outcome === "succeeded") {
    // A repeat of a success already applied (even one claiming another amount) changes nothing.
    if (attempt.status === "succeeded") return { outcome: "ignored", detail: "already succeeded" };
    if (event.amountMinor !== attempt.amountMinor || event.currency !== attempt.currency) {
      // Never paid on a wrong amount: flag the attempt, alert, change no status.
      await tx
        .update(paymentAttempts)
        .set({ amountMismatch: true, updatedAt: new Date() })
        .where(eq(paymentAttempts.id, attempt.id));
      const details = {
        attemptId: attempt.id,
        expected: `${attempt.amountMinor} ${attempt.currency}`,
        received: `${event.amountMinor} ${event.currency}`,
        providerTxnId: event.providerTxnId,
      };
      await raiseAlert(tx, {
        merchantId: order.merchantId,
        kind: "amount_mismatch",
        entityType: "order",
        entityId: order.id,
        details,
      });
      await recordAudit(tx, actor, {
        merchantId: order.merchantId,
        action: "attempt.amount_mismatch",
        entityType: "order",
        entityId: order.id,
        after: details,
      });
      return {
        outcome: "mismatch",
        detail: `expected ${details.expected}, notified ${details.received}`,
      };
    }
    if (!canTransitionAttempt(attempt.status, "succeeded"))
      return { outcome: "ignored", detail: `cannot succeed from ${attempt.status}` };
    await succeedAttempt(tx, actor, attempt, order, {
      providerTxnId: event.providerTxnId,
      at: event.occurredAt,
      buyerId: event.buyerId ?? null,
    });
    return { outcome: "applied" };
  }

  // A failure: only an open attempt can fail. After a success it is out of order and changes nothing.
  if (!canTransitionAttempt(attempt.status, "failed"))
    return { outcome: "ignored", detail: `out of order: attempt already ${attempt.status}` };
  await failAttempt(tx, actor, attempt, order, {
    status: "failed",
    code: event.failureCode,
    message: event.failureMessage,
    reason: event.failureReason ?? "unknown",
  });
  return { outcome: "applied" };
}

import { and, eq, getTableColumns, sql, type SQL, type SQLWrapper, type Table } from "drizzle-orm";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { orders, paymentAttempts } from "@/db/schema";
import { statementTemplate, type Placeholders } from "@/db/statement-template";
import type { DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import type { NormalizedEvent } from "@/server/connectors/types";
import { transitionAttempt, type AttemptRow } from "./attempt-transition.service";
import type { OrderRow } from "./order-transition.service";
import { failAttempt, succeedAttempt } from "./payment-outcome.service";
import { canTransitionAttempt } from "./state.logic";

export type ApplyResult =
  | { outcome: "applied" }
  | { outcome: "ignored"; detail: string }
  | { outcome: "mismatch"; detail: string };

/** The order and attempt a provider event is about, locked (see lockEventPayment). */
export interface LockedPayment {
  order: OrderRow;
  attempt: AttemptRow;
}

/**
 * Applies a verified provider event to its attempt, in the caller's transaction: the payment
 * locked (lockEventPayment), then the event applied to it (applyToLockedPayment).
 */
export async function applyProviderEvent(
  tx: Tx,
  methodId: string,
  event: NormalizedEvent,
  actor: Actor,
): Promise<ApplyResult & { attemptId: string | null }> {
  const locked = await lockEventPayment(tx, methodId, event.attemptToken);
  return applyToLockedPayment(tx, locked, event, actor);
}

/**
 * Every column of `table` under its key with a prefix (`o_id`): a locked payment's two tables
 * name columns alike, which the columns of a subquery may not.
 */
function prefixedColumns<T extends Table>(table: T, prefix: string) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => [
      key,
      sql`${column}`.mapWith(column).as(`${prefix}${column.name}`),
    ]),
  ) as { [K in keyof T["$inferSelect"]]: SQL.Aliased<T["$inferSelect"][K]> };
}

/**
 * The order and the attempt `which` finds, locked by one statement (an attempt never changes
 * order). PostgreSQL locks a join's rows table by table in the order of the FROM list, so the
 * order is still locked before its attempt. NO KEY UPDATE, as the transitions' own UPDATEs
 * lock: a row naming this attempt (its inbox row) holds a KEY SHARE lock on it through its
 * foreign key, which FOR UPDATE would wait for; NO KEY UPDATE still makes deliveries take
 * their turns on the order.
 */
export function lockPaymentQuery(db: DbOrTx, which: SQL | undefined) {
  return db
    .select({
      order: prefixedColumns(orders, "o_"),
      attempt: prefixedColumns(paymentAttempts, "a_"),
    })
    .from(orders)
    .innerJoin(paymentAttempts, eq(paymentAttempts.orderId, orders.id))
    .where(which)
    .for("no key update");
}

/** The attempt a provider's event names: its reference (our token) among the method's attempts. */
export function attemptOfReference(methodId: SQLWrapper, token: SQLWrapper) {
  return and(eq(paymentAttempts.token, token), eq(paymentAttempts.methodId, methodId));
}

const lockPaymentByToken = statementTemplate(
  "lock_payment_by_token",
  (db, v: Placeholders<{ methodId: string; token: string }>) =>
    lockPaymentQuery(db, attemptOfReference(v.methodId, v.token)),
);

/**
 * Locks the order and then the attempt an event's reference names, so two deliveries of one
 * event (or two events of one payment) apply one after the other and the second finds the
 * work done; null when the method has no attempt of that reference. Order first, as every
 * other writer does (createAttempt, payCash, cancelOrder lock the order, then update its
 * attempts): locking the attempt first deadlocked against a new payment request.
 */
export async function lockEventPayment(
  tx: Tx,
  methodId: string,
  attemptToken: string,
): Promise<LockedPayment | null> {
  const [locked] = await lockPaymentByToken(tx, { methodId, token: attemptToken });
  return locked ?? null;
}

/** Applies a verified provider event to the payment lockEventPayment locked (null: none found). */
export async function applyToLockedPayment(
  tx: Tx,
  locked: LockedPayment | null,
  event: NormalizedEvent,
  actor: Actor,
): Promise<ApplyResult & { attemptId: string | null }> {
  if (!locked)
    return {
      outcome: "ignored",
      detail: "no payment request with this reference for this method",
      attemptId: null,
    };
  const result = await applyToAttempt(tx, locked.attempt, locked.order, event, actor);
  return { ...result, attemptId: locked.attempt.id };
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

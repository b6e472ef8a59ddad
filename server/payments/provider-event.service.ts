import {
  and,
  Column,
  eq,
  getTableColumns,
  is,
  sql,
  type SQL,
  type SQLWrapper,
  type Table,
} from "drizzle-orm";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { orders, paymentAttempts, paymentMethodFees, paymentMethods } from "@/db/schema";
import { statementTemplate, type Placeholders } from "@/db/statement-template";
import type { DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import type { NormalizedEvent } from "@/server/connectors/types";
import { transitionAttempt, type AttemptRow } from "./attempt-transition.service";
import type { OrderRow } from "./order-transition.service";
import {
  failAttempt,
  paymentTermsFields,
  succeedAttempt,
  type PaymentTerms,
} from "./payment-outcome.service";
import { canTransitionAttempt } from "./state.logic";
import { feeAmountsJoin } from "./method-fees.service";

export type ApplyResult =
  | { outcome: "applied" }
  | { outcome: "ignored"; detail: string }
  | { outcome: "mismatch"; detail: string };

/** The order and attempt a provider event is about, locked (see lockEventPayment). */
export interface LockedPayment {
  order: OrderRow;
  attempt: AttemptRow;
  /** A success's terms, when read with the lock (lockPaymentQuery's `withTerms`). */
  terms?: PaymentTerms | null;
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
  return prefixedFields(getTableColumns(table), prefix) as {
    [K in keyof T["$inferSelect"]]: SQL.Aliased<T["$inferSelect"][K]>;
  };
}

/** What a field reads: a column's value (null unless the column is not null), or its SQL's type. */
type FieldData<F> =
  F extends SQL<infer T>
    ? T
    : F extends Column
      ? F["_"]["notNull"] extends true
        ? F["_"]["data"]
        : F["_"]["data"] | null
      : never;

/** Fields (columns, or SQL read as it is) named with a prefix, as prefixedColumns. */
function prefixedFields<F extends Record<string, Column | SQL>>(fields: F, prefix: string) {
  return Object.fromEntries(
    Object.entries(fields).map(([key, field]) => [
      key,
      is(field, Column)
        ? sql`${field}`.mapWith(field).as(`${prefix}${field.name}`)
        : field.as(`${prefix}${key}`),
    ]),
  ) as { [K in keyof F]: SQL.Aliased<FieldData<F[K]>> };
}

/**
 * The order and the attempt `which` finds, locked by one statement (an attempt never changes
 * order). PostgreSQL locks a join's rows table by table in the order of the FROM list, so the
 * order is still locked before its attempt. NO KEY UPDATE, as the transitions' own UPDATEs
 * lock: a row naming this attempt (its inbox row) holds a KEY SHARE lock on it through its
 * foreign key, which FOR UPDATE would wait for; NO KEY UPDATE still makes deliveries take
 * their turns on the order. `withTerms`: the terms a success is made under
 * (paymentTermsFields) read by the same statement, a statement fewer (see succeedAttempt for
 * what a wait for the lock does to them); their rows (the method's, the shift's) are not
 * locked for update.
 */
export function lockPaymentQuery(db: DbOrTx, which: SQL | undefined, withTerms = false) {
  const terms = withTerms
    ? prefixedFields(
        paymentTermsFields(db, {
          orderId: sql`${orders.id}`,
          merchantId: sql`${orders.merchantId}`,
          cashierId: sql`${paymentAttempts.createdBy}`,
          storeId: sql`${orders.storeId}`,
        }),
        "t_",
      )
    : undefined;
  const locking = db
    .select({
      order: prefixedColumns(orders, "o_"),
      attempt: prefixedColumns(paymentAttempts, "a_"),
      ...(terms && { terms }),
    })
    .from(orders)
    .innerJoin(paymentAttempts, eq(paymentAttempts.orderId, orders.id))
    .$dynamic();
  // The terms' fee rule is the method's row with its amounts in the attempt's currency.
  return (
    terms
      ? locking
          .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
          .leftJoin(paymentMethodFees, feeAmountsJoin(paymentAttempts.currency))
      : locking
  )
    .where(which)
    .for("no key update", lockedRows);
}

/** The rows lockPaymentQuery locks: never the method's, which every notification reads. */
const lockedRows = { of: [orders, paymentAttempts] };

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
  const result = await applyToAttempt(tx, locked, event, actor);
  return { ...result, attemptId: locked.attempt.id };
}

async function applyToAttempt(
  tx: Tx,
  { attempt, order, terms }: LockedPayment,
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
    await succeedAttempt(
      tx,
      actor,
      attempt,
      order,
      {
        providerTxnId: event.providerTxnId,
        at: event.occurredAt,
        buyerId: event.buyerId ?? null,
      },
      terms ?? undefined,
    );
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

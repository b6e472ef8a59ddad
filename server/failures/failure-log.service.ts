import { and, eq, inArray, isNotNull, isNull, ne, sql, type SQLWrapper } from "drizzle-orm";
import { one } from "@/db/one";
import { orders, paymentAttempts, paymentFailures, refunds } from "@/db/schema";
import { setTo, statementTemplate, type Placeholders } from "@/db/statement-template";
import type { Tx } from "@/db/types";
import { bumpRecoveryOnFailure, bumpRecoveryOnPayment } from "@/server/analytics/rollup.service";
import { queueCustomerNotice } from "@/server/notices/customer-notice.service";
import { failureReasons, type FailureReason } from "@/server/payments/failure-reasons.logic";

/** The records failure analytics counts as an order's failures (server/analytics recovery roll-up). */
const countsForRecovery = inArray(paymentFailures.kind, ["failed", "expired"]);

/** The attempt column is free text: anything that is not one of our reasons reads as unknown. */
function asReason(value: string | null, status: string): FailureReason {
  if (value && (failureReasons as readonly string[]).includes(value)) return value as FailureReason;
  return status === "expired" ? "expired" : "unknown";
}

/**
 * Writes the failure record of an attempt that just failed or expired, in the transaction that
 * closed it, from the attempt as it now stands (its row as the closing UPDATE returned it:
 * reason, raw code and message), and queues the customer's e-mail for a provider's refusal. An
 * expiry sends nothing: the customer did not pay in time, usually by choice, and a message
 * about it would read as a reminder.
 */
export async function recordAttemptFailure(tx: Tx, attempt: typeof paymentAttempts.$inferSelect) {
  const kind = attempt.status === "expired" ? "expired" : "failed";
  const reason = asReason(attempt.failureReason, attempt.status);
  // The order's fields read by the insert itself: one statement where a read and an insert were.
  const ofOrder = (column: SQLWrapper) =>
    sql`(select ${column} from ${orders} where ${orders.id} = ${attempt.orderId})`;
  await tx.insert(paymentFailures).values({
    merchantId: attempt.merchantId,
    kind,
    orderId: attempt.orderId,
    attemptId: attempt.id,
    reason,
    providerCode: attempt.failureCode,
    providerMessage: attempt.failureMessage,
    methodId: attempt.methodId,
    methodKind: attempt.methodKind,
    storeId: ofOrder(orders.storeId),
    staffUserId: attempt.createdBy ?? ofOrder(orders.createdBy),
    amountMinor: attempt.amountMinor,
    currency: attempt.currency,
    customerContact: ofOrder(orders.customerContact),
    occurredAt: attempt.updatedAt,
  });
  await bumpRecoveryOnFailure(tx, attempt.orderId, attempt.methodKind);
  // The shop's own set-up failed, not the customer's payment: nothing to tell them by e-mail.
  if (kind === "failed" && reason !== "merchant_config")
    await queueCustomerNotice(tx, attempt.id, "payment_failed", reason);
}

/** A genuine notification claiming another amount or currency than its attempt's. */
export async function recordAmountMismatch(
  tx: Tx,
  input: {
    merchantId: string;
    methodId: string;
    methodKind: (typeof paymentAttempts.$inferSelect)["methodKind"];
    notificationId: string;
    attemptId: string;
    detail: string | null;
  },
) {
  const attempt = one(
    await tx
      .select({
        orderId: paymentAttempts.orderId,
        createdBy: paymentAttempts.createdBy,
        amountMinor: paymentAttempts.amountMinor,
        currency: paymentAttempts.currency,
        storeId: orders.storeId,
        orderCreatedBy: orders.createdBy,
        customerContact: orders.customerContact,
      })
      .from(paymentAttempts)
      .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
      .where(eq(paymentAttempts.id, input.attemptId)),
    "attempt",
  );
  await tx.insert(paymentFailures).values({
    merchantId: input.merchantId,
    kind: "amount_mismatch",
    orderId: attempt.orderId,
    attemptId: input.attemptId,
    notificationId: input.notificationId,
    reason: "amount_mismatch",
    providerCode: "AMOUNT_MISMATCH",
    providerMessage: input.detail?.slice(0, 500) ?? null,
    methodId: input.methodId,
    methodKind: input.methodKind,
    storeId: attempt.storeId,
    staffUserId: attempt.createdBy ?? attempt.orderCreatedBy,
    amountMinor: attempt.amountMinor,
    currency: attempt.currency,
    customerContact: attempt.customerContact,
  });
}

/**
 * A notification we could not verify: nothing in its body is trusted, and anyone who knows a
 * method's id can send one, so they are counted in one row per method and hour (the hour's
 * start as its time, the latest reason and inbox row) instead of a row each.
 */
export async function recordRejectedNotification(
  tx: Tx,
  input: {
    merchantId: string;
    methodId: string;
    methodKind: (typeof paymentAttempts.$inferSelect)["methodKind"];
    notificationId: string;
    detail: string;
    at: Date;
  },
) {
  const hour = new Date(input.at);
  hour.setUTCMinutes(0, 0, 0);
  await tx
    .insert(paymentFailures)
    .values({
      merchantId: input.merchantId,
      kind: "notification_rejected",
      notificationId: input.notificationId,
      reason: "unknown",
      providerCode: "NOTIFICATION_REJECTED",
      providerMessage: input.detail.slice(0, 500),
      methodId: input.methodId,
      methodKind: input.methodKind,
      occurredAt: hour,
    })
    .onConflictDoUpdate({
      target: [paymentFailures.methodId, paymentFailures.occurredAt],
      targetWhere: sql`${paymentFailures.kind} = 'notification_rejected'`,
      set: {
        occurrences: sql`${paymentFailures.occurrences} + 1`,
        notificationId: sql`excluded.notification_id`,
        providerMessage: sql`excluded.provider_message`,
      },
    });
}

/** The order's failure records a payment of it recovers: those not recovered yet. */
function recoverableFailuresOf(orderId: SQLWrapper) {
  return and(
    eq(paymentFailures.orderId, orderId),
    isNull(paymentFailures.recoveredAt),
    ne(paymentFailures.kind, "notification_rejected"),
  );
}

/**
 * Whether the order has failure records a payment of it would recover, as a column of a
 * statement that already runs (a success's UPDATE: server/payments/attempt-transition.service.ts):
 * most paid orders never failed, and then markOrderRecovered need not run at all.
 */
export function hasRecoverableFailures(orderId: SQLWrapper) {
  return sql<boolean>`exists (select 1 from ${paymentFailures} where ${recoverableFailuresOf(orderId)})`;
}

/** The order's failure records not recovered yet, marked recovered by the attempt: their kinds. */
const markFailuresRecovered = statementTemplate(
  "mark_failures_recovered",
  (db, v: Placeholders<{ orderId: string; at: Date; amountMinor: bigint; attemptId: string }>) =>
    db
      .update(paymentFailures)
      .set({
        recoveredAt: setTo(v.at),
        recoveredAmountMinor: setTo(v.amountMinor),
        recoveredAttemptId: setTo(v.attemptId),
      })
      .where(recoverableFailuresOf(v.orderId))
      .returning({ kind: paymentFailures.kind }),
);

/**
 * The order was just paid by `attempt` (in this transaction): its earlier failures are
 * recovered, with the amount and moment. Only this order's failures: a payment on another
 * order recovers nothing here.
 */
export async function markOrderRecovered(
  tx: Tx,
  orderId: string,
  attempt: { id: string; amountMinor: bigint },
  at: Date,
) {
  const marked = await markFailuresRecovered(tx, {
    orderId,
    at,
    amountMinor: attempt.amountMinor,
    attemptId: attempt.id,
  });
  // Most paid orders never failed: then nothing more is read.
  if (!marked.some((m) => m.kind === "failed" || m.kind === "expired")) return;
  // The recovery roll-up counts an order recovered once: when its first failure record is,
  // so not when one was recovered before this payment (by another attempt).
  const [earlier] = await tx
    .select({ id: paymentFailures.id })
    .from(paymentFailures)
    .where(
      and(
        eq(paymentFailures.orderId, orderId),
        countsForRecovery,
        isNotNull(paymentFailures.recoveredAt),
        sql`${paymentFailures.recoveredAttemptId} is distinct from ${attempt.id}`,
      ),
    )
    .limit(1);
  if (!earlier) await bumpRecoveryOnPayment(tx, orderId, attempt.amountMinor);
}

/**
 * The failure records of orders written in bulk (the demo's imported history), derived from
 * their attempts in one statement: one record per failed or expired attempt, recovered by
 * the order's later success when it has one.
 */
export async function backfillFailureLog(tx: Tx, orderIds: string[]) {
  if (orderIds.length === 0) return;
  const a = paymentAttempts;
  await tx.execute(sql`
    insert into ${paymentFailures} (
      merchant_id, kind, order_id, attempt_id, reason, provider_code, provider_message,
      method_id, method_kind, store_id, staff_user_id, amount_minor, currency, customer_contact,
      occurred_at, recovered_at, recovered_amount_minor, recovered_attempt_id)
    select ${a.merchantId}, ${a.status}::text::failure_kind, ${a.orderId}, ${a.id},
      coalesce(${a.failureReason}, case when ${a.status} = 'expired' then 'expired' else 'unknown' end),
      ${a.failureCode}, ${a.failureMessage}, ${a.methodId}, ${a.methodKind}, ${orders.storeId},
      coalesce(${a.createdBy}, ${orders.createdBy}), ${a.amountMinor}, ${a.currency},
      ${orders.customerContact}, ${a.updatedAt}, paid.succeeded_at, paid.amount_minor, paid.id
    from ${a}
    join ${orders} on ${orders.id} = ${a.orderId}
    left join ${a} as paid on paid.order_id = ${a.orderId} and paid.status = 'succeeded'
      and not paid.is_duplicate and paid.created_at >= ${a.createdAt}
    where ${a.orderId} = any(${sql.param(orderIds)}::text[]::uuid[]) and ${a.status} in ('failed', 'expired')`);
}

/**
 * A refund the provider refused (not one a manager refused: that is a decision, not a
 * failure), in the transaction that failed it, with what it was about copied in.
 */
export async function recordRefundFailure(tx: Tx, refund: typeof refunds.$inferSelect) {
  const row = one(
    await tx
      .select({
        methodKind: paymentAttempts.methodKind,
        storeId: orders.storeId,
        customerContact: orders.customerContact,
      })
      .from(paymentAttempts)
      .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
      .where(eq(paymentAttempts.id, refund.attemptId)),
    "refunded payment",
  );
  await tx.insert(paymentFailures).values({
    merchantId: refund.merchantId,
    kind: "refund_failed",
    orderId: refund.orderId,
    attemptId: refund.attemptId,
    refundId: refund.id,
    reason: "provider_error",
    providerCode: refund.failureCode,
    providerMessage: refund.failureMessage?.slice(0, 500) ?? null,
    methodId: refund.methodId,
    methodKind: row.methodKind,
    storeId: row.storeId,
    staffUserId: refund.requestedBy,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    customerContact: row.customerContact,
    occurredAt: refund.updatedAt,
  });
}

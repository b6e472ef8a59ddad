import { sql } from "drizzle-orm";
import { bigint, char, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { refundReasonEnum, refundStatusEnum } from "./enums";
import { orders, paymentAttempts, paymentMethods } from "./payments";
import { cashShifts } from "./shifts";
import { merchants } from "./tenancy";

const money = () => bigint({ mode: "bigint" });
const tstz = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * Money given back on one succeeded payment attempt (several partial refunds per attempt).
 * Its own id is the idempotency key sent to the provider (out_request_no, out_refund_no,
 * PayPal-Request-Id, Stripe Idempotency-Key), so asking again after a time-out never
 * refunds twice. The attempt's refunded_minor (with its CHECK) keeps the sum within what was
 * paid. Status changes only through transitionRefund (server/payments/refund-transition.service.ts).
 */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    attemptId: uuid()
      .notNull()
      .references(() => paymentAttempts.id, { onDelete: "cascade" }),
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id),
    status: refundStatusEnum().notNull(),
    amountMinor: money().notNull(),
    currency: char({ length: 3 }).notNull(),
    reason: refundReasonEnum().notNull(),
    reasonText: text(),
    requestedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    approvedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    refusedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    refuseReason: text(),
    decidedAt: tstz(),
    /** A manager confirmed refunding an order whose voucher was already redeemed. */
    redeemedVoucherConfirmedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    providerRefundId: text(),
    /** The provider's raw code and message when it refused (or a refusal by a manager). */
    failureCode: text(),
    failureMessage: text(),
    /** The fee the provider gave back, under the method's refund fee rule at success. */
    feeRefundedMinor: money(),
    /** The active query's schedule while the refund is requested or pending. */
    nextQueryAt: tstz(),
    queryCount: integer().notNull().default(0),
    createdAt: tstz().notNull().defaultNow(),
    submittedAt: tstz(),
    succeededAt: tstz(),
    failedAt: tstz(),
    /** A cash refund: the shift of the drawer it was handed out of (server/shifts). */
    shiftId: uuid().references(() => cashShifts.id),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index()
      .on(t.shiftId)
      .where(sql`${t.shiftId} is not null`),
    // The refunds list, newest first, keyset on (created_at, id), optionally by status.
    index().on(t.merchantId, t.createdAt, t.id),
    index().on(t.merchantId, t.status, t.createdAt, t.id),
    index().on(t.orderId, t.createdAt),
    index().on(t.attemptId),
    // A statement line's refund by the provider's refund id.
    index().on(t.methodId, t.providerRefundId),
    // Reconciliation: a method's settled refunds over the covered days.
    index()
      .on(t.methodId, t.succeededAt)
      .where(sql`${t.status} = 'succeeded'`),
    // The active query's claim: refunds the provider has not settled yet.
    index("refunds_open_by_next_query")
      .on(t.nextQueryAt)
      .where(sql`${t.status} in ('requested', 'pending')`),
  ],
);

/**
 * A refund the provider reported that Hexiao did not make (one made in the provider's own
 * console), each told to the owner by a refund_outside_hexiao alert. Not one of our refunds:
 * no order, figure or statement match changes. For a provider that reports a payment's
 * refunded total (Alipay, Stripe), the sum of a payment's rows is what was already told of
 * that total. Written only by server/payments/outside-movement.service.ts.
 */
export const outsideRefunds = pgTable(
  "outside_refunds",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id),
    /** The payment refunded, when the provider's ids name one of this method's. */
    attemptId: uuid().references(() => paymentAttempts.id, { onDelete: "cascade" }),
    /** Our payment reference as the provider gave it (a request token), if it gave one. */
    reference: text(),
    /** Null when the provider's report gave no amount. */
    amountMinor: money(),
    currency: char({ length: 3 }),
    providerRefundId: text(),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [index().on(t.attemptId)],
);

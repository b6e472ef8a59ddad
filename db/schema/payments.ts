import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import {
  alertStatusEnum,
  attemptStatusEnum,
  localeEnum,
  refundFeeRuleEnum,
  notificationOutcomeEnum,
  orderChannelEnum,
  orderStatusEnum,
  outboxStateEnum,
  paymentMethodKindEnum,
  paymentModeEnum,
  type FailureReason,
} from "./enums";
import { cashShifts } from "./shifts";
import { merchants, stores } from "./tenancy";

/** Money: integer minor units of the row's currency. */
const money = () => bigint({ mode: "bigint" });
const tstz = () => timestamp({ withTimezone: true, precision: 3 });

/** A way a merchant accepts money: a provider account (or the sandbox wallet, or cash) with its fee rule. */
export const paymentMethods = pgTable(
  "payment_methods",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    kind: paymentMethodKindEnum().notNull(),
    label: text().notNull(),
    enabled: boolean().notNull().default(true),
    mode: paymentModeEnum().notNull().default("sandbox"),
    /** ISO 4217 codes this method accepts. */
    currencies: text()
      .array()
      .notNull()
      .default(sql`'{CNY}'::text[]`),
    /** The fee's rate, the same in every currency; its amounts are per currency (paymentMethodFees). */
    feeRateBps: integer().notNull().default(0),
    settlementDelayDays: integer().notNull().default(1),
    /** How long a payment request stays payable. */
    requestTtlSeconds: integer().notNull().default(900),
    /** How long after a payment the provider still refunds it (Alipay, WeChat Pay: 365 days). */
    refundWindowDays: integer().notNull().default(365),
    /** Whether the provider gives its fee back on a refund (see refundFeeRules). */
    refundFeeRule: refundFeeRuleEnum().notNull().default("proportional"),
    /** Non-secret provider settings (app id, public keys, sandbox behaviour). */
    config: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Secrets (private keys, API keys), sealed with AES-256-GCM bound to this row's id. */
    credentialsSealed: text(),
    /** The last "check connection": when, whether the saved keys worked, and the provider's word if not. Reset when keys or mode change. */
    connectionCheckedAt: tstz(),
    connectionOk: boolean(),
    connectionError: text(),
    createdAt: tstz().notNull().defaultNow(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [index().on(t.merchantId, t.enabled)],
);

/**
 * A method's fee amounts in one of its currencies, in that currency's minor units (a fixed fee
 * of 30 is ¥0.30 in CNY but ¥30 in JPY): providers price per currency (PayPal's fixed fee is
 * 0.30 USD, 0.35 EUR, 40 JPY…). A currency the method takes without a row here is charged the
 * rate alone (server/payments/fee.logic.ts).
 */
export const paymentMethodFees = pgTable(
  "payment_method_fees",
  {
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    currency: char({ length: 3 }).notNull(),
    fixedMinor: money()
      .notNull()
      .default(sql`0`),
    minMinor: money(),
    maxMinor: money(),
  },
  (t) => [
    primaryKey({ columns: [t.methodId, t.currency] }),
    check(
      "payment_method_fees_amounts",
      sql`${t.fixedMinor} >= 0 and coalesce(${t.minMinor}, 0) >= 0 and coalesce(${t.maxMinor}, 0) >= 0`,
    ),
    check(
      "payment_method_fees_min_max",
      sql`${t.minMinor} is null or ${t.maxMinor} is null or ${t.minMinor} <= ${t.maxMinor}`,
    ),
  ],
);

export const orders = pgTable(
  "orders",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    /** Readable, unique per merchant: local date + sequence, e.g. 20261126-0001. */
    number: text().notNull(),
    status: orderStatusEnum().notNull().default("pending"),
    channel: orderChannelEnum().notNull().default("in_store"),
    currency: char({ length: 3 }).notNull(),
    amountMinor: money().notNull(),
    customerContact: text(),
    /** The recognised customer who paid it (server/customers), never the raw buyer id. */
    customerId: uuid().references((): AnyPgColumn => customers.id, { onDelete: "set null" }),
    /**
     * The language the customer read the pay page in (or the cashier gave at the counter): the
     * customer's e-mails go out in it. Null until known; then the shop's language stands in.
     */
    customerLocale: localeEnum(),
    note: text(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    paidAt: tstz(),
    /**
     * The item names, one per line, for the order search (server/payments/order-search.logic.ts):
     * a fragment of any of them finds the order. Items never change after the order is made.
     */
    itemsText: text().notNull().default(""),
    createdAt: tstz().notNull().defaultNow(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.merchantId, t.number),
    // Order search: any fragment of 3+ characters (pg_trgm, migration 0008) of the number or
    // of an item name, case-insensitive (ILIKE '%…%').
    index("orders_number_trgm").using("gin", t.number.op("gin_trgm_ops")),
    index("orders_items_text_trgm").using("gin", t.itemsText.op("gin_trgm_ops")),
    // The expiry job's claim across merchants: pending orders, oldest first.
    index("orders_pending_by_created")
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    // The order list's sorts, keyset on (key, id), optionally by status or store. Ascending on
    // purpose: scanned backwards they serve "newest first" (an index declared DESC NULLS LAST,
    // drizzle's .desc(), does not match ORDER BY … DESC, which sorts nulls first).
    index().on(t.merchantId, t.createdAt, t.id),
    index().on(t.merchantId, t.status, t.createdAt, t.id),
    index().on(t.merchantId, t.storeId, t.createdAt, t.id),
    index().on(t.merchantId, t.amountMinor, t.id),
    // The unusual-amount rule (server/risk): a merchant's orders paid since its last pass.
    index().on(t.customerId),
    index("orders_paid_by_time")
      .on(t.merchantId, t.paidAt)
      .where(sql`${t.paidAt} is not null`),
  ],
);

/**
 * A customer the shop has seen more than once, known only by a keyed hash (HMAC with a key
 * of this merchant's) of the provider's buyer id or of the order's contact: no raw id is
 * kept anywhere. Its figures are maintained in the payment's transaction
 * (server/customers). Erasing a customer clears the hash and unlinks its orders; the row
 * stays as an anonymous count in the aggregates.
 */
export const customers = pgTable(
  "customers",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    /** Hex HMAC-SHA256; null once erased. */
    keyHash: text(),
    firstMethodId: uuid().references(() => paymentMethods.id, { onDelete: "set null" }),
    firstSeenAt: tstz().notNull(),
    lastSeenAt: tstz().notNull(),
    orders: integer().notNull().default(0),
    /**
     * The first order paid with another method than the first one: where a switch happened.
     * A promotion that priced that order is found through it (the order's discount lines).
     * No foreign key: orders already reference customers, and a cycle of keys leaves a restore
     * no order to load the tables in (server/backup/catalog.service.ts).
     */
    switchedOrderId: uuid(),
    switchedToMethodId: uuid().references(() => paymentMethods.id, { onDelete: "set null" }),
    switchedAt: tstz(),
    erasedAt: tstz(),
  },
  (t) => [unique().on(t.merchantId, t.keyHash), index().on(t.merchantId, t.firstMethodId)],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    name: text().notNull(),
    quantity: integer().notNull(),
    unitPriceMinor: money().notNull(),
  },
  (t) => [index().on(t.orderId, t.position)],
);

/** The last order sequence used per merchant and local day (see order-number.logic.ts). */
export const orderCounters = pgTable(
  "order_counters",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    day: date().notNull(),
    last: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.day] })],
);

/** One try to pay an order with one method: a pay link and QR for the customer. */
export const paymentAttempts = pgTable(
  "payment_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id),
    methodKind: paymentMethodKindEnum().notNull(),
    /** Public, random: the customer's pay link and the reference sent to the provider. */
    token: text().notNull().unique(),
    status: attemptStatusEnum().notNull().default("created"),
    /**
     * This attempt's part of the order: the whole amount, or a part of a mixed tender
     * (组合支付). The order is paid once its non-duplicate succeeded parts add up to its amount
     * (server/payments/payment-outcome.service.ts), which a lock on the order keeps exact.
     */
    amountMinor: money().notNull(),
    /**
     * The promotions' discount on this part (server/promotions): the provider is asked for
     * `amountMinor`, and the part covers `amountMinor + discountMinor` of the order.
     */
    discountMinor: money()
      .notNull()
      .default(sql`0`),
    currency: char({ length: 3 }).notNull(),
    /** The fee as charged when the payment succeeded, under the method's rule of that moment. */
    feeMinor: money(),
    providerTxnId: text(),
    /** Raw provider code and message, and our normalized reason (failure-reasons.logic.ts). */
    failureCode: text(),
    failureMessage: text(),
    failureReason: text().$type<FailureReason>(),
    /** A notification claimed a different amount or currency: never marks the order paid. */
    amountMismatch: boolean().notNull().default(false),
    /**
     * A success the order did not need: it was already paid (or closed), or this part would
     * have taken its paid parts past its amount (an over-payment). To be refunded.
     */
    isDuplicate: boolean().notNull().default(false),
    cashTenderedMinor: money(),
    changeMinor: money(),
    /**
     * The sum of this attempt's refunds that have not failed (awaiting approval, requested,
     * pending or succeeded). Every refund adds its amount here in the transaction that creates
     * it, and a failed one takes it back; the row lock of that UPDATE queues concurrent
     * refunds and the CHECK below refuses the one that would give back more than was paid.
     */
    refundedMinor: money()
      .notNull()
      .default(sql`0`),
    expiresAt: tstz().notNull(),
    succeededAt: tstz(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The shift of the requesting cashier's drawer the success landed in (server/shifts). */
    shiftId: uuid().references(() => cashShifts.id),
    createdAt: tstz().notNull().defaultNow(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.orderId, t.createdAt),
    index()
      .on(t.shiftId)
      .where(sql`${t.shiftId} is not null`),
    // The expiry job's claim: open attempts by deadline.
    index("payment_attempts_open_by_expiry")
      .on(t.expiresAt)
      .where(sql`${t.status} in ('created', 'pending')`),
    index().on(t.merchantId, t.providerTxnId),
    // Failure statistics and the spike check: a merchant's attempts over a time range.
    index().on(t.merchantId, t.createdAt),
    // Reconciliation: a method's succeeded payments over the days a statement covers.
    index()
      .on(t.methodId, t.succeededAt)
      .where(sql`${t.status} = 'succeeded'`),
    check(
      "payment_attempts_refunds_within_paid",
      sql`${t.refundedMinor} >= 0 and ${t.refundedMinor} <= ${t.amountMinor}`,
    ),
  ],
);

/** Every provider notification received, verified or not: the inbox that makes delivery exactly-once. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid().references(() => merchants.id, { onDelete: "cascade" }),
    methodId: uuid().references(() => paymentMethods.id, { onDelete: "cascade" }),
    provider: paymentMethodKindEnum().notNull(),
    /** The provider's id of the event; null when the body could not be verified or parsed. */
    eventId: text(),
    attemptId: uuid().references(() => paymentAttempts.id, { onDelete: "set null" }),
    outcome: notificationOutcomeEnum().notNull(),
    /** Why it was rejected, ignored or flagged. */
    detail: text(),
    /** As received; null once pruned after the merchant's retention (the row itself stays). */
    rawBody: text(),
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    receivedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    unique("notifications_event_once").on(t.provider, t.methodId, t.eventId),
    index().on(t.attemptId),
    index().on(t.merchantId, t.receivedAt),
    // Housekeeping's bodies still to prune: pruned rows leave the index, so it never rescans them.
    index("notifications_body_kept")
      .on(t.merchantId, t.receivedAt)
      .where(sql`${t.rawBody} is not null`),
  ],
);

/**
 * Messages to act on after commit (customer e-mails), written in the same transaction. Their
 * topics and payloads are listed in server/notices/outbox.logic.ts, each with its consumer.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid().references(() => merchants.id, { onDelete: "cascade" }),
    topic: text().notNull(),
    payload: jsonb().notNull(),
    createdAt: tstz().notNull().defaultNow(),
    processedAt: tstz(),
    /** For messages a worker delivers (customer e-mail): see server/notices/outbox-delivery.service.ts. */
    state: outboxStateEnum().notNull().default("pending"),
    tries: integer().notNull().default(0),
    nextTryAt: tstz().notNull().defaultNow(),
    lastError: text(),
    /** One message per cause (e.g. `payment_failed:<attemptId>`): writing it twice is a no-op. */
    dedupeKey: text().unique(),
  },
  (t) => [
    index("outbox_unprocessed")
      .on(t.createdAt)
      .where(sql`${t.processedAt} is null`),
    // The delivery worker's claim: due messages of a topic.
    index("outbox_due")
      .on(t.topic, t.nextTryAt)
      .where(sql`${t.state} = 'pending'`),
    // The console's list of a merchant's messages, newest first.
    index().on(t.merchantId, t.topic, t.createdAt, t.id),
  ],
);

/** Something an owner or manager should look at: amount mismatch, duplicate payment, … */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    details: jsonb().notNull().default({}),
    createdAt: tstz().notNull().defaultNow(),
    status: alertStatusEnum().notNull().default("open"),
    /** Someone has seen it and is looking into it: it leaves the badge, not the console. */
    acknowledgedAt: tstz(),
    acknowledgedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: tstz(),
    resolvedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    /** What the person who resolved it found or did (required to resolve). */
    resolutionNote: text(),
  },
  (t) => [
    // The console's list, newest first, with no state filter.
    index("alerts_merchant_created").on(t.merchantId, t.createdAt, t.id),
    // The console's list filtered by state, and the badge (count of open ones).
    index("alerts_merchant_status_created").on(t.merchantId, t.status, t.createdAt, t.id),
  ],
);

/** The sandbox wallet's own ledger: what the simulated provider knows, for its notifications and queries. */
export const sandboxWalletPayments = pgTable("sandbox_wallet_payments", {
  attemptToken: text().primaryKey(),
  methodId: uuid()
    .notNull()
    .references(() => paymentMethods.id, { onDelete: "cascade" }),
  txnId: text().notNull().unique(),
  outcome: text().notNull(),
  amountMinor: money().notNull(),
  currency: char({ length: 3 }).notNull(),
  createdAt: tstz().notNull().defaultNow(),
});

/** The sandbox wallet's refunds: what the simulated provider did, for its notifications and queries. */
export const sandboxWalletRefunds = pgTable("sandbox_wallet_refunds", {
  /** Our refund id, the wallet's idempotency key: a repeat answers the refund already made. */
  refundId: text().primaryKey(),
  methodId: uuid()
    .notNull()
    .references(() => paymentMethods.id, { onDelete: "cascade" }),
  attemptToken: text().notNull(),
  providerRefundId: text().notNull().unique(),
  /** What the wallet does with it: succeeded or failed (told by notification or by query only). */
  outcome: text().notNull(),
  amountMinor: money().notNull(),
  currency: char({ length: 3 }).notNull(),
  createdAt: tstz().notNull().defaultNow(),
});

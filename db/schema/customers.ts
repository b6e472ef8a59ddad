import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { localeEnum } from "./enums";
import { supportNotes } from "./failures";
import { customers, orders, paymentMethods } from "./payments";
import { promotions } from "./promotions";
import { merchants, stores } from "./tenancy";

const tstz = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * The customer's answer on their receipt (/r/<code>): one score of 1–5 and an optional
 * comment, at most one per order (the unique key settles two posts racing). What it was about
 * (store, method, the cashier who made the order) is copied in so the inbox filters and the
 * roll-up below never need the order's joins. The comment is the customer's own text: stored
 * as typed, only ever shown as text.
 */
export const receiptFeedback = pgTable(
  "receipt_feedback",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    /** The method that paid the order (the first part of a split bill). */
    methodId: uuid().references(() => paymentMethods.id, { onDelete: "set null" }),
    cashierId: uuid().references(() => users.id, { onDelete: "set null" }),
    score: smallint().notNull(),
    comment: text(),
    locale: localeEnum(),
    /** The shop's local day of the answer: its roll-up row. */
    day: date().notNull(),
    /** The support note a manager answered it with. */
    replyNoteId: uuid().references(() => supportNotes.id, { onDelete: "set null" }),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.orderId),
    check("receipt_feedback_score", sql`${t.score} between 1 and 5`),
    // The inbox: newest first, keyset on (created_at, id), optionally by score.
    index().on(t.merchantId, t.createdAt, t.id),
    index().on(t.merchantId, t.score, t.createdAt, t.id),
    // Support notes are deleted with a shop's history and a customer's erasure (migrations.test).
    index()
      .on(t.replyNoteId)
      .where(sql`${t.replyNoteId} is not null`),
  ],
);

/**
 * Answers per merchant × local day × store × method × cashier, kept in the answer's own
 * transaction (server/feedback): satisfaction analytics and the scorecard read only these.
 * Method and cashier may be unknown, hence a unique key whose nulls count as equal.
 */
export const satisfactionRollups = pgTable(
  "satisfaction_rollups",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    day: date().notNull(),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    methodId: uuid().references(() => paymentMethods.id, { onDelete: "cascade" }),
    cashierId: uuid().references(() => users.id, { onDelete: "set null" }),
    answers: integer().notNull().default(0),
    scoreSum: integer().notNull().default(0),
    /** Answers of 1 or 2: the ones that raise an alert. */
    lowScores: integer().notNull().default(0),
  },
  (t) => [
    unique("satisfaction_rollups_bucket")
      .on(t.merchantId, t.day, t.storeId, t.methodId, t.cashierId)
      .nullsNotDistinct(),
  ],
);

/** A customer's paid orders and amount per method and currency (the lifetime value). */
export const customerMethodTotals = pgTable(
  "customer_method_totals",
  {
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    currency: char({ length: 3 }).notNull(),
    orders: integer().notNull().default(0),
    amountMinor: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.methodId, t.currency] }),
    index().on(t.merchantId, t.currency),
  ],
);

/**
 * Paid orders of recognised customers per merchant × currency × local day × method ×
 * segment (the customer's first order, or a return): new against returning and each
 * segment's method mix, summable over any span of days.
 */
export const customerDailyRollups = pgTable(
  "customer_daily_rollups",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    currency: char({ length: 3 }).notNull(),
    day: date().notNull(),
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    isReturning: boolean().notNull(),
    orders: integer().notNull().default(0),
    amountMinor: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.currency, t.day, t.methodId, t.isReturning] })],
);

/*
 * The all-time figures of analytics.customers, per merchant, kept in the payment's transaction
 * beside the per-customer rows (server/customers/customer-payment.service.ts) so reading them
 * costs a handful of rows, not every customer's. They name no customer: erasing one leaves
 * their counts and amounts here, anonymous, as it leaves their customers row's counters.
 */

/** Recognised customers per merchant × first method, and those who came back (the repeat rate). */
export const customerFirstMethodRollups = pgTable(
  "customer_first_method_rollups",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    firstMethodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    customers: integer().notNull().default(0),
    /** Customers with a second order. */
    returned: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.firstMethodId] })],
);

/**
 * Per merchant × currency × first method: the customers who paid in the currency and all they
 * paid in it (the lifetime value per first method).
 */
export const customerLifetimeRollups = pgTable(
  "customer_lifetime_rollups",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    currency: char({ length: 3 }).notNull(),
    firstMethodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    customers: integer().notNull().default(0),
    amountMinor: bigint({ mode: "bigint" })
      .notNull()
      .default(sql`0`),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.currency, t.firstMethodId] })],
);

/**
 * Customers who switched from their first method to another, per merchant × the two methods ×
 * the promotion that priced the switching order (a consumed discount line of it; none: null,
 * hence a unique key whose nulls count as equal). A customer whose switching order had two
 * lines counts under each, as each promotion had a part in it.
 */
export const customerSwitchRollups = pgTable(
  "customer_switch_rollups",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    fromMethodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    toMethodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    promotionId: uuid().references(() => promotions.id, { onDelete: "cascade" }),
    customers: integer().notNull().default(0),
  },
  (t) => [
    unique("customer_switch_rollups_key")
      .on(t.merchantId, t.fromMethodId, t.toMethodId, t.promotionId)
      .nullsNotDistinct(),
  ],
);

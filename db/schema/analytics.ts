import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { paymentMethods } from "./payments";
import { merchants, stores } from "./tenancy";

const money = () => bigint({ mode: "bigint" });
const count = () => integer().notNull().default(0);

/** Whose payments a roll-up row counts: merchant × store × method × currency. */
const place = () => ({
  merchantId: uuid()
    .notNull()
    .references(() => merchants.id, { onDelete: "cascade" }),
  storeId: uuid()
    .notNull()
    .references(() => stores.id, { onDelete: "cascade" }),
  methodId: uuid()
    .notNull()
    .references(() => paymentMethods.id, { onDelete: "cascade" }),
  currency: char({ length: 3 }).notNull(),
});

/** Where a roll-up row belongs: merchant × store × method × currency × local day. */
const bucket = () => ({
  ...place(),
  /** Local date in the merchant's time zone. */
  day: date().notNull(),
});

/**
 * Which of up to eight rows of one key a transaction adds to: its database connection's
 * (server/analytics/rollup-write.ts), so one shop's concurrent payments do not queue on one
 * row from its update to their commit. Readers sum over it; past days are folded back into
 * stripe 0 (server/analytics/rollup-fold.service.ts).
 */
const stripe = () => smallint().notNull().default(0);

/** The counters of the hourly and daily roll-ups. */
const counters = () => ({
  /** Orders whose first payment request (any method) was made here. */
  ordersOffered: count(),
  /** Orders offered this method for the first time here (an order may be offered several methods). */
  methodOrdersOffered: count(),
  attempts: count(),
  successes: count(),
  /** Successes on an order another attempt had already paid, or that was closed: to refund. */
  duplicates: count(),
  /** Orders paid (successes that are not duplicates). */
  paidOrders: count(),
  failures: count(),
  /** Failures whose reason says the provider's risk engine refused (for the security score). */
  riskDeclines: count(),
  grossMinor: money()
    .notNull()
    .default(sql`0`),
  feeMinor: money()
    .notNull()
    .default(sql`0`),
  /**
   * Refunds that succeeded, of the payments made here (bucketed by the payment, not the
   * refund); a duplicate payment's refund is left out, as the duplicate is left out of gross.
   */
  refundMinor: money()
    .notNull()
    .default(sql`0`),
  refunds: count(),
  /** Promotion discounts on the paid orders counted here (server/promotions), whoever funds them. */
  discountMinor: money()
    .notNull()
    .default(sql`0`),
  /** The part of the fee the provider gave back with those refunds (the method's refundFeeRule). */
  refundFeeMinor: money()
    .notNull()
    .default(sql`0`),
});

/**
 * Payment activity per merchant × store × method × currency × local hour (the merchant's time
 * zone), kept by the payment transitions in their own transaction (server/analytics/rollup.service.ts)
 * and rebuildable from the attempts. Every figure is bucketed by the hour the payment request
 * was made, so one attempt only ever moves the counters of one row. Analytics reads only these.
 * The traffic heatmap reads the hours; every other view the daily table below.
 */
export const paymentRollups = pgTable(
  "payment_rollups",
  { ...bucket(), hour: smallint().notNull(), stripe: stripe(), ...counters() },
  (t) => [
    primaryKey({
      name: "payment_rollups_pk",
      columns: [t.merchantId, t.currency, t.day, t.hour, t.storeId, t.methodId, t.stripe],
    }),
    // Home's takings: a merchant's hours of two days in every currency, which the key (currency
    // before day) cannot range over; without it the whole table was read, growing with history.
    index("payment_rollups_by_day").on(t.merchantId, t.day, t.hour),
  ],
);

/** The same counters per local day: a tenth of the rows to read for a period's figures. */
export const paymentDailyRollups = pgTable(
  "payment_daily_rollups",
  { ...bucket(), stripe: stripe(), ...counters() },
  (t) => [
    primaryKey({
      name: "payment_daily_rollups_pk",
      columns: [t.merchantId, t.currency, t.day, t.storeId, t.methodId, t.stripe],
    }),
  ],
);

/** Failed or expired attempts by normalized reason, per merchant × store × method × currency × local day. */
export const paymentFailureRollups = pgTable(
  "payment_failure_rollups",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    currency: char({ length: 3 }).notNull(),
    day: date().notNull(),
    reason: text().notNull(),
    stripe: stripe(),
    failures: count(),
  },
  (t) => [
    primaryKey({
      name: "payment_failure_rollups_pk",
      columns: [t.merchantId, t.currency, t.day, t.storeId, t.methodId, t.reason, t.stripe],
    }),
  ],
);

/** An exact amount and its payments: the key's last column, then the counters. */
const amountCounters = () => ({
  amountMinor: money().notNull(),
  stripe: stripe(),
  payments: count(),
  feeMinor: money()
    .notNull()
    .default(sql`0`),
});

/**
 * Successful, non-duplicate payments by exact amount, per merchant × store × method × currency ×
 * local day: enough to re-price every transaction under another fee rule (minimum and maximum
 * apply per transaction), at a cost that grows with distinct prices, not with orders.
 */
export const paymentAmountRollups = pgTable(
  "payment_amount_rollups",
  { ...bucket(), ...amountCounters() },
  (t) => [
    primaryKey({
      name: "payment_amount_rollups_pk",
      columns: [t.merchantId, t.currency, t.day, t.storeId, t.methodId, t.amountMinor, t.stripe],
    }),
  ],
);

/**
 * The same payments by exact amount per local calendar month (`month` is its first day): what
 * the what-if re-pricing reads for the months a period covers whole or nearly, so its cost stays
 * with distinct prices × months instead of growing with days × distinct prices per day (the
 * days of a partly covered month come from the daily table above, added or taken away:
 * server/analytics/month-span.logic.ts). Kept beside the daily rows in the same transaction,
 * rebuilt from them.
 */
export const paymentAmountMonthlyRollups = pgTable(
  "payment_amount_monthly_rollups",
  {
    ...place(),
    /** The first day of the local month. */
    month: date().notNull(),
    ...amountCounters(),
  },
  (t) => [
    primaryKey({
      name: "payment_amount_monthly_rollups_pk",
      columns: [t.merchantId, t.currency, t.month, t.storeId, t.methodId, t.amountMinor, t.stripe],
    }),
  ],
);

/**
 * Orders that failed (a failed or expired attempt) and how many of them were paid after all,
 * per merchant × store × currency × local day of the order's first such failure, once for every
 * method (`methodScope` "any") and once per method kind it failed with. An order counts once
 * in a period however many times it failed, which sums over days can give only because each
 * order sits on one day. Kept by server/failures/failure-log.service.ts in the failure's and
 * the recovery's transactions, rebuilt by server/analytics/rollup.service.ts.
 */
export const paymentRecoveryRollups = pgTable(
  "payment_recovery_rollups",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    /** "any", or the method kind the order failed with (a text column: "any" is no kind). */
    methodScope: text().notNull(),
    currency: char({ length: 3 }).notNull(),
    day: date().notNull(),
    stripe: stripe(),
    failedOrders: count(),
    recoveredOrders: count(),
    /** What the recovering payments brought, in `currency`. */
    recoveredMinor: money()
      .notNull()
      .default(sql`0`),
  },
  (t) => [
    primaryKey({
      name: "payment_recovery_rollups_pk",
      columns: [t.merchantId, t.methodScope, t.day, t.storeId, t.currency, t.stripe],
    }),
  ],
);

/** The merchant's own platform scorecard: criterion weights and the ratings data cannot give. */
export const analyticsScorecards = pgTable("analytics_scorecards", {
  merchantId: uuid()
    .primaryKey()
    .references(() => merchants.id, { onDelete: "cascade" }),
  /** Criterion → weight (0–10). */
  weights: jsonb().$type<Record<string, number>>().notNull().default({}),
  /** Method id → the merchant's ratings (1–5) of what its data cannot tell: support, functional fit. */
  ratings: jsonb()
    .$type<Record<string, { support?: number; fit?: number }>>()
    .notNull()
    .default({}),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

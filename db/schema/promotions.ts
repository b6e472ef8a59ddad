import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { promotionBenefits } from "./enum-values";
import { orders, paymentAttempts } from "./payments";
import { merchants } from "./tenancy";

const money = () => bigint({ mode: "bigint" });
const tstz = () => timestamp({ withTimezone: true, precision: 3 });

export const promotionBenefitEnum = pgEnum("promotion_benefit", promotionBenefits);

/** A discount line's life: held while its request is open, then spent or given back. */
export const promotionHoldStatuses = ["reserved", "consumed", "released"] as const;
export const promotionHoldStatusEnum = pgEnum("promotion_hold_status", promotionHoldStatuses);

/**
 * A wallet promotion ("pay with X, get Y off"): who may get it (methods, stores, local dates
 * and hours, a minimum order), what it gives, who funds it, and its budget. `reservedMinor`
 * is held by open payment requests, `spentMinor` by paid ones; the CHECK and the one budget
 * transition (server/promotions/promotion-budget.service.ts) keep the two within the budget,
 * except for what a late payment spent past it (`overBudgetMinor`): a discount the provider
 * charged is counted whatever room was left.
 */
export const promotions = pgTable(
  "promotions",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    enabled: boolean().notNull().default(true),
    currency: char({ length: 3 }).notNull(),
    /** Any wallet method (every method but cash), or only `methodIds`. */
    anyWallet: boolean().notNull().default(false),
    methodIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Empty: every store. */
    storeIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Shop-local dates, both included. */
    startsOn: date().notNull(),
    endsOn: date().notNull(),
    /** Shop-local hours [from, to): 0–24; 0 and 24 is all day. */
    hourFrom: smallint().notNull().default(0),
    hourTo: smallint().notNull().default(24),
    minOrderMinor: money()
      .notNull()
      .default(sql`0`),
    benefit: promotionBenefitEnum().notNull(),
    amountOffMinor: money(),
    percentOffBps: integer(),
    capMinor: money(),
    /** item_price: the order item's name (copied from the catalogue) and its promotion price. */
    itemName: text(),
    itemPriceMinor: money(),
    /** The provider's share of each discount (a provider campaign), in basis points; the merchant funds the rest. */
    providerShareBps: integer().notNull().default(0),
    budgetMinor: money().notNull(),
    reservedMinor: money()
      .notNull()
      .default(sql`0`),
    spentMinor: money()
      .notNull()
      .default(sql`0`),
    /**
     * How far late payments (paid after their discount had been given back, so possibly after
     * its room went to another request) took held and spent past the budget, at the most. Only
     * grows; not zero means the owner was alerted.
     */
    overBudgetMinor: money()
      .notNull()
      .default(sql`0`),
    /** Discounts one recognised customer may get from it; null: no limit. */
    perCustomerLimit: integer(),
    /** Combines with other stackable promotions; otherwise it stands alone. */
    stackable: boolean().notNull().default(false),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: tstz().notNull().defaultNow(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.merchantId, t.startsOn),
    check(
      "promotions_within_budget",
      sql`${t.reservedMinor} >= 0 and ${t.spentMinor} >= 0 and ${t.overBudgetMinor} >= 0 and ${t.reservedMinor} + ${t.spentMinor} <= ${t.budgetMinor} + ${t.overBudgetMinor}`,
    ),
  ],
);

/**
 * A discount line of an order: one promotion's discount on one payment request. Reserved with
 * the request, consumed when it is paid, released when it fails, expires or is replaced.
 */
export const promotionHolds = pgTable(
  "promotion_holds",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    promotionId: uuid()
      .notNull()
      .references(() => promotions.id, { onDelete: "cascade" }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    attemptId: uuid()
      .notNull()
      .references(() => paymentAttempts.id, { onDelete: "cascade" }),
    amountMinor: money().notNull(),
    /** Who got it, for the per-customer limit (server/promotions/customer-key.ts); null: not recognised. */
    customerKey: text(),
    status: promotionHoldStatusEnum().notNull().default("reserved"),
    createdAt: tstz().notNull().defaultNow(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [index().on(t.attemptId), index().on(t.orderId), index().on(t.promotionId, t.customerKey)],
);

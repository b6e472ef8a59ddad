import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { voucherStatusEnum } from "./enums";
import { orders } from "./payments";
import { merchants, stores } from "./tenancy";

const tstz = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * The e-voucher / receipt an order gets when it is paid: a public code the customer shows
 * at the counter, redeemable `usesTotal` times (see server/vouchers/voucher-state.logic.ts).
 */
export const vouchers = pgTable(
  "vouchers",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: uuid()
      .notNull()
      .unique()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** Public, random, with a check character (voucher-code.logic.ts); stored normalised. */
    code: text().notNull().unique(),
    /** Null: redeemable in any of the merchant's stores. */
    storeId: uuid().references(() => stores.id),
    /** What the order paid, for the liability figures. */
    valueMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    usesTotal: integer().notNull(),
    usesLeft: integer().notNull(),
    expiresAt: tstz(),
    status: voucherStatusEnum().notNull().default("issued"),
    voidReason: text(),
    voidedAt: tstz(),
    createdAt: tstz().notNull().defaultNow(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    check("vouchers_uses_in_range", sql`${t.usesLeft} >= 0 and ${t.usesLeft} <= ${t.usesTotal}`),
    // Liability and breakage totals per status, and the newest-first voucher list.
    index().on(t.merchantId, t.status, t.expiresAt),
    index().on(t.merchantId, t.createdAt, t.id),
  ],
);

/** One use of a voucher at the counter; a manager may reverse it within the merchant's window. */
export const voucherRedemptions = pgTable(
  "voucher_redemptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    voucherId: uuid()
      .notNull()
      .references(() => vouchers.id, { onDelete: "cascade" }),
    staffUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    /** A random id the redeem screen keeps in the browser: which counter device was used. */
    deviceId: text(),
    redeemedAt: tstz().notNull().defaultNow(),
    reversedAt: tstz(),
    reversedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    reverseReason: text(),
  },
  (t) => [
    // The redemption log: newest first, keyset on (redeemed_at, id), optionally by store or staff.
    index().on(t.merchantId, t.redeemedAt, t.id),
    index().on(t.merchantId, t.storeId, t.redeemedAt, t.id),
    index().on(t.merchantId, t.staffUserId, t.redeemedAt, t.id),
    index().on(t.voucherId, t.redeemedAt),
  ],
);

/** Codes typed or scanned that were not ours (bad check character, unknown): the brute-force guard's window. */
export const voucherCodeFailures = pgTable(
  "voucher_code_failures",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    deviceId: text(),
    /** What was entered (normalised, truncated): for the alert, never used to look anything up. */
    attempted: text().notNull(),
    createdAt: tstz().notNull().defaultNow(),
    /** Set when a manager lifted the block this failure counted towards: it counts no more. */
    clearedAt: tstz(),
    clearedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index().on(t.userId, t.createdAt),
    index().on(t.merchantId, t.deviceId, t.createdAt),
    // The managers' list of current blocks: one merchant's recent failures.
    index().on(t.merchantId, t.createdAt),
  ],
);

/** A merchant's voucher rules; a merchant without a row uses the defaults below. */
export const voucherSettings = pgTable("voucher_settings", {
  merchantId: uuid()
    .primaryKey()
    .references(() => merchants.id, { onDelete: "cascade" }),
  /** Uses of a new voucher ("5 coffees" = 5). */
  defaultUses: integer().notNull().default(1),
  /** Days a new voucher stays valid; null: no expiry. */
  validDays: integer(),
  /** Only in the store where the order was paid, or in any store. */
  storeOnly: boolean().notNull().default(false),
  /** How long after a redemption a manager may still reverse it. */
  reversalWindowMinutes: integer().notNull().default(10),
  updatedAt: tstz().notNull().defaultNow(),
});

/** What an order's voucher will be, when the cashier chose other than the merchant's defaults. */
export const orderVoucherTerms = pgTable("order_voucher_terms", {
  orderId: uuid()
    .primaryKey()
    .references(() => orders.id, { onDelete: "cascade" }),
  uses: integer().notNull(),
  validDays: integer(),
  storeOnly: boolean().notNull(),
});

import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  integer,
  index,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { invitationStatusEnum, localeEnum, roleEnum } from "./enums";

/** Seven entries, Monday first; each a list of "HH:MM-HH:MM" ranges (empty = closed that day). */
export type OpeningHours = string[][];

export const merchants = pgTable("merchants", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** ISO 4217 code; amounts are always minor units of a currency. */
  defaultCurrency: char({ length: 3 }).notNull().default("CNY"),
  /** IANA zone in which days, reports and receipts are shown. */
  timeZone: text().notNull().default("Asia/Shanghai"),
  locale: localeEnum().notNull().default("zh-CN"),
  /**
   * Refunds above this amount (minor units of the default currency) need the owner, even a
   * manager's own; null: a manager may approve any refund.
   */
  refundApprovalThresholdMinor: bigint({ mode: "bigint" }),
  /**
   * Days the providers' raw notification bodies and delivered customer messages are kept
   * before housekeeping prunes them (server/housekeeping); the rows they belong to stay.
   */
  rawRetentionDays: integer().notNull().default(365),
  /** Roles whose members must sign in with a second factor here (an authenticator app). */
  twoFactorRoles: roleEnum()
    .array()
    .notNull()
    .default(sql`'{}'::role[]`),
  /** The owner's choice: e-mail every owner when an alert is raised (server/alerts). */
  emailOwnersOnAlert: boolean().notNull().default(false),
  /** The owner's choice: e-mail the owners the day's report (日结) of the day before (server/reports). */
  emailDailyReport: boolean().notNull().default(false),
  /** The local hour (shop's zone, 0–23) from which that e-mail goes out. */
  dailyReportHour: smallint().notNull().default(8),
  /**
   * Set when the time zone changes: the analytics roll-ups (bucketed by local day and hour)
   * hold figures of another zone until the background job rebuilds them and clears it
   * (server/analytics/rollup-rebuild.service.ts); analytics says so meanwhile.
   */
  rollupsStaleSince: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** 门店: a physical or online point of sale of a merchant. */
export const stores = pgTable(
  "stores",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    name: text().notNull(),
    address: text(),
    /** Opening hours per weekday (0 = Monday): "HH:MM-HH:MM" ranges, or none when closed that day. */
    openingHours: jsonb().$type<OpeningHours>(),
    /** Printed at the top of the customer's receipt (a greeting, the shop's tax number, …). */
    receiptHeader: text(),
    /** A closed store takes no new orders and leaves the switcher; its history stays. */
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.merchantId, t.name)],
);

export const memberships = pgTable(
  "memberships",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    role: roleEnum().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.userId, t.merchantId), index().on(t.merchantId, t.role)],
);

/**
 * An owner's offer of a role in the shop to whoever holds an e-mail. Nobody joins a shop
 * without saying yes: an existing account accepts or declines after signing in; an account
 * the invitation created accepts it by choosing its own password (server/team/invitation.service.ts).
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    /** Lowercased; matched against the signed-in person's own e-mail, never by id alone. */
    email: text().notNull(),
    /** The name the owner typed (an existing account keeps its own). */
    name: text().notNull(),
    role: roleEnum().notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The account this invitation created: it joins when that account picks its own password. */
    createdUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    status: invitationStatusEnum().notNull().default("pending"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    respondedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // Inviting the same e-mail again renews the pending invitation instead of adding one.
    uniqueIndex("invitations_one_pending")
      .on(t.merchantId, t.email)
      .where(sql`${t.status} = 'pending'`),
    index().on(t.email, t.status),
  ],
);

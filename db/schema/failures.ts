import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { failureKinds } from "./enum-values";
import { paymentMethodKindEnum, type FailureReason } from "./enums";
import { notifications, orders, paymentAttempts, paymentMethods } from "./payments";
import { refunds } from "./refunds";
import { merchants, stores } from "./tenancy";

const tstz = () => timestamp({ withTimezone: true, precision: 3 });

export const failureKindEnum = pgEnum("failure_kind", failureKinds);

/**
 * The failure log: one row per failure, written in the transaction that recorded it, with
 * what it was about copied in (method, store, staff, amount, contact) so the log, its
 * filters and its statistics never depend on rows changing later. Notifications that fail
 * verification are the exception: anyone can send them, so they are counted in one row per
 * method and hour (`occurred_at` is the hour's start) rather than flooding the log.
 */
export const paymentFailures = pgTable(
  "payment_failures",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    kind: failureKindEnum().notNull(),
    /** Null only for a rejected notification, whose body we cannot trust to name one. */
    orderId: uuid().references(() => orders.id, { onDelete: "cascade" }),
    attemptId: uuid().references(() => paymentAttempts.id, { onDelete: "cascade" }),
    notificationId: uuid().references(() => notifications.id, { onDelete: "set null" }),
    refundId: uuid().references(() => refunds.id, { onDelete: "cascade" }),
    reason: text().$type<FailureReason>().notNull(),
    /** The provider's own code and message, as received. */
    providerCode: text(),
    providerMessage: text(),
    methodId: uuid().references(() => paymentMethods.id, { onDelete: "set null" }),
    methodKind: paymentMethodKindEnum().notNull(),
    storeId: uuid().references(() => stores.id, { onDelete: "set null" }),
    /** Who took the payment: the attempt's creator, else the order's (pay-page retries have none). */
    staffUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    amountMinor: bigint({ mode: "bigint" }),
    currency: char({ length: 3 }),
    customerContact: text(),
    occurredAt: tstz().notNull().defaultNow(),
    /** Set when the same order is later paid (by a retry or another method), never by another order. */
    recoveredAt: tstz(),
    recoveredAmountMinor: bigint({ mode: "bigint" }),
    recoveredAttemptId: uuid().references(() => paymentAttempts.id, { onDelete: "set null" }),
    /** How many failures the row stands for: more than 1 only for rejected notifications. */
    occurrences: integer().notNull().default(1),
  },
  (t) => [
    // The one row per method and hour that rejected notifications are counted in.
    uniqueIndex("payment_failures_rejected_hour")
      .on(t.methodId, t.occurredAt)
      .where(sql`${t.kind} = 'notification_rejected'`),
    // The log's default sort, and its filters, each keyset on (occurred_at, id); scanned
    // backwards for "newest first" (see the orders table for why ascending).
    index().on(t.merchantId, t.occurredAt, t.id),
    index().on(t.merchantId, t.reason, t.occurredAt, t.id),
    index().on(t.merchantId, t.methodKind, t.occurredAt, t.id),
    index().on(t.merchantId, t.storeId, t.occurredAt, t.id),
    // An order's failures: marking them recovered when it is paid, and its detail page.
    index().on(t.orderId, t.occurredAt),
    // Every key to a row that is deleted in bulk (a shop's history, when the demo data is removed
    // or a practice shop reset): the database finds each deleted row's failures by these, and
    // without them reads the whole log once per deleted row (migrations.test).
    index()
      .on(t.attemptId)
      .where(sql`${t.attemptId} is not null`),
    index()
      .on(t.recoveredAttemptId)
      .where(sql`${t.recoveredAttemptId} is not null`),
    index()
      .on(t.refundId)
      .where(sql`${t.refundId} is not null`),
    index()
      .on(t.notificationId)
      .where(sql`${t.notificationId} is not null`),
  ],
);

export const supportNoteStatuses = ["open", "resolved"] as const;
export const supportNoteStatusEnum = pgEnum("support_note_status", supportNoteStatuses);

/** 客服: what a customer said about an order and what staff did, open until resolved. */
export const supportNotes = pgTable(
  "support_notes",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    body: text().notNull(),
    status: supportNoteStatusEnum().notNull().default("open"),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: tstz().notNull().defaultNow(),
    resolvedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: tstz(),
  },
  (t) => [
    index().on(t.orderId, t.createdAt),
    // The follow-up list: open (or resolved) notes, newest first, keyset on (created_at, id).
    index().on(t.merchantId, t.status, t.createdAt, t.id),
  ],
);

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
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import {
  reconDayStatusEnum,
  reconDifferenceKindEnum,
  reconDifferenceStatusEnum,
  reconResolutionEnum,
  statementFormatEnum,
  statementLineKindEnum,
  statementLineStateEnum,
  statementStatusEnum,
} from "./enums";
import { orders, paymentAttempts, paymentMethods } from "./payments";
import { refunds } from "./refunds";
import { merchants } from "./tenancy";

const money = () => bigint({ mode: "bigint" });
const tstz = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * One provider statement file (对账单) brought into Hexiao for one payment method, by upload or
 * by the provider's download API. The file's own totals (`declared*`, null when the format has
 * none) are kept beside the sums of its lines (`counted*`) so a mismatch is shown, never hidden.
 */
export const statements = pgTable(
  "statements",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    format: statementFormatEnum().notNull(),
    status: statementStatusEnum().notNull().default("importing"),
    /** `upload` or `download` (the provider's API). */
    source: text().notNull(),
    fileName: text().notNull(),
    /** SHA-256 of the file's bytes as received: the same file brought twice is recognised. */
    fileSha256: char({ length: 64 }).notNull(),
    byteSize: bigint({ mode: "number" }).notNull(),
    encoding: text().notNull(),
    currency: char({ length: 3 }),
    /**
     * The period the statement speaks for, as instants (end exclusive): the file's stated period,
     * else its provider's whole days around its lines (statement-period.logic.ts). Null when it
     * says nothing about any time (an empty file without a period).
     */
    coveredFrom: tstz(),
    coveredUntil: tstz(),
    /** The local days (merchant time zone) the period touches, wholly or in part: for lists. */
    firstDay: date(),
    lastDay: date(),
    lineCount: integer().notNull().default(0),
    paymentsMinor: money()
      .notNull()
      .default(sql`0`),
    refundsMinor: money()
      .notNull()
      .default(sql`0`),
    feesMinor: money()
      .notNull()
      .default(sql`0`),
    declaredLineCount: integer(),
    declaredPaymentsMinor: money(),
    declaredRefundsMinor: money(),
    declaredFeesMinor: money(),
    /** Why the import failed, as a message key of errors.* with its details. */
    errorKey: text(),
    errorDetails: jsonb().$type<Record<string, string | number>>(),
    importedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: tstz().notNull().defaultNow(),
    /**
     * Moved forward while an import reads and writes its lines: an `importing` statement that
     * stopped moving was cut off (the server stopped mid-import) and its file is freed.
     */
    progressAt: tstz().notNull().defaultNow(),
    importedAt: tstz(),
  },
  (t) => [
    // The same file is counted once: a second import (even a concurrent one) is refused while
    // the first is importing or imported. A failed one does not hold the file.
    uniqueIndex("statements_file_once")
      .on(t.merchantId, t.methodId, t.fileSha256)
      .where(sql`${t.status} <> 'failed'`),
    index().on(t.merchantId, t.createdAt, t.id),
    index().on(t.methodId, t.firstDay, t.lastDay),
    index().on(t.methodId, t.coveredFrom),
  ],
);

/**
 * One line of a statement, normalised: amounts in minor units (positive; a refund line's
 * amount is what went back), the fee the provider charged (negative when it gave one back),
 * the provider's and our references. `attemptId` / `refundId` are what it matched.
 */
export const statementLines = pgTable(
  "statement_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    statementId: uuid()
      .notNull()
      .references(() => statements.id, { onDelete: "cascade" }),
    /*
     * The statement's merchant and method, copied for the indexes. No foreign keys: the
     * statement's own keys (and its cascade) already hold them, and a statement of 200,000
     * lines would pay two more checks a line.
     */
    merchantId: uuid().notNull(),
    methodId: uuid().notNull(),
    /** The line's number in the file (1-based), for messages and the raw view. */
    lineNo: integer().notNull(),
    kind: statementLineKindEnum().notNull(),
    occurredAt: tstz().notNull(),
    /** occurredAt's local date in the merchant's time zone. */
    day: date().notNull(),
    providerTxnId: text(),
    /** Our reference as the provider echoes it (out_trade_no = the attempt's token). */
    merchantRef: text(),
    providerRefundId: text(),
    /** Our refund's id as the provider echoes it (out_refund_no / out_request_no). */
    merchantRefundRef: text(),
    currency: char({ length: 3 }).notNull(),
    amountMinor: money().notNull(),
    feeMinor: money()
      .notNull()
      .default(sql`0`),
    /** The provider's own status or type word (SUCCESS, 交易, T0006, charge, …). */
    providerStatus: text(),
    /** The line as it stood in the file (capped), for the person resolving a difference. */
    raw: text().notNull(),
    state: statementLineStateEnum().notNull().default("pending"),
    attemptId: uuid().references(() => paymentAttempts.id, { onDelete: "set null" }),
    refundId: uuid().references(() => refunds.id, { onDelete: "set null" }),
  },
  (t) => [
    unique().on(t.statementId, t.lineNo),
    index().on(t.methodId, t.providerTxnId),
    index()
      .on(t.methodId, t.providerRefundId)
      .where(sql`${t.providerRefundId} is not null`),
    index().on(t.merchantId, t.methodId, t.day),
    // Whether a payment already has a line in this statement (a duplicate line) and whether
    // any statement matched it: both by attempt, the first also by statement.
    index().on(t.attemptId, t.statementId),
    index()
      .on(t.refundId)
      .where(sql`${t.refundId} is not null`),
  ],
);

/**
 * A difference between a provider's statement and our books, kept until a manager or owner
 * resolves it (audited) or it stops holding by itself (`cleared`). One row per kind and
 * subject (`line:<id>`, `attempt:<id>`, `refund:<id>`): matching again never doubles it.
 */
export const reconDifferences = pgTable(
  "recon_differences",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    /** The local day the difference belongs to (the line's day, or our payment's). */
    day: date().notNull(),
    kind: reconDifferenceKindEnum().notNull(),
    subjectKey: text().notNull(),
    status: reconDifferenceStatusEnum().notNull().default("open"),
    lineId: uuid().references(() => statementLines.id, { onDelete: "set null" }),
    attemptId: uuid().references(() => paymentAttempts.id, { onDelete: "set null" }),
    refundId: uuid().references(() => refunds.id, { onDelete: "set null" }),
    orderId: uuid().references(() => orders.id, { onDelete: "set null" }),
    currency: char({ length: 3 }).notNull(),
    ourAmountMinor: money(),
    theirAmountMinor: money(),
    ourFeeMinor: money(),
    theirFeeMinor: money(),
    resolution: reconResolutionEnum(),
    resolutionNote: text(),
    resolvedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: tstz(),
    createdAt: tstz().notNull().defaultNow(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    unique("recon_differences_once").on(t.methodId, t.kind, t.subjectKey),
    // The differences queue: a merchant's open ones, by day.
    index().on(t.merchantId, t.status, t.day, t.id),
    index().on(t.methodId, t.day),
    // The lines of a failed import are deleted at once, and each one's differences found by it.
    index().on(t.lineId),
    // So are a shop's attempts, refunds and orders with its history (migrations.test).
    index()
      .on(t.attemptId)
      .where(sql`${t.attemptId} is not null`),
    index()
      .on(t.refundId)
      .where(sql`${t.refundId} is not null`),
    index()
      .on(t.orderId)
      .where(sql`${t.orderId} is not null`),
  ],
);

/**
 * A method's day in reconciliation. Closed when every line is matched or resolved; the close
 * keeps its figures. A later change to that day's money re-opens it (audited).
 */
export const reconDays = pgTable(
  "recon_days",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    methodId: uuid()
      .notNull()
      .references(() => paymentMethods.id, { onDelete: "cascade" }),
    day: date().notNull(),
    status: reconDayStatusEnum().notNull().default("open"),
    currency: char({ length: 3 }),
    lineCount: integer(),
    grossMinor: money(),
    theirFeesMinor: money(),
    ourFeesMinor: money(),
    refundsMinor: money(),
    netMinor: money(),
    expectedSettlementDay: date(),
    closedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    closedAt: tstz(),
    /** Why it was last re-opened (a message key, e.g. a late payment on a closed day). */
    reopenedReason: text(),
    reopenedAt: tstz(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.methodId, t.day] }), index().on(t.merchantId, t.day)],
);

/** A merchant's column mapping for a generic CSV, saved once per method. */
export const statementMappings = pgTable("statement_mappings", {
  methodId: uuid()
    .primaryKey()
    .references(() => paymentMethods.id, { onDelete: "cascade" }),
  merchantId: uuid()
    .notNull()
    .references(() => merchants.id, { onDelete: "cascade" }),
  mapping: jsonb().$type<Record<string, unknown>>().notNull(),
  updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  updatedAt: tstz().notNull().defaultNow(),
});

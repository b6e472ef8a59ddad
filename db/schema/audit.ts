import { bigint, index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { merchants } from "./tenancy";

/**
 * Who did what, when, from where, to which entity, with the state before and after.
 * Rows are only ever inserted. Each merchant's rows form a chain numbered by `seq`; each
 * row's hash covers its content and the previous row's hash, so an edited or deleted row
 * breaks the chain (server/audit/audit.logic.ts). Rows without a merchant form their own chain.
 * The hash is an HMAC with a key kept outside the database, named by `keyId`; rows written
 * before the chain was keyed have no `keyId` and a plain SHA-256 hash, and come first.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid().references(() => merchants.id, { onDelete: "cascade" }),
    seq: bigint({ mode: "number" }).notNull(),
    actorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ipAddress: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    prevHash: text(),
    hash: text().notNull(),
    keyId: text(),
  },
  (t) => [
    // Also the owner's audit log, newest first in keyset pages on (seq, id): seq is unique per
    // shop, so this index walked backwards gives the pages (an incremental sort on id over groups
    // of one row). A (merchant, seq, id) index of its own for them was a sixth index entry on every
    // audit row, 6% of a payment notification's index entries and WAL records.
    unique().on(t.merchantId, t.seq).nullsNotDistinct(),
    index().on(t.merchantId, t.createdAt),
    index().on(t.entityType, t.entityId),
    // The same pages for one person.
    index("audit_log_actor_page").on(t.merchantId, t.actorUserId, t.seq, t.id),
  ],
);

/**
 * Each chain's newest row (seq and hash), one row per chain (merchant, or null for the rows
 * without one). Appending locks this row and reads it in one statement: a chainer that waited
 * for the lock reads the head as the previous holder committed it, where a read of the log's
 * last row after an advisory lock needed a statement of its own. Kept in step by the one
 * appender (server/audit/audit-chainer.service.ts); a chain without a head row starts from its log.
 */
export const auditChainHeads = pgTable(
  "audit_chain_heads",
  {
    merchantId: uuid().references(() => merchants.id, { onDelete: "cascade" }),
    seq: bigint({ mode: "number" }).notNull(),
    hash: text(),
  },
  (t) => [unique().on(t.merchantId).nullsNotDistinct()],
);

/**
 * Audit rows recorded but not chained yet. A change's transaction writes its rows here (one
 * insert, no lock); after the commit the chain's appender moves them into audit_log, giving
 * each its seq, prevHash and hash (server/audit/audit-chainer.service.ts). Their content is
 * fixed at record time, createdAt included; `pendingNo` orders the rows of one batch.
 * A row stays here only between its commit and the next batch of its chain (or, after a
 * crash in between, until the periodic sweep): it is not tamper-evident until then.
 *
 * No foreign keys: a change's rows are queued from within its transaction, and checking them
 * there locked the shop's row (and the acting user's) once per row, shared with every other
 * change of the shop in flight: 2.6 checks and row locks a payment notification, most of its
 * MultiXact records (issue #20). The rows' ids come from the change's own rows; the log's keys
 * check them when they are chained, and the sweep drops what a shop deleted meanwhile left
 * here, and forgets an actor deleted meanwhile (dropOrphans, audit-chainer.service.ts).
 */
export const auditPending = pgTable(
  "audit_pending",
  {
    pendingNo: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    merchantId: uuid(),
    actorUserId: uuid(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ipAddress: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index().on(t.merchantId, t.pendingNo)],
);

import { bigint, index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { merchants } from "./tenancy";

/**
 * Who did what, when, from where, to which entity, with the state before and after.
 * Rows are only ever inserted. Each merchant's rows form a chain numbered by `seq`; each
 * row's hash covers its content and the previous row's hash, so an edited or deleted row
 * breaks the chain (server/audit/audit.logic.ts). Rows without a merchant form their own chain.
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
  },
  (t) => [
    unique().on(t.merchantId, t.seq).nullsNotDistinct(),
    index().on(t.merchantId, t.createdAt),
    index().on(t.entityType, t.entityId),
  ],
);

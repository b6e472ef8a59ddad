import {
  date,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { merchants, stores } from "./tenancy";

const tstz = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * A merchant's settings of one anomaly rule (server/risk/risk.logic.ts names the rules and
 * their default numbers): a rule without a row runs with its defaults. `params` holds only the
 * numbers the owner saved, validated by the rule's schema when saved and read.
 */
export const riskRuleSettings = pgTable(
  "risk_rule_settings",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    rule: text().notNull(),
    enabled: boolean().notNull().default(true),
    params: jsonb().$type<Record<string, number>>().notNull().default({}),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.rule] })],
);

/**
 * How far the rules have looked at a merchant's rows: each evaluation pass reads only the rows
 * after `evaluatedUntil` (and up to the pass's own end, which becomes the next watermark).
 */
export const riskWatermarks = pgTable("risk_watermarks", {
  merchantId: uuid()
    .primaryKey()
    .references(() => merchants.id, { onDelete: "cascade" }),
  evaluatedUntil: tstz().notNull(),
});

/**
 * Every alert a rule raised, by what it was about (`subject`: an order, a cashier's day, a
 * contact's burst, …): the primary key makes a second pass, or a second instance, raise none
 * again for the same subject and window.
 */
export const riskHits = pgTable(
  "risk_hits",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    rule: text().notNull(),
    subject: text().notNull(),
    /** When what triggered it happened (a velocity rule's window ends here). */
    at: tstz().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.merchantId, t.rule, t.subject, t.at] }),
    // The velocity rule's recent hits, so a burst that goes on is not raised again.
    index().on(t.merchantId, t.rule, t.at),
  ],
);

/**
 * The staff rule's roll-up: how many times a cashier did one kind of act (a reversal, a void,
 * a refund request, a cancellation, a cash payment) in a store on a local day. Kept by the
 * evaluation pass from the audit log rows it reads, so the store's usual is read from here.
 */
export const riskStaffDays = pgTable(
  "risk_staff_days",
  {
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    day: date().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.storeId, t.kind, t.day, t.userId] })],
);

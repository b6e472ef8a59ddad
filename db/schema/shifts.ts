import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { paidOutKindEnum, shiftStatusEnum } from "./enums";
import { merchants, stores } from "./tenancy";

const money = () => bigint({ mode: "bigint" });
const tstz = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * A cashier's shift at one store's cash drawer (交班): opened with a counted float, closed by
 * counting the drawer. The sales, cash refunds and paid-outs of the shift carry its id, stamped
 * in the transaction that records them while holding this row's lock (server/shifts), so a sale
 * committed during the close is counted in exactly one shift. The close keeps its figures as
 * they were counted; status changes only through transitionShift.
 */
export const cashShifts = pgTable(
  "cash_shifts",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id),
    cashierId: uuid()
      .notNull()
      .references(() => users.id),
    status: shiftStatusEnum().notNull().default("open"),
    currency: char({ length: 3 }).notNull(),
    floatMinor: money().notNull(),
    openedAt: tstz().notNull().defaultNow(),
    closedAt: tstz(),
    /**
     * Who counted the drawer at the close: the cashier, or a manager or the owner closing it for
     * a cashier who cannot (gone home, removed), with the reason they gave. The one who counted
     * does not confirm the count (server/shifts).
     */
    closedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    closeReason: text(),
    /** The close's figures: what the drawer should hold, what was counted, and what made it. */
    cashSalesMinor: money(),
    cashRefundsMinor: money(),
    paidOutsMinor: money(),
    expectedMinor: money(),
    countedMinor: money(),
    /** Counted − expected: positive over, negative short. */
    differenceMinor: money(),
    confirmedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    confirmedAt: tstz(),
    confirmNote: text(),
    updatedAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    // One open drawer per cashier and store, whatever the races.
    uniqueIndex("cash_shifts_one_open")
      .on(t.cashierId, t.storeId)
      .where(sql`${t.status} = 'open'`),
    // The managers' list, newest first, keyset on (opened_at, id); and a cashier's own.
    index().on(t.merchantId, t.openedAt, t.id),
    index().on(t.merchantId, t.cashierId, t.openedAt),
    // The daily report's shifts closed that day.
    index().on(t.merchantId, t.closedAt),
  ],
);

/** Cash taken out of the drawer during a shift (a supplier paid, petty cash), with the reason. */
export const shiftPaidOuts = pgTable(
  "shift_paid_outs",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    shiftId: uuid()
      .notNull()
      .references(() => cashShifts.id, { onDelete: "cascade" }),
    kind: paidOutKindEnum().notNull(),
    amountMinor: money().notNull(),
    currency: char({ length: 3 }).notNull(),
    reason: text().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.shiftId, t.createdAt),
    // The daily report's paid-outs of the day.
    index().on(t.merchantId, t.createdAt),
  ],
);

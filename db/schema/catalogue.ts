import {
  bigint,
  boolean,
  char,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { merchants, stores } from "./tenancy";

/**
 * A store's usual items, offered as quick keys on the new-order form. Picking one copies its
 * name and price into the order's own items, so editing or removing it never changes an order.
 */
export const catalogueItems = pgTable(
  "catalogue_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    storeId: uuid()
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    name: text().notNull(),
    priceMinor: bigint({ mode: "bigint" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    /** The order of the quick keys (and of their shortcuts 1–9, then letters). */
    position: integer().notNull(),
    /** A disabled item stays on the store's list but leaves the counter. */
    enabled: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.merchantId, t.storeId, t.position)],
);

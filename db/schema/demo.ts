import { pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { merchants } from "./tenancy";

/**
 * Shops made by the demo seed. With practice shops, the only places where the built-in
 * sandbox wallet may take payments (unless the operator turns it on everywhere, SANDBOX=1).
 */
export const demoShops = pgTable("demo_shops", {
  merchantId: uuid()
    .primaryKey()
    .references(() => merchants.id, { onDelete: "cascade" }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

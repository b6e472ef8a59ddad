import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { testEncryptionKey } from "@/test/fixtures";
import { selectRows } from "@/server/analytics/rollup.service";
import { customerHash, merchantCustomerKey } from "@/server/customers/customer-key.logic";
import { customerHabits } from "@/server/customers/customer-habits.service";
import { seedDemoIfEmpty } from "./demo";
import { seedDemoHistory } from "./history";
import { seedDemoCustomers } from "./history-customers";

const { db } = setupTestDatabase();
let merchantId: string;
const key = merchantCustomerKey(testEncryptionKey, "demo");

beforeAll(async () => {
  await seedDemoIfEmpty(db, testEncryptionKey);
  const history = await seedDemoHistory(db, { orders: 900, days: 30, seed: "customers" });
  merchantId = history.merchantId;
  await seedDemoCustomers(db, merchantId, key);
});

describe(`the demo's regulars (${engine})`, () => {
  it("are recognised by their keyed phone number, with roll-ups equal to their orders", async () => {
    const [linked] = await selectRows<{ orders: number; customers: number; contacts: number }>(
      db,
      sql`select count(*)::int as orders, count(distinct customer_id)::int as customers,
        count(distinct customer_contact)::int as contacts
        from orders where merchant_id = ${merchantId} and customer_id is not null`,
    );
    expect(linked!.customers).toBeGreaterThan(10);
    expect(linked!.customers).toBe(linked!.contacts);
    const [kept] = await selectRows<{ days: number; totals: number; counted: number }>(
      db,
      sql`select (select sum(orders)::int from customer_daily_rollups where merchant_id = ${merchantId}) as days,
        (select sum(orders)::int from customer_method_totals where merchant_id = ${merchantId}) as totals,
        (select sum(orders)::int from customers where merchant_id = ${merchantId}) as counted`,
    );
    expect(kept).toEqual({ days: linked!.orders, totals: linked!.orders, counted: linked!.orders });
    const [one] = await selectRows<{ contact: string; key_hash: string }>(
      db,
      sql`select o.customer_contact as contact, c.key_hash from orders o
        join customers c on c.id = o.customer_id where o.merchant_id = ${merchantId} limit 1`,
    );
    expect(one!.key_hash).toBe(
      customerHash(key, { kind: "contact", value: one!.contact.replace(/[^\d+]/g, "") }),
    );
    const habits = await customerHabits(db, merchantId, "CNY", {
      from: "2000-01-01",
      to: "2999-12-31",
    });
    expect(habits.returningOrders).toBeGreaterThan(0);
    expect(habits.repeatRate).toBeGreaterThan(0);
    expect(habits.customers).toBe(linked!.customers);
    expect(habits.lifetimeByFirstMethod.reduce((n, l) => n + l.customers, 0)).toBe(
      linked!.customers,
    );
    expect(habits.switches.length).toBeGreaterThan(0);
  });
});

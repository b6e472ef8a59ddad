import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, customers, orders } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { notify, seedPayments, type PaymentsSeed } from "@/test/payments";
import { selectRows } from "@/server/analytics/rollup.service";
import { submitFeedback } from "@/server/feedback/feedback.service";
import { payCash } from "@/server/payments/cash.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { localDate } from "@/server/time/local-date.logic";
import { testProviders } from "@/test/payments";
import { vouchers } from "@/db/schema";
import { createPromotion } from "@/server/promotions/promotion.service";
import { eraseCustomer } from "./customer-erasure.service";
import { customerHabits } from "./customer-habits.service";
import { rebuildCustomerRollups } from "./customer-rollups.service";

const { db } = setupTestDatabase();
let s: PaymentsSeed;
const ids: Record<string, string> = {};

const order = (amountMinor: bigint, customerContact?: string) =>
  createOrder(
    db,
    s.staff,
    s.merchant.id,
    createOrderInput.parse({ storeId: s.store.id, currency: "CNY", amountMinor, customerContact }),
  );

async function paidInCash(amountMinor: bigint, contact?: string) {
  const o = await order(amountMinor, contact);
  await payCash(db, s.staff, s.merchant.id, {
    orderId: o.id,
    methodId: s.cash.id,
    tenderedMinor: amountMinor,
  });
  return o;
}

async function paidInWallet(amountMinor: bigint, contact?: string) {
  const o = await order(amountMinor, contact);
  const attempt = await createAttempt(
    db,
    s.staff,
    s.merchant.id,
    { orderId: o.id, methodId: s.sandbox.id },
    testProviders,
  );
  const { response } = await notify(db, s.sandbox.id, attempt);
  expect(response.status).toBe(200);
  return o;
}

beforeAll(async () => {
  s = await seedPayments(db, "Habits");
  ids.first = (await paidInCash(1000n, "Ann@Example.com")).id;
  // The same contact typed otherwise, paid with the wallet: a returning customer who switched.
  ids.switch = (await paidInWallet(2500n, "  ann@example.COM ")).id;
  ids.phone = (await paidInCash(400n, "+86 138-0000-0000")).id;
  ids.anonymous = (await paidInCash(700n)).id;
});

const today = () => localDate(new Date(), "Asia/Shanghai");

/** The shop's all-time customer roll-ups, as kept, then as rebuilt from the customers' rows. */
async function expectAllTimeRollupsEqualRebuild(merchantId: string) {
  const read = async () =>
    Promise.all(
      [
        sql`select first_method_id::text, customers, returned
          from customer_first_method_rollups where merchant_id = ${merchantId} order by 1`,
        sql`select currency, first_method_id::text, customers, amount_minor::text
          from customer_lifetime_rollups where merchant_id = ${merchantId} order by 1, 2`,
        sql`select from_method_id::text, to_method_id::text, promotion_id::text, customers
          from customer_switch_rollups where merchant_id = ${merchantId} order by 1, 2, 3`,
      ].map((query) => selectRows(db, query)),
    );
  const kept = await read();
  await db.transaction((tx) => rebuildCustomerRollups(tx, merchantId));
  expect(kept).toEqual(await read());
  return kept;
}

describe(`customer habits (${engine})`, () => {
  it("recognises a returning customer by a keyed hash, never the contact itself", async () => {
    const rows = await db.select().from(customers).where(eq(customers.merchantId, s.merchant.id));
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.keyHash).toMatch(/^[0-9a-f]{64}$/);
    const ann = rows.find((r) => r.orders === 2);
    expect(ann).toMatchObject({
      firstMethodId: s.cash.id,
      switchedToMethodId: s.sandbox.id,
      switchedOrderId: ids.switch,
    });
    const [anonymous] = await db.select().from(orders).where(eq(orders.id, ids.anonymous!));
    expect(anonymous?.customerId).toBeNull();
  });

  it("reads new against returning, repeat rate, switches and lifetime value", async () => {
    const h = await customerHabits(db, s.merchant.id, "CNY", { from: today(), to: today() });
    expect(h.newOrders).toBe(2);
    expect(h.returningOrders).toBe(1);
    expect(h.mix.returning).toEqual([{ methodId: s.sandbox.id, orders: 1, amountMinor: 2500n }]);
    expect(h.customers).toBe(2);
    expect(h.repeatRate).toBe(0.5);
    expect(h.switches).toEqual([
      {
        fromMethodId: s.cash.id,
        toMethodId: s.sandbox.id,
        promotionId: null,
        promotionName: null,
        customers: 1,
      },
    ]);
    expect(h.lifetimeByFirstMethod).toEqual([
      { firstMethodId: s.cash.id, customers: 2, amountMinor: 3900n, perCustomerMinor: 1950n },
    ]);
  });

  it("keeps roll-ups equal to a rebuild from the orders", async () => {
    const paid = sql`from orders o join payment_attempts a on a.order_id = o.id
      and a.status = 'succeeded' and not a.is_duplicate
      where o.merchant_id = ${s.merchant.id} and o.customer_id is not null`;
    const rebuiltTotals = await selectRows(
      db,
      sql`select o.customer_id::text, a.method_id::text, o.currency, count(*)::int as orders,
        sum(o.amount_minor)::text as amount ${paid} group by 1, 2, 3 order by 1, 2, 3`,
    );
    const keptTotals = await selectRows(
      db,
      sql`select customer_id::text, method_id::text, currency, orders, amount_minor::text as amount
        from customer_method_totals where merchant_id = ${s.merchant.id} order by 1, 2, 3`,
    );
    expect(keptTotals).toEqual(rebuiltTotals);
    const rebuiltDays = await selectRows(
      db,
      sql`select a.method_id::text, (o.paid_at at time zone 'Asia/Shanghai')::date::text as day,
        (row_number() over (partition by o.customer_id order by o.paid_at) > 1) as returning,
        o.amount_minor ${paid}`,
    );
    const days = await selectRows(
      db,
      sql`select method_id::text, day::text, is_returning as returning, orders,
        amount_minor::text as amount from customer_daily_rollups
        where merchant_id = ${s.merchant.id} order by 1, 2, 3`,
    );
    const grouped = new Map<string, { orders: number; amount: bigint }>();
    for (const r of rebuiltDays as {
      method_id: string;
      day: string;
      returning: boolean;
      amount_minor: string;
    }[]) {
      const k = `${r.method_id}|${r.day}|${r.returning}`;
      const g = grouped.get(k) ?? { orders: 0, amount: 0n };
      grouped.set(k, { orders: g.orders + 1, amount: g.amount + BigInt(r.amount_minor) });
    }
    expect(
      (
        days as {
          method_id: string;
          day: string;
          returning: boolean;
          orders: number;
          amount: string;
        }[]
      )
        .map((d) => [`${d.method_id}|${d.day}|${d.returning}`, d.orders, d.amount])
        .sort(),
    ).toEqual([...grouped].map(([k, g]) => [k, g.orders, g.amount.toString()]).sort());
    const counts = await selectRows(
      db,
      sql`select c.orders, (select count(*)::int from orders o where o.customer_id = c.id) as linked
        from customers c where c.merchant_id = ${s.merchant.id}`,
    );
    for (const c of counts as { orders: number; linked: number }[]) expect(c.orders).toBe(c.linked);
    const [firstMethods] = await expectAllTimeRollupsEqualRebuild(s.merchant.id);
    expect(firstMethods).toEqual([{ first_method_id: s.cash.id, customers: 2, returned: 1 }]);
  });

  it("erases one customer on the owner's request, leaving only anonymous amounts", async () => {
    const [voucher] = await db.select().from(vouchers).where(eq(vouchers.orderId, ids.first!));
    await submitFeedback(
      db,
      { ip: "203.0.113.9", userAgent: null },
      { code: voucher!.code, score: 2, comment: "Ann here, too slow" },
    );
    const before = await customerHabits(db, s.merchant.id, "CNY", { from: today(), to: today() });
    await expectDomainError(
      eraseCustomer(db, s.manager, s.merchant.id, { contact: "nobody@example.com" }),
      "NOT_FOUND",
      "customerNotFound",
    );
    const erased = await eraseCustomer(db, s.manager, s.merchant.id, {
      contact: "ANN@example.com",
    });
    expect(erased).toEqual({ orders: 2, feedback: 1 });

    // No trace of her: not her contact, not her words, not the hash that recognised her.
    for (const table of [
      "orders",
      "payment_failures",
      "outbox",
      "alerts",
      "receipt_feedback",
      "customers",
      "audit_log",
    ]) {
      const found = await selectRows(
        db,
        sql`select 1 from ${sql.raw(table)} t where row_to_json(t)::text ilike '%ann@example%'
          or row_to_json(t)::text ilike '%Ann here%'`,
      );
      expect(found, table).toHaveLength(0);
    }
    const rows = await db.select().from(customers).where(eq(customers.merchantId, s.merchant.id));
    expect(rows.filter((r) => r.keyHash === null)).toHaveLength(1);
    expect(
      await db
        .select()
        .from(orders)
        .where(and(eq(orders.id, ids.switch!), sql`customer_id is not null`)),
    ).toHaveLength(0);
    // The amounts stay, anonymous.
    const after = await customerHabits(db, s.merchant.id, "CNY", { from: today(), to: today() });
    expect(after.newOrders).toBe(before.newOrders);
    expect(after.returningOrders).toBe(before.returningOrders);
    // Her counts stay too, anonymous: the all-time figures as a rebuild finds them.
    expect(after.repeatRate).toBe(before.repeatRate);
    expect(after.switches).toEqual(before.switches);
    expect(after.lifetimeByFirstMethod).toEqual(before.lifetimeByFirstMethod);
    await expectAllTimeRollupsEqualRebuild(s.merchant.id);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, s.merchant.id), eq(auditLog.action, "customer.erase")));
    expect(audit?.after).toEqual({ orders: 2, feedback: 1 });
  });
});

describe(`customer switches after a promotion (${engine})`, () => {
  it("names the promotion that priced the order a customer switched on", async () => {
    s = await seedPayments(db, "Habits promo");
    const promo = await createPromotion(db, s.manager, s.merchant.id, {
      name: "Wallet week",
      currency: "CNY",
      methodIds: [],
      anyWallet: true,
      startsOn: "2020-01-01",
      endsOn: "2099-12-31",
      benefit: "amount_off",
      amountOffMinor: 500n,
      budgetMinor: 100_000n,
    });
    await paidInCash(800n, "bo@example.com");
    await paidInWallet(3000n, "bo@example.com");
    // Another customer who stays with cash: no switch to report.
    await paidInCash(900n, "cy@example.com");
    await paidInCash(900n, "cy@example.com");
    const h = await customerHabits(db, s.merchant.id, "CNY", { from: today(), to: today() });
    expect(h.switches).toEqual([
      {
        fromMethodId: s.cash.id,
        toMethodId: s.sandbox.id,
        promotionId: promo.id,
        promotionName: "Wallet week",
        customers: 1,
      },
    ]);
    expect(h.repeatRate).toBe(1);
    await expectAllTimeRollupsEqualRebuild(s.merchant.id);
  });
});

describe(`customers paying in two currencies (${engine})`, () => {
  it("counts a customer's lifetime value in each currency they paid in", async () => {
    s = await seedPayments(db, "Habits currencies");
    await db.execute(
      sql`update payment_methods set currencies = '{CNY,USD}' where id = ${s.cash.id}`,
    );
    const paid = async (currency: string, amountMinor: bigint) => {
      const o = await createOrder(
        db,
        s.staff,
        s.merchant.id,
        createOrderInput.parse({
          storeId: s.store.id,
          currency,
          amountMinor,
          customerContact: "di@example.com",
        }),
      );
      await payCash(db, s.staff, s.merchant.id, {
        orderId: o.id,
        methodId: s.cash.id,
        tenderedMinor: amountMinor,
      });
    };
    await paid("CNY", 1000n);
    await paid("USD", 300n);
    await paid("USD", 200n);
    const range = { from: today(), to: today() };
    const usd = await customerHabits(db, s.merchant.id, "USD", range);
    expect(usd.lifetimeByFirstMethod).toEqual([
      { firstMethodId: s.cash.id, customers: 1, amountMinor: 500n, perCustomerMinor: 500n },
    ]);
    expect(usd.customers).toBe(1);
    expect(usd.repeatRate).toBe(1);
    await expectAllTimeRollupsEqualRebuild(s.merchant.id);
  });
});

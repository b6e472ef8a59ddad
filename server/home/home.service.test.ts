import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { alerts, orders, paymentAttempts, paymentFailures } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { notify, payableOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import { rebuildRollups } from "@/server/analytics/rollup-rebuild.service";
import { payCash } from "@/server/payments/cash.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import { homeSummary } from "./home.service";

const { db } = setupTestDatabase();
let shop: PaymentsSeed;
let empty: PaymentsSeed;

// Wednesday 11 March 2026, 14:30 in Shanghai (the seed's zone): "now" for every call below.
const now = new Date("2026-03-11T06:30:00Z");
const shanghai = (localDay: string, hhmm: string) => `${localDay}T${hhmm}:00+08:00`;

/** Moves an order, its attempts and its failure records to a moment in the past, as history would be. */
async function moveTo(orderId: string, at: string) {
  await db
    .update(orders)
    .set({ createdAt: new Date(at) })
    .where(eq(orders.id, orderId));
  await db
    .update(paymentAttempts)
    .set({ createdAt: new Date(at) })
    .where(eq(paymentAttempts.orderId, orderId));
  await db
    .update(paymentFailures)
    .set({ occurredAt: new Date(at) })
    .where(eq(paymentFailures.orderId, orderId));
}

async function paidWallet(amount: bigint, at: string) {
  const { order, attempt } = await payableOrder(db, shop, amount);
  await notify(db, shop.sandbox.id, attempt);
  await moveTo(order.id, at);
  return order;
}

beforeAll(async () => {
  shop = await seedPayments(db, "Home");
  empty = await seedPayments(db, "Empty");

  // Today until 14:30: 10.00 at 10:00 and 5.00 at 14:10 (the hour in progress).
  await paidWallet(1000n, shanghai("2026-03-11", "10:00"));
  await paidWallet(500n, shanghai("2026-03-11", "14:10"));
  // Last Wednesday: 20.00 at 09:00 and 3.00 at 14:20 count; 7.00 at 14:40 and 9.00 at 18:00
  // happened later in the day than it is now, so they do not.
  await paidWallet(2000n, shanghai("2026-03-04", "09:00"));
  await paidWallet(300n, shanghai("2026-03-04", "14:20"));
  await paidWallet(700n, shanghai("2026-03-04", "14:40"));
  await paidWallet(900n, shanghai("2026-03-04", "18:00"));
  // Today, a wallet payment failed at 11:00 and the customer then paid 8.00 in cash: recovered.
  const failed = await payableOrder(db, shop, 800n);
  await notify(db, shop.sandbox.id, failed.attempt, { outcome: "failed" });
  await payCash(db, shop.staff, shop.merchant.id, {
    orderId: failed.order.id,
    methodId: shop.cash.id,
    tenderedMinor: 1000n,
  });
  await moveTo(failed.order.id, shanghai("2026-03-11", "11:00"));
  // Another failure today, never recovered; the order still waits for payment.
  const lost = await payableOrder(db, shop, 1200n);
  await notify(db, shop.sandbox.id, lost.attempt, { outcome: "failed" });
  await moveTo(lost.order.id, shanghai("2026-03-11", "12:00"));
  await rebuildRollups(db, shop.merchant.id);

  // The cashier's own orders today (one waiting), one from yesterday, and one the manager made.
  const mine = await createOrder(
    db,
    shop.staff,
    shop.merchant.id,
    createOrderInput.parse({ storeId: shop.store.id, currency: "CNY", amountMinor: 4200n }),
  );
  await moveTo(mine.id, shanghai("2026-03-11", "13:00"));
  const yesterday = await createOrder(
    db,
    shop.staff,
    shop.merchant.id,
    createOrderInput.parse({ storeId: shop.store.id, currency: "CNY", amountMinor: 100n }),
  );
  await moveTo(yesterday.id, shanghai("2026-03-10", "13:00"));
  const managers = await createOrder(
    db,
    shop.manager,
    shop.merchant.id,
    createOrderInput.parse({ storeId: shop.store.id, currency: "CNY", amountMinor: 5600n }),
  );
  await moveTo(managers.id, shanghai("2026-03-11", "13:30"));

  await db.insert(alerts).values([
    {
      merchantId: shop.merchant.id,
      kind: "amount_mismatch",
      entityType: "order",
      entityId: lost.order.id,
      createdAt: new Date(shanghai("2026-03-11", "12:05")),
    },
    {
      merchantId: shop.merchant.id,
      kind: "voucher_code_guessing",
      entityType: "user",
      entityId: shop.people.staff.id,
      createdAt: new Date(shanghai("2026-03-11", "12:10")),
    },
    {
      merchantId: shop.merchant.id,
      kind: "failure_spike",
      entityType: "method",
      entityId: shop.sandbox.id,
      status: "resolved",
      resolvedAt: new Date(shanghai("2026-03-11", "12:20")),
    },
    // Another shop's alert never shows here.
    { merchantId: empty.merchant.id, kind: "duplicate_payment", entityType: "order" },
  ]);
});

const scopeOf = (seed: PaymentsSeed, role: "owner" | "manager" | "staff" | "analyst") => ({
  merchantId: seed.merchant.id,
  userId: seed.people[role].id,
  role,
});

describe(`home summary (${engine})`, () => {
  it("compares today's takings with last week's same weekday up to the same local time", async () => {
    const s = await homeSummary(db, scopeOf(shop, "owner"), now);
    if (s.view !== "business") throw new Error(s.view);
    expect(s).toMatchObject({ today: "2026-03-11", lastWeek: "2026-03-04", localNow: "14:30" });
    const wallet = s.takings.methods.find((m) => m.methodId === shop.sandbox.id)!;
    expect(wallet).toMatchObject({
      todayMinor: 1500n,
      todayOrders: 2,
      lastWeekMinor: 2300n,
      lastWeekOrders: 2,
    });
    const cash = s.takings.methods.find((m) => m.methodId === shop.cash.id)!;
    expect(cash).toMatchObject({ todayMinor: 800n, lastWeekMinor: 0n });
    expect(s.takings.totals).toEqual([
      {
        currency: "CNY",
        todayMinor: 2300n,
        todayOrders: 3,
        lastWeekMinor: 2300n,
        lastWeekOrders: 2,
      },
    ]);
  });

  it("counts open orders, today's failures and their recovery, and unresolved alerts", async () => {
    const s = await homeSummary(db, scopeOf(shop, "manager"), now);
    if (s.view !== "business") throw new Error(s.view);
    // The lost order, the cashier's two and the manager's one wait for payment.
    expect(s.openOrders).toBe(4);
    expect(s.failures).toEqual({ failures: 2, failedOrders: 2, recoveredOrders: 1 });
    expect(s.alerts.total).toBe(2);
    expect(s.alerts.latest.map((a) => a.kind)).toEqual([
      "voucher_code_guessing",
      "amount_mismatch",
    ]);
  });

  it("shows a cashier their own shift: today's orders by them, and what still waits", async () => {
    const s = await homeSummary(db, scopeOf(shop, "staff"), now);
    if (s.view !== "counter") throw new Error(s.view);
    expect(s).not.toHaveProperty("takings");
    // Today by the cashier: 2 wallet payments, the recovered and the lost order, and 42.00 waiting.
    expect(s.shift.orders).toBe(5);
    expect(s.shift.paidOrders).toBe(3);
    expect(s.shift.takings).toEqual([{ currency: "CNY", amountMinor: 2300n }]);
    expect(s.shift.waitingCount).toBe(2);
    expect(s.shift.waiting.map((o) => o.amountMinor)).toEqual([4200n, 1200n]);
  });

  it("gives the analyst the week's figures against the week before", async () => {
    const s = await homeSummary(db, scopeOf(shop, "analyst"), now);
    if (s.view !== "week") throw new Error(s.view);
    expect(s.week.period.current).toEqual({ from: "2026-03-05", to: "2026-03-11" });
    // Everything today, whatever the hour: 10.00 + 5.00 + 8.00 cash.
    expect(s.week.figures).toMatchObject({ gmvMinor: 2300n, paidOrders: 3 });
    expect(s.week.previous).toMatchObject({ gmvMinor: 3900n, paidOrders: 4 });
  });

  it("has nothing to show, without failing, for a new shop", async () => {
    const s = await homeSummary(db, scopeOf(empty, "owner"), now);
    if (s.view !== "business") throw new Error(s.view);
    expect(s.takings).toEqual({
      methods: [],
      totals: [
        { currency: "CNY", todayMinor: 0n, todayOrders: 0, lastWeekMinor: 0n, lastWeekOrders: 0 },
      ],
    });
    expect(s.openOrders).toBe(0);
    expect(s.failures).toEqual({ failures: 0, failedOrders: 0, recoveredOrders: 0 });
    expect(s.alerts.total).toBe(1);
    const staff = await homeSummary(db, scopeOf(empty, "staff"), now);
    if (staff.view !== "counter") throw new Error(staff.view);
    expect(staff.shift).toEqual({
      orders: 0,
      paidOrders: 0,
      waitingCount: 0,
      takings: [],
      waiting: [],
    });
  });

  it("takes 'today' in the shop's zone, not the server's", async () => {
    await db.execute(
      sql`update merchants set time_zone = 'America/New_York' where id = ${shop.merchant.id}`,
    );
    try {
      const s = await homeSummary(db, scopeOf(shop, "owner"), now);
      // 06:30 UTC is 02:30 in New York (daylight time since 8 March 2026).
      expect(s).toMatchObject({ today: "2026-03-11", localNow: "02:30" });
    } finally {
      await db.execute(
        sql`update merchants set time_zone = 'Asia/Shanghai' where id = ${shop.merchant.id}`,
      );
    }
  });
});

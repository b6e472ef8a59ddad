import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  memberships,
  notifications,
  orderCounters,
  orders,
  paymentAttempts,
  paymentDailyRollups,
  paymentFailures,
  refunds,
  stores,
} from "@/db/schema";
import { setupTestDatabase } from "@/test/db";
import { testEncryptionKey } from "@/test/fixtures";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder, listOrders } from "@/server/payments/order.service";
import { seedDemoIfEmpty } from "./demo";
import { seedDemoHistory } from "./history";

const { db } = setupTestDatabase();

beforeAll(async () => {
  await seedDemoIfEmpty(db, testEncryptionKey);
});

/** Each local day's numbers, as sequences, and the day's counter. */
async function numbering(merchantId: string) {
  const rows = await db
    .select({ number: orders.number })
    .from(orders)
    .where(eq(orders.merchantId, merchantId));
  const byDay = new Map<string, number[]>();
  for (const { number } of rows) {
    const [day, seq] = number.split("-") as [string, string];
    byDay.set(day, [...(byDay.get(day) ?? []), Number(seq)]);
  }
  const counters = await db
    .select({ day: orderCounters.day, last: orderCounters.last })
    .from(orderCounters)
    .where(eq(orderCounters.merchantId, merchantId));
  return { byDay, counters: new Map(counters.map((c) => [c.day.replaceAll("-", ""), c.last])) };
}

describe("seedDemoHistory", () => {
  it("writes the demo café's history with per-day numbers and counters at the last number", async () => {
    const summary = await seedDemoHistory(db, { orders: 600, days: 3, seed: "t", batchSize: 250 });
    expect(summary.orders).toBe(600);
    const [{ n } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(paymentAttempts)
      .where(eq(paymentAttempts.merchantId, summary.merchantId));
    expect(n).toBe(summary.attempts);

    const { byDay, counters } = await numbering(summary.merchantId);
    for (const [day, seqs] of byDay) {
      expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
      expect(counters.get(day)).toBe(seqs.length);
    }

    // The list reads it like live data: newest first, with the paying method's label.
    const page = await listOrders(db, summary.merchantId, { limit: 5 });
    expect(page.rows).toHaveLength(5);
    expect(page.total).toBe(600);
    expect(page.rows.some((r) => r.methodLabel !== null)).toBe(true);

    // The failure log holds every failed or expired attempt, recovered where the order was paid.
    const [log] = await db
      .select({
        n: sql<number>`count(*)::int`,
        recoveredOrders: sql<number>`count(distinct ${paymentFailures.orderId}) filter (where ${paymentFailures.recoveredAt} is not null)::int`,
      })
      .from(paymentFailures)
      .where(eq(paymentFailures.merchantId, summary.merchantId));
    const failed = Object.values(summary.attemptsByMethod).reduce(
      (n, s) => n + (s.failed ?? 0) + (s.expired ?? 0),
      0,
    );
    expect(log!.n).toBe(failed);
    expect(log!.n).toBeGreaterThan(0);
    const [paidAfterFailure] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(
        and(
          eq(orders.merchantId, summary.merchantId),
          sql`${orders.paidAt} is not null`,
          sql`exists (select 1 from ${paymentAttempts} where ${paymentAttempts.orderId} = ${orders.id} and ${paymentAttempts.status} in ('failed', 'expired'))`,
        ),
      );
    expect(log!.recoveredOrders).toBe(paidAfterFailure!.n);

    // Some paid orders were refunded, as the refund flow leaves them, and the roll-ups count it.
    expect(summary.refunds).toBeGreaterThan(0);
    const given = await db
      .select({
        status: orders.status,
        paidMinor: paymentAttempts.amountMinor,
        heldMinor: paymentAttempts.refundedMinor,
        amountMinor: refunds.amountMinor,
      })
      .from(refunds)
      .innerJoin(orders, eq(orders.id, refunds.orderId))
      .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
      .where(eq(refunds.merchantId, summary.merchantId));
    expect(given).toHaveLength(summary.refunds);
    for (const r of given) {
      expect(r.heldMinor).toBe(r.amountMinor);
      expect(r.status).toBe(r.amountMinor === r.paidMinor ? "refunded" : "partially_refunded");
    }
    const [rolled] = await db
      .select({ refundMinor: sql<string>`sum(${paymentDailyRollups.refundMinor})::text` })
      .from(paymentDailyRollups)
      .where(eq(paymentDailyRollups.merchantId, summary.merchantId));
    expect(BigInt(rolled!.refundMinor)).toBe(summary.refundedMinor);
  });

  it("adds to the history without a number clash, and a live order takes the next number", async () => {
    const before = await seedDemoHistory(db, { orders: 200, days: 1 });
    const { byDay } = await numbering(before.merchantId);
    const total = [...byDay.values()].reduce((sum, seqs) => sum + seqs.length, 0);
    expect(total).toBe(800);
    for (const seqs of byDay.values()) expect(new Set(seqs).size).toBe(seqs.length);

    const [store] = await db
      .select({ id: stores.id })
      .from(stores)
      .where(eq(stores.merchantId, before.merchantId));
    const [owner] = await db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.merchantId, before.merchantId), eq(memberships.role, "owner")));
    const live = await createOrder(
      db,
      { userId: owner!.userId, ip: null, userAgent: null },
      before.merchantId,
      createOrderInput.parse({ storeId: store!.id, currency: "CNY", amountMinor: "2500" }),
    );
    const [day, seq] = live.number.split("-") as [string, string];
    // Today may have no history yet (before opening time): then the live order is 0001.
    expect(Number(seq)).toBe((byDay.get(day)?.length ?? 0) + 1);
  });

  it("replaces the history with --fresh, inbox notifications included", async () => {
    const [{ merchantId } = { merchantId: "" }] = await db
      .select({ merchantId: orders.merchantId })
      .from(orders)
      .limit(1);
    await db.insert(notifications).values({
      merchantId,
      provider: "sandbox",
      outcome: "rejected",
      rawBody: "{}",
    });
    const summary = await seedDemoHistory(db, { orders: 100, days: 2, fresh: true });
    expect(summary.deletedOrders).toBe(801);
    const [{ n } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.merchantId, merchantId));
    expect(n).toBe(100);
    const left = await db
      .select()
      .from(notifications)
      .where(eq(notifications.merchantId, merchantId));
    expect(left).toEqual([]);
    const { byDay, counters } = await numbering(merchantId);
    for (const [day, seqs] of byDay) expect(counters.get(day)).toBe(seqs.length);
  });
});

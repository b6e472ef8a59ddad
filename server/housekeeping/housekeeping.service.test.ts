import { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  cashShifts,
  notifications,
  orders,
  outbox,
  sessions,
  stores,
  throttles,
} from "@/db/schema";
import { verifyAuditChain } from "@/server/audit/audit.service";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor } from "@/test/fixtures";
import {
  orderState,
  payableOrder,
  postNotification,
  providerEvent,
  seedPayments,
  signedNotification,
  type PaymentsSeed,
} from "@/test/payments";
import { cleanIdlePracticeShops, pruneRawRecords } from "./housekeeping.service";

const { db } = setupTestDatabase();
const day = 24 * 60 * 60 * 1000;
const later = (days: number) => new Date(Date.now() + days * day);
const callerFor = (user: SessionUser, merchantId: string | null = null) =>
  createCaller(contextFor(db, user, merchantId));

let short: PaymentsSeed;
let long: PaymentsSeed;

beforeAll(async () => {
  short = await seedPayments(db, "Short");
  long = await seedPayments(db, "Long");
});

/** A paid order whose notification is kept: returns the delivery, to send again later. */
async function paidOrder(seed: PaymentsSeed) {
  const { order, attempt } = await payableOrder(db, seed, 1200n);
  const delivery = await signedNotification(db, seed.sandbox.id, providerEvent(attempt));
  expect((await postNotification(db, seed.sandbox.id, delivery)).status).toBe(200);
  return { order, delivery };
}

const bodiesOf = (merchantId: string) =>
  db
    .select({ rawBody: notifications.rawBody, headers: notifications.headers })
    .from(notifications)
    .where(eq(notifications.merchantId, merchantId));

describe(`housekeeping (${engine})`, () => {
  it("prunes raw bodies past each shop's own retention, keeps the rows, and a repeat is still recognised", async () => {
    await callerFor(short.people.owner).merchant.updateRetention({ days: 30 });
    const a = await paidOrder(short);
    await paidOrder(long);

    const none = await pruneRawRecords(db, later(29));
    expect(none.notificationBodies).toBe(0);

    const result = await pruneRawRecords(db, later(31));
    expect(result.notificationBodies).toBeGreaterThanOrEqual(1);
    const pruned = await bodiesOf(short.merchant.id);
    expect(pruned.length).toBeGreaterThanOrEqual(1);
    expect(pruned.every((r) => r.rawBody === null && Object.keys(r.headers).length === 0)).toBe(
      true,
    );
    // The other shop keeps a year by default.
    expect((await bodiesOf(long.merchant.id)).every((r) => r.rawBody !== null)).toBe(true);

    // The provider sends the same notification again: acknowledged, applied once.
    expect((await postNotification(db, short.sandbox.id, a.delivery)).status).toBe(200);
    const state = await orderState(db, a.order.id);
    expect(state.order?.status).toBe("paid");
    expect(state.notifications).toHaveLength(1);

    // A second run finds nothing more to do.
    expect((await pruneRawRecords(db, later(31))).notificationBodies).toBe(0);
  });

  it("deletes sent customer messages past retention, never one still to send", async () => {
    const mine = eq(outbox.merchantId, short.merchant.id);
    const message = (state: "sent" | "pending" | "failed") => ({
      merchantId: short.merchant.id,
      topic: "customer.email",
      payload: {},
      state,
    });
    const rows = await db
      .insert(outbox)
      .values([message("sent"), message("failed"), message("pending")])
      .returning({ id: outbox.id, state: outbox.state });
    const rest = rows.filter((r) => r.state === "pending");
    await pruneRawRecords(db, later(31));
    const left = await db.select({ id: outbox.id, state: outbox.state }).from(outbox).where(mine);
    expect(left.map((r) => r.id).sort()).toEqual(rest.map((r) => r.id).sort());
  });

  it("deletes expired sign-ins and throttle rows past their window", async () => {
    const stale = `housekeeping-test:${Math.random()}`;
    const fresh = `${stale}:fresh`;
    await db.insert(throttles).values([
      { key: stale, failures: 3, windowStartedAt: new Date(Date.now() - 2 * day) },
      { key: fresh, failures: 3 },
    ]);
    await pruneRawRecords(db);
    const keys = (await db.select({ key: throttles.key }).from(throttles)).map((r) => r.key);
    expect(keys).toContain(fresh);
    expect(keys).not.toContain(stale);

    // Every session of today's tests has expired 400 days from now.
    await pruneRawRecords(db, later(400));
    expect(await db.select().from(sessions)).toEqual([]);
  });

  it("takes the retention from the owner only, within bounds, audited", async () => {
    const manager = await callerFor(short.people.manager)
      .merchant.updateRetention({ days: 90 })
      .catch((e: unknown) => e);
    expect((manager as TRPCError).code).toBe("FORBIDDEN");
    for (const days of [29, 3651, 45.5]) {
      const bad = await callerFor(short.people.owner)
        .merchant.updateRetention({ days })
        .catch((e: unknown) => e);
      expect((bad as TRPCError).code).toBe("BAD_REQUEST");
    }
    const owner = callerFor(short.people.owner);
    await owner.merchant.updateRetention({ days: 180 });
    expect(await owner.merchant.housekeeping()).toMatchObject({ rawRetentionDays: 180 });
    expect(await verifyAuditChain(db, short.merchant.id)).toBeNull();
  });
});

describe(`practice shop housekeeping (${engine})`, () => {
  async function practiceWithOrder(seed: PaymentsSeed) {
    const { practiceMerchantId } = await callerFor(seed.people.staff).guides.startPractice();
    const [store] = await db
      .select({ id: stores.id })
      .from(stores)
      .where(eq(stores.merchantId, practiceMerchantId));
    const practice = callerFor(seed.people.staff, practiceMerchantId);
    // The trainee opens the drawer first, as at the counter; its shift is history too.
    await practice.shifts.open({ storeId: store!.id, floatMinor: 10000n });
    await practice.orders.create({ storeId: store!.id, currency: "CNY", amountMinor: 900n });
    return practiceMerchantId;
  }
  const ordersOf = async (merchantId: string) =>
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(orders)
        .where(eq(orders.merchantId, merchantId))
    )[0]!.n;

  it("lets the owner reset the practice shop without touching the real one", async () => {
    const seed = await seedPayments(db, "Reset");
    const owner = callerFor(seed.people.owner);
    const none = await owner.merchant.resetPractice().catch((e: unknown) => e);
    expect((none as TRPCError).code).toBe("NOT_FOUND");

    await paidOrder(seed);
    const practiceId = await practiceWithOrder(seed);
    const practiceOrders = await ordersOf(practiceId);
    expect(practiceOrders).toBeGreaterThanOrEqual(1);
    expect(await owner.merchant.housekeeping()).toMatchObject({
      practice: { orders: practiceOrders },
    });
    const manager = await callerFor(seed.people.manager)
      .merchant.resetPractice()
      .catch((e: unknown) => e);
    expect((manager as TRPCError).code).toBe("FORBIDDEN");

    expect(await owner.merchant.resetPractice()).toEqual({ deletedOrders: practiceOrders });
    expect(await ordersOf(practiceId)).toBe(0);
    expect(await db.select().from(cashShifts).where(eq(cashShifts.merchantId, practiceId))).toEqual(
      [],
    );
    expect(await ordersOf(seed.merchant.id)).toBe(1);
    expect(await verifyAuditChain(db, seed.merchant.id)).toBeNull();
    expect(await owner.merchant.housekeeping()).toMatchObject({
      practice: { orders: 0, lastOrderAt: null },
    });
  });

  it("wipes a practice shop idle for 30 days, once, even when two instances run at once", async () => {
    const seed = await seedPayments(db, "Idle");
    const practiceId = await practiceWithOrder(seed);
    const practiceOrders = await ordersOf(practiceId);
    await cleanIdlePracticeShops(db, later(29));
    expect(await ordersOf(practiceId)).toBe(practiceOrders);

    await Promise.all([
      cleanIdlePracticeShops(db, later(31)),
      cleanIdlePracticeShops(db, later(31)),
    ]);
    expect(await ordersOf(practiceId)).toBe(0);
    const wipes = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, "practice.cleanup"), eq(auditLog.entityId, practiceId)));
    expect(wipes).toHaveLength(1);
    expect(await verifyAuditChain(db, seed.merchant.id)).toBeNull();
  });
});

import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  alerts,
  auditPending,
  orders,
  paymentAmountRollups,
  paymentAttempts,
  paymentFailures,
  riskStaffDays,
  riskWatermarks,
  stores,
} from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { actorOf, newOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import { paidVoucher } from "@/test/vouchers";
import { chainAllPending } from "@/server/audit/audit-chainer.service";
import { cancelOrder } from "@/server/payments/order.service";
import { addDays, localDate } from "@/server/time/local-date.logic";
import { redeemVoucher } from "@/server/vouchers/redemption.service";
import { formatCode } from "@/server/vouchers/voucher-code.logic";
import { evaluateRiskRules } from "./risk-evaluation.service";
import { updateRiskRule } from "./risk-settings.service";

const { db } = setupTestDatabase();

const minute = 60_000;

/**
 * The passes of one test: the first (which only starts the watermark) now, the next ones a
 * few minutes later, so everything the test made since lies in the second pass.
 */
function passes() {
  const start = Date.now();
  return {
    start: new Date(start),
    first: () => evaluateRiskRules(db, new Date(start)),
    next: (n: number) => evaluateRiskRules(db, new Date(Date.now() + (1 + n) * minute)),
  };
}

async function alertsOf(seed: PaymentsSeed, kind?: string) {
  const rows = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.merchantId, seed.merchant.id), kind ? eq(alerts.kind, kind) : undefined));
  return rows.map((r) => ({ ...r, details: r.details as Record<string, unknown> }));
}

/** Orders of the seed's store, inserted as they were: paid at `paidAt` unless it is null. */
async function ordersAt(
  seed: PaymentsSeed,
  rows: { amountMinor: bigint; at: Date; paid?: boolean; contact?: string }[],
) {
  return db
    .insert(orders)
    .values(
      rows.map((r, i) => ({
        merchantId: seed.merchant.id,
        storeId: seed.store.id,
        number: `R-${randomBytes(6).toString("hex")}-${i}`,
        status: r.paid === false ? ("pending" as const) : ("paid" as const),
        currency: "CNY",
        amountMinor: r.amountMinor,
        customerContact: r.contact ?? null,
        paidAt: r.paid === false ? null : r.at,
        createdAt: r.at,
      })),
    )
    .returning({ id: orders.id, number: orders.number });
}

/** The amount roll-up of the days before today: `payments` paid at `amountMinor` each. */
async function paidBefore(
  seed: PaymentsSeed,
  rows: { daysAgo: number; amountMinor: bigint; payments: number }[],
) {
  const today = localDate(new Date(), seed.merchant.timeZone);
  await db.insert(paymentAmountRollups).values(
    rows.map((r) => ({
      merchantId: seed.merchant.id,
      storeId: seed.store.id,
      methodId: seed.sandbox.id,
      currency: "CNY",
      day: addDays(today, -r.daysAgo),
      amountMinor: r.amountMinor,
      payments: r.payments,
    })),
  );
}

async function attemptsFor(seed: PaymentsSeed, orderIds: string[], at: (i: number) => Date) {
  await db.insert(paymentAttempts).values(
    orderIds.map((orderId, i) => ({
      merchantId: seed.merchant.id,
      orderId,
      methodId: seed.sandbox.id,
      methodKind: "sandbox" as const,
      token: randomBytes(24).toString("base64url"),
      status: "failed" as const,
      amountMinor: 1000n,
      currency: "CNY",
      expiresAt: at(i),
      createdAt: at(i),
    })),
  );
}

describe(`anomaly rules (${engine})`, () => {
  it("raises nothing on a merchant's first pass, only starts its watermark", async () => {
    const seed = await seedPayments(db, "First");
    const p = passes();
    await ordersAt(seed, [
      { amountMinor: 10n ** 9n, at: new Date(p.start.getTime() - 5 * minute) },
    ]);
    await p.first();
    expect(await alertsOf(seed)).toEqual([]);
    const [mark] = await db
      .select()
      .from(riskWatermarks)
      .where(eq(riskWatermarks.merchantId, seed.merchant.id));
    expect(mark!.evaluatedUntil).toEqual(new Date(p.start.getTime() - minute));
  });

  it("fills the staff roll-up from the weeks before on a merchant's first pass, raising nothing", async () => {
    const seed = await seedPayments(db, "Backfill");
    for (let i = 0; i < 6; i++) {
      const order = await newOrder(db, seed);
      await cancelOrder(db, seed.staff, seed.merchant.id, order.id);
    }
    await evaluateRiskRules(db, new Date(Date.now() + 2 * minute));
    const rows = await db
      .select()
      .from(riskStaffDays)
      .where(eq(riskStaffDays.merchantId, seed.merchant.id));
    expect(rows).toMatchObject([
      { kind: "cancellation", userId: seed.people.staff.id, storeId: seed.store.id, count: 6 },
    ]);
    expect(await alertsOf(seed)).toEqual([]);
  });

  it("unusual amount: one alert for an order far above its own store's usual, none for others or twice", async () => {
    const a = await seedPayments(db, "Amount A");
    const b = await seedPayments(db, "Amount B");
    const p = passes();
    await paidBefore(a, [
      { daysAgo: 1, amountMinor: 1000n, payments: 20 },
      { daysAgo: 9, amountMinor: 900n, payments: 10 },
      { daysAgo: 31, amountMinor: 100n, payments: 500 }, // beyond the 30 days looked at
    ]); // p95 10.00, bar 30.00
    // Another shop's large orders never count for A.
    await paidBefore(b, [{ daysAgo: 1, amountMinor: 100_000n, payments: 30 }]);
    await p.first();
    const now = new Date(Date.now());
    const [big] = await ordersAt(a, [{ amountMinor: 3001n, at: now }]);
    await ordersAt(a, [
      { amountMinor: 3000n, at: now },
      { amountMinor: 900n, at: now },
    ]);
    await ordersAt(b, [{ amountMinor: 3001n, at: now }]);
    await p.next(1);
    const raised = await alertsOf(a, "unusual_amount");
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ entityType: "order", entityId: big!.id });
    expect(raised[0]!.details).toMatchObject({
      orderNumber: big!.number,
      amountMinor: "3001",
      thresholdMinor: "3000",
      percentileRank: 95,
      percentileMinor: 1000,
      factor: 3,
      baselineOrders: 30,
      lookbackDays: 30,
      minSample: 30,
    });
    expect(await alertsOf(b)).toEqual([]);
    await p.next(2);
    expect(await alertsOf(a)).toHaveLength(1);
  });

  it("unusual amount: quiet with fewer past orders than the minimum sample", async () => {
    const seed = await seedPayments(db, "Amount thin");
    const p = passes();
    await paidBefore(seed, [{ daysAgo: 2, amountMinor: 1000n, payments: 29 }]);
    await p.first();
    await ordersAt(seed, [{ amountMinor: 10n ** 7n, at: new Date() }]);
    await p.next(1);
    expect(await alertsOf(seed)).toEqual([]);
  });

  it("velocity: one alert for a contact's burst of requests, not for a slower one or another shop's", async () => {
    const a = await seedPayments(db, "Velocity A");
    const b = await seedPayments(db, "Velocity B");
    const p = passes();
    await p.first();
    const t = Date.now();
    const burst = await ordersAt(
      a,
      Array.from({ length: 5 }, () => ({
        amountMinor: 1000n,
        at: new Date(t),
        paid: false,
        contact: " Buyer@X.com",
      })),
    );
    await attemptsFor(
      a,
      burst.map((o) => o.id),
      (i) => new Date(t + i * 1000),
    );
    // 4 more from the same contact at another shop: counted apart, below 5 there.
    const elsewhere = await ordersAt(
      b,
      Array.from({ length: 4 }, () => ({
        amountMinor: 1000n,
        at: new Date(t),
        paid: false,
        contact: "buyer@x.com",
      })),
    );
    await attemptsFor(
      b,
      elsewhere.map((o) => o.id),
      (i) => new Date(t + i * 1000),
    );
    const calm = await ordersAt(a, [
      { amountMinor: 1000n, at: new Date(t), paid: false, contact: "calm@x.com" },
    ]);
    await attemptsFor(a, [calm[0]!.id, calm[0]!.id], (i) => new Date(t + i * 1000));
    await p.next(1);
    const raised = await alertsOf(a, "payment_velocity");
    expect(raised).toHaveLength(1);
    expect(raised[0]!.details).toMatchObject({
      contact: "buyer@x.com",
      attempts: 5,
      threshold: 5,
      windowMinutes: 10,
    });
    expect(await alertsOf(b)).toEqual([]);
    // A sixth request in the same window is the same burst.
    await attemptsFor(a, [burst[0]!.id], () => new Date(Date.now()));
    await p.next(2);
    expect(await alertsOf(a)).toHaveLength(1);
  });

  it("repeated failures: one alert for an order failed three times, none at two, not twice", async () => {
    const seed = await seedPayments(db, "Failures");
    const p = passes();
    await p.first();
    const [bad, fine] = await ordersAt(seed, [
      { amountMinor: 1000n, at: new Date(), paid: false },
      { amountMinor: 1000n, at: new Date(), paid: false },
    ]);
    const failure = (orderId: string) => ({
      merchantId: seed.merchant.id,
      kind: "failed" as const,
      orderId,
      reason: "card_declined" as const,
      methodId: seed.sandbox.id,
      methodKind: "sandbox" as const,
      storeId: seed.store.id,
    });
    await db.insert(paymentFailures).values([failure(bad!.id), failure(bad!.id), failure(bad!.id)]);
    await db.insert(paymentFailures).values([failure(fine!.id), failure(fine!.id)]);
    await p.next(1);
    const raised = await alertsOf(seed, "repeated_order_failures");
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ entityId: bad!.id });
    expect(raised[0]!.details).toMatchObject({
      failures: 3,
      threshold: 3,
      orderNumber: bad!.number,
    });
    // A fourth failure of the same order raises nothing new.
    await db.insert(paymentFailures).values([failure(bad!.id)]);
    await p.next(2);
    expect(await alertsOf(seed)).toHaveLength(1);
  });

  it("staff: one alert for a cashier's day of cancellations far above the store's usual", async () => {
    const seed = await seedPayments(db, "Staff");
    const other = await seedPayments(db, "Staff other");
    const p = passes();
    const today = localDate(new Date(), seed.merchant.timeZone);
    // The store's usual: 12 cashier-days of one cancellation each over the last weeks.
    await db.insert(riskStaffDays).values(
      Array.from({ length: 12 }, (_, i) => ({
        merchantId: seed.merchant.id,
        storeId: seed.store.id,
        kind: "cancellation",
        day: addDays(today, -(i + 1)),
        userId: seed.people.manager.id,
        count: 1,
      })),
    );
    await p.first();
    for (let i = 0; i < 5; i++) {
      const order = await newOrder(db, seed);
      await cancelOrder(db, seed.staff, seed.merchant.id, order.id);
    }
    // Another shop's cashier cancelling as much: no usual there to compare with.
    for (let i = 0; i < 5; i++) {
      const order = await newOrder(db, other);
      await cancelOrder(db, other.staff, other.merchant.id, order.id);
    }
    // Two cash payments: counted, but the store has no usual for them yet.
    await paidVoucher(db, seed);
    await paidVoucher(db, seed);
    await p.next(1);
    const raised = await alertsOf(seed, "staff_unusual_activity");
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ entityType: "user", entityId: seed.people.staff.id });
    expect(raised[0]!.details).toMatchObject({
      act: "cancellation",
      userName: seed.people.staff.name,
      storeId: seed.store.id,
      day: today,
      count: 5,
      storeMedian: 1,
      cashierDays: 12,
      threshold: 5,
      factor: 3,
      minimum: 5,
    });
    expect(await alertsOf(seed)).toHaveLength(1);
    expect(await alertsOf(other)).toEqual([]);
    const cash = await db
      .select()
      .from(riskStaffDays)
      .where(
        and(eq(riskStaffDays.merchantId, seed.merchant.id), eq(riskStaffDays.kind, "cash_payment")),
      );
    expect(cash).toMatchObject([{ userId: seed.people.staff.id, day: today, count: 2 }]);
    // A sixth cancellation the same day is the same alert.
    const order = await newOrder(db, seed);
    await cancelOrder(db, seed.staff, seed.merchant.id, order.id);
    await p.next(2);
    expect(await alertsOf(seed)).toHaveLength(1);
  });

  it("redemptions outside opening hours: one alert per cashier and day, none in a store open all day", async () => {
    const closed = await seedPayments(db, "Closed");
    const open = await seedPayments(db, "Open");
    await db
      .update(stores)
      .set({ openingHours: [[], [], [], [], [], [], []] })
      .where(eq(stores.id, closed.store.id));
    await db
      .update(stores)
      .set({ openingHours: Array.from({ length: 7 }, () => ["00:00-24:00"]) })
      .where(eq(stores.id, open.store.id));
    const p = passes();
    await p.first();
    for (const seed of [closed, open, closed]) {
      const { voucher } = await paidVoucher(db, seed);
      const result = await redeemVoucher(db, seed.staff, seed.merchant.id, {
        code: formatCode(voucher.code),
        storeId: seed.store.id,
      });
      expect(result.result).toBe("redeemed");
    }
    await p.next(1);
    const raised = await alertsOf(closed, "redemption_outside_hours");
    expect(raised).toHaveLength(1);
    expect(raised[0]!.details).toMatchObject({
      userId: closed.people.staff.id,
      storeId: closed.store.id,
      redemptions: 2,
      threshold: 1,
    });
    expect(await alertsOf(open)).toEqual([]);
    await p.next(2);
    expect(await alertsOf(closed)).toHaveLength(1);
  });

  it("signature burst: one alert for an hour's many forged notifications, counted in one row", async () => {
    const a = await seedPayments(db, "Forged A");
    const b = await seedPayments(db, "Forged B");
    const p = passes();
    await p.first();
    const hour = new Date(Math.floor(Date.now() / (60 * minute)) * 60 * minute);
    const flood = (seed: PaymentsSeed, occurrences: number) => ({
      merchantId: seed.merchant.id,
      kind: "notification_rejected" as const,
      reason: "provider_error" as const,
      methodId: seed.sandbox.id,
      methodKind: "sandbox" as const,
      occurredAt: hour,
      occurrences,
    });
    const [row] = await db.insert(paymentFailures).values(flood(a, 25)).returning();
    await db.insert(paymentFailures).values(flood(b, 19));
    await p.next(1);
    const raised = await alertsOf(a, "signature_burst");
    expect(raised).toHaveLength(1);
    expect(raised[0]!.details).toMatchObject({
      methodId: a.sandbox.id,
      hourStart: hour.toISOString(),
      rejected: 25,
      threshold: 20,
    });
    expect(await alertsOf(b)).toEqual([]);
    // The hour's row keeps counting: still the same alert.
    await db
      .update(paymentFailures)
      .set({ occurrences: 40 })
      .where(eq(paymentFailures.id, row!.id));
    await p.next(2);
    expect(await alertsOf(a)).toHaveLength(1);
  });

  it("a rule the owner switched off raises nothing; its new numbers apply", async () => {
    const seed = await seedPayments(db, "Switched");
    await updateRiskRule(db, actorOf(seed.people.owner), seed.merchant.id, {
      rule: "signature_burst",
      enabled: false,
      params: { perHour: 20 },
    });
    await updateRiskRule(db, actorOf(seed.people.owner), seed.merchant.id, {
      rule: "repeated_order_failures",
      enabled: true,
      params: { failures: 2 },
    });
    const p = passes();
    await p.first();
    const [order] = await ordersAt(seed, [{ amountMinor: 1000n, at: new Date(), paid: false }]);
    const base = {
      merchantId: seed.merchant.id,
      methodId: seed.sandbox.id,
      methodKind: "sandbox" as const,
    };
    await db.insert(paymentFailures).values([
      { ...base, kind: "failed", orderId: order!.id, reason: "card_declined" },
      { ...base, kind: "failed", orderId: order!.id, reason: "card_declined" },
      {
        ...base,
        kind: "notification_rejected",
        reason: "provider_error",
        occurredAt: new Date(Math.floor(Date.now() / (60 * minute)) * 60 * minute),
        occurrences: 500,
      },
    ]);
    await p.next(1);
    expect((await alertsOf(seed)).map((r) => r.kind)).toEqual(["repeated_order_failures"]);
  });

  it("stops before an audit row still queued for its chain, and counts it once it is chained", async () => {
    const seed = await seedPayments(db, "Queued");
    const p = passes();
    await p.first();
    const order = await newOrder(db, seed);
    // A cancellation recorded and committed, then the process died before chaining it.
    const recordedAt = new Date(p.start.getTime() + 30_000);
    await db.insert(auditPending).values({
      merchantId: seed.merchant.id,
      actorUserId: seed.people.staff.id,
      action: "order.cancel",
      entityType: "order",
      entityId: order.id,
      createdAt: recordedAt,
    });
    const staffDays = () =>
      db.select().from(riskStaffDays).where(eq(riskStaffDays.merchantId, seed.merchant.id));
    const watermark = async () =>
      (
        await db
          .select()
          .from(riskWatermarks)
          .where(eq(riskWatermarks.merchantId, seed.merchant.id))
      )[0]?.evaluatedUntil;

    await p.next(5);
    expect(await watermark()).toEqual(new Date(recordedAt.getTime() - 1));
    expect(await staffDays()).toEqual([]);

    await chainAllPending(db);
    await p.next(6);
    expect((await watermark())!.getTime()).toBeGreaterThan(recordedAt.getTime());
    expect(await staffDays()).toMatchObject([
      { kind: "cancellation", userId: seed.people.staff.id, count: 1 },
    ]);
  });
});

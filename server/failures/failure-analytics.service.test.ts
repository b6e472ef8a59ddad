import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { newOrder, notify, seedPayments, testProviders, type PaymentsSeed } from "@/test/payments";
import { payCash } from "@/server/payments/cash.service";
import { expireOverdue } from "@/server/payments/expiry.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { failureAnalytics } from "./failure-analytics.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());

async function sandboxTry(orderId: string, outcome: "failed" | "succeeded", reason?: string) {
  const attempt = await createAttempt(
    db,
    seed.staff,
    seed.merchant.id,
    { orderId, methodId: seed.sandbox.id },
    testProviders,
  );
  await notify(db, seed.sandbox.id, attempt, {
    outcome,
    ...(reason ? { failureReason: reason as "cancelled_by_customer" } : {}),
  });
}

beforeAll(async () => {
  seed = await seedPayments(db, "Stats");
  // 1: fails, then paid in cash (recovered, 10.00).
  const o1 = await newOrder(db, seed, 1000n);
  await sandboxTry(o1.id, "failed");
  await payCash(db, seed.staff, seed.merchant.id, {
    orderId: o1.id,
    methodId: seed.cash.id,
    tenderedMinor: 1000n,
  });
  // 2: the customer cancels and never pays.
  const o2 = await newOrder(db, seed, 2000n);
  await sandboxTry(o2.id, "failed", "cancelled_by_customer");
  // 3: paid at the first try.
  const o3 = await newOrder(db, seed, 500n);
  await sandboxTry(o3.id, "succeeded");
  // 4: fails twice, then paid with the same method (recovered once, 30.00).
  const o4 = await newOrder(db, seed, 3000n);
  await sandboxTry(o4.id, "failed");
  await sandboxTry(o4.id, "failed");
  await sandboxTry(o4.id, "succeeded");
  // 5: a genuine notification claiming another amount (logged as amount_mismatch, not a failed
  // attempt), then the request runs out of time: one failure, "expired", never paid.
  const o5 = await newOrder(db, seed, 700n);
  const a5 = await createAttempt(
    db,
    seed.staff,
    seed.merchant.id,
    { orderId: o5.id, methodId: seed.sandbox.id },
    testProviders,
  );
  await notify(db, seed.sandbox.id, a5, { amountMinor: 1n });
  await expireOverdue(db, new Date(a5.expiresAt.getTime() + 1000));
});

describe(`failure analytics (${engine})`, () => {
  it("counts ended attempts and failures by method, store, hour and day", async () => {
    const s = await failureAnalytics(db, seed.merchant.id, { from: today, to: today });
    expect(s.total).toEqual({ attempts: 8, failures: 5, rate: 5 / 8 });
    expect(s.byMethod.map((m) => [m.methodKind, m.attempts, m.failures])).toEqual([
      ["sandbox", 7, 5],
      ["cash", 1, 0],
    ]);
    expect(s.byStore).toEqual([
      { storeId: seed.store.id, storeName: seed.store.name, attempts: 8, failures: 5, rate: 5 / 8 },
    ]);
    expect(s.byHour).toHaveLength(24);
    const hourNow = Number(
      new Intl.DateTimeFormat("en-GB", {
        timeZone: "Asia/Shanghai",
        hour: "2-digit",
        hourCycle: "h23",
      }).format(new Date()),
    );
    expect(s.byHour.reduce((n, h) => n + h.attempts, 0)).toBe(8);
    expect(s.byHour.reduce((n, h) => n + h.failures, 0)).toBe(5);
    expect(s.byHour[hourNow]!.attempts + (s.byHour[(hourNow + 23) % 24]?.attempts ?? 0)).toBe(8);
    expect(s.byDay).toEqual([{ day: today, attempts: 8, failures: 5, rate: 5 / 8 }]);
  });

  it("ranks the reasons of failed and expired attempts and crosses them with methods", async () => {
    const s = await failureAnalytics(db, seed.merchant.id, { from: today, to: today });
    // The amount mismatch is in the failure log but is no failed attempt: not counted here.
    expect(s.topReasons).toEqual([
      { reason: "insufficient_funds", count: 3, share: 0.6 },
      { reason: "cancelled_by_customer", count: 1, share: 0.2 },
      { reason: "expired", count: 1, share: 0.2 },
    ]);
    expect(s.matrix[0]).toEqual({ reason: "insufficient_funds", methodKind: "sandbox", count: 3 });
    expect(s.matrix.slice(1)).toEqual(
      expect.arrayContaining([
        { reason: "cancelled_by_customer", methodKind: "sandbox", count: 1 },
        { reason: "expired", methodKind: "sandbox", count: 1 },
      ]),
    );
    expect(s.matrix).toHaveLength(3);
  });

  it("computes recovery per order: failed orders later paid, and the money they brought", async () => {
    const s = await failureAnalytics(db, seed.merchant.id, { from: today, to: today });
    expect(s.recovery).toEqual({
      failedOrders: 4,
      recoveredOrders: 2,
      rate: 2 / 4,
      recoveredMoney: [{ currency: "CNY", amountMinor: 4000n }],
    });
  });

  it("filters by method kind and by date, and shows quiet days as zero", async () => {
    const cash = await failureAnalytics(db, seed.merchant.id, {
      from: today,
      to: today,
      methodKind: "cash",
    });
    expect(cash.total).toEqual({ attempts: 1, failures: 0, rate: 0 });
    expect(cash.topReasons).toEqual([]);
    const past = await failureAnalytics(db, seed.merchant.id, {
      from: "2020-01-01",
      to: "2020-01-03",
    });
    expect(past.total).toEqual({ attempts: 0, failures: 0, rate: null });
    expect(past.byDay.map((d) => d.day)).toEqual(["2020-01-01", "2020-01-02", "2020-01-03"]);
    expect(past.recovery.rate).toBeNull();
  });
});

import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { alerts, orders, paymentAttempts, promotionHolds, promotions } from "@/db/schema";
import { rebuildRollups } from "@/server/analytics/rollup-rebuild.service";
import { systemActor } from "@/server/audit/audit.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import { failAttempt } from "@/server/payments/payment-outcome.service";
import { createPaymentMethod } from "@/server/payments/payment-method.service";
import { createAttempt, retryFromPayPage } from "@/server/payments/payment-request.service";
import { testEncryptionKey } from "@/test/fixtures";
import { engine, setupTestDatabase } from "@/test/db";
import {
  methodInput,
  newOrder,
  notify,
  orderState,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { rollupSnapshot } from "@/test/rollups";
import type { CreatePromotionInput } from "./promotion.schema";
import { createPromotion, getPromotion } from "./promotion.service";
import { promotionUplift, upliftWindows } from "./uplift.service";

const { db } = setupTestDatabase();

/** A promotion running all day, every day, on the given wallet: 5.00 off, 1000.00 budget. */
function rules(over: Partial<CreatePromotionInput> = {}): CreatePromotionInput {
  return {
    name: "Wallet week",
    currency: "CNY",
    methodIds: [],
    anyWallet: true,
    startsOn: "2020-01-01",
    endsOn: "2099-12-31",
    benefit: "amount_off",
    amountOffMinor: 500n,
    budgetMinor: 100_000n,
    ...over,
  };
}

async function budgetOf(id: string) {
  const [p] = await db.select().from(promotions).where(eq(promotions.id, id));
  return { reserved: p!.reservedMinor, spent: p!.spentMinor, budget: p!.budgetMinor };
}

const holdsOf = (orderId: string) =>
  db
    .select({
      promotionId: promotionHolds.promotionId,
      amountMinor: promotionHolds.amountMinor,
      status: promotionHolds.status,
    })
    .from(promotionHolds)
    .where(eq(promotionHolds.orderId, orderId))
    .orderBy(promotionHolds.createdAt);

const request = (seed: PaymentsSeed, orderId: string, methodId = seed.sandbox.id) =>
  createAttempt(db, seed.staff, seed.merchant.id, { orderId, methodId }, testProviders);

describe(`promotions on payment requests (${engine})`, () => {
  let seed: PaymentsSeed;
  beforeAll(async () => {
    seed = await seedPayments(db, "Promo");
  });

  it("asks the provider for the discounted amount, and a payment spends the discount and pays the order", async () => {
    const promo = await createPromotion(db, seed.manager, seed.merchant.id, rules());
    const order = await newOrder(db, seed, 3000n);
    const attempt = await request(seed, order.id);
    expect(attempt).toMatchObject({ amountMinor: 2500n, discountMinor: 500n });
    expect(await holdsOf(order.id)).toEqual([
      { promotionId: promo.id, amountMinor: 500n, status: "reserved" },
    ]);
    expect(await budgetOf(promo.id)).toMatchObject({ reserved: 500n, spent: 0n });

    await notify(db, seed.sandbox.id, attempt);
    const state = await orderState(db, order.id);
    expect(state.order!.status).toBe("paid");
    expect(state.attempts[0]).toMatchObject({ status: "succeeded", isDuplicate: false });
    expect(await holdsOf(order.id)).toEqual([
      { promotionId: promo.id, amountMinor: 500n, status: "consumed" },
    ]);
    expect(await budgetOf(promo.id)).toMatchObject({ reserved: 0n, spent: 500n });
    await db.update(promotions).set({ enabled: false }).where(eq(promotions.id, promo.id));
  });

  it("gives the discount back when the request fails", async () => {
    const promo = await createPromotion(db, seed.manager, seed.merchant.id, rules());
    const order = await newOrder(db, seed, 3000n);
    const attempt = await request(seed, order.id);
    await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });
    expect(await holdsOf(order.id)).toEqual([
      { promotionId: promo.id, amountMinor: 500n, status: "released" },
    ]);
    expect(await budgetOf(promo.id)).toMatchObject({ reserved: 0n, spent: 0n });
    await db.update(promotions).set({ enabled: false }).where(eq(promotions.id, promo.id));
  });

  it("re-prices when the customer switches method, releasing the first method's promotion", async () => {
    const other = await createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({ label: "Other wallet" }),
      testEncryptionKey,
    );
    const onSandbox = await createPromotion(
      db,
      seed.manager,
      seed.merchant.id,
      rules({ anyWallet: false, methodIds: [seed.sandbox.id], amountOffMinor: 300n }),
    );
    const onOther = await createPromotion(
      db,
      seed.manager,
      seed.merchant.id,
      rules({
        anyWallet: false,
        methodIds: [other.id],
        benefit: "percent_off",
        amountOffMinor: null,
        percentOffBps: 1000,
        capMinor: 1000n,
      }),
    );
    const order = await newOrder(db, seed, 4235n);
    const first = await request(seed, order.id);
    expect(first).toMatchObject({ amountMinor: 3935n, discountMinor: 300n });
    await notify(db, seed.sandbox.id, first, { outcome: "failed" });

    // 10 % of 42.35 is 4.235: half up to the fen gives 4.24.
    const switched = await retryFromPayPage(
      db,
      systemActor,
      { token: first.token, methodId: other.id },
      testProviders,
    );
    expect(switched).toMatchObject({ amountMinor: 4235n - 424n, discountMinor: 424n });
    // And back: priced from the order's amount again, never from the discounted one.
    const back = await retryFromPayPage(
      db,
      systemActor,
      { token: switched.token, methodId: seed.sandbox.id },
      testProviders,
    );
    expect(back).toMatchObject({ amountMinor: 3935n, discountMinor: 300n });
    expect(await holdsOf(order.id)).toEqual([
      { promotionId: onSandbox.id, amountMinor: 300n, status: "released" },
      { promotionId: onOther.id, amountMinor: 424n, status: "released" },
      { promotionId: onSandbox.id, amountMinor: 300n, status: "reserved" },
    ]);
    expect(await budgetOf(onOther.id)).toMatchObject({ reserved: 0n });
    expect(await budgetOf(onSandbox.id)).toMatchObject({ reserved: 300n });
    for (const p of [onSandbox, onOther])
      await db.update(promotions).set({ enabled: false }).where(eq(promotions.id, p.id));
  });

  it("holds a recognised customer to the per-customer limit", async () => {
    const promo = await createPromotion(
      db,
      seed.manager,
      seed.merchant.id,
      rules({ perCustomerLimit: 1 }),
    );
    const forCustomer = (contact: string | undefined) =>
      createOrder(
        db,
        seed.staff,
        seed.merchant.id,
        createOrderInput.parse({
          storeId: seed.store.id,
          currency: "CNY",
          amountMinor: 3000n,
          customerContact: contact,
        }),
      );
    const a = await request(seed, (await forCustomer("Ann@Example.com")).id);
    expect(a.discountMinor).toBe(500n);
    const again = await request(seed, (await forCustomer(" ann@example.com ")).id);
    expect(again.discountMinor).toBe(0n);
    const other = await request(seed, (await forCustomer("bo@example.com")).id);
    expect(other.discountMinor).toBe(500n);
    // A given-back discount does not count: the first customer's request fails, they may try again.
    await notify(db, seed.sandbox.id, a, { outcome: "failed" });
    const retry = await request(seed, (await forCustomer("ann@example.com")).id);
    expect(retry.discountMinor).toBe(500n);
    await db.update(promotions).set({ enabled: false }).where(eq(promotions.id, promo.id));
  });

  it("gives a split bill no promotion", async () => {
    const promo = await createPromotion(db, seed.manager, seed.merchant.id, rules());
    const order = await newOrder(db, seed, 3000n);
    const part = await createAttempt(
      db,
      seed.staff,
      seed.merchant.id,
      { orderId: order.id, methodId: seed.sandbox.id, amountMinor: 1000n },
      testProviders,
    );
    expect(part).toMatchObject({ amountMinor: 1000n, discountMinor: 0n });
    expect(await holdsOf(order.id)).toEqual([]);
    await db.update(promotions).set({ enabled: false }).where(eq(promotions.id, promo.id));
  });
});

describe(`a promotion's budget under concurrency (${engine})`, () => {
  it("is never exceeded: of many simultaneous requests, only those the budget covers get the discount", async () => {
    const seed = await seedPayments(db, "Budget");
    // Room for exactly three discounts of 5.00.
    const promo = await createPromotion(
      db,
      seed.manager,
      seed.merchant.id,
      rules({ budgetMinor: 1500n }),
    );
    const made = await Promise.all(Array.from({ length: 8 }, () => newOrder(db, seed, 3000n)));
    const attempts = await Promise.all(made.map((o) => request(seed, o.id)));
    expect(attempts.filter((a) => a.discountMinor === 500n)).toHaveLength(3);
    expect(attempts.filter((a) => a.discountMinor === 0n)).toHaveLength(5);
    expect(await budgetOf(promo.id)).toMatchObject({ reserved: 1500n, spent: 0n });

    // Mid-day: one discounted request fails, freeing room for exactly one more.
    const discounted = attempts.filter((a) => a.discountMinor > 0n);
    await notify(db, seed.sandbox.id, discounted[0]!, { outcome: "failed" });
    await Promise.all(discounted.slice(1).map((a) => notify(db, seed.sandbox.id, a)));
    const more = await Promise.all(Array.from({ length: 4 }, () => newOrder(db, seed, 3000n)));
    const second = await Promise.all(more.map((o) => request(seed, o.id)));
    expect(second.filter((a) => a.discountMinor > 0n)).toHaveLength(1);
    expect(await budgetOf(promo.id)).toEqual({ reserved: 500n, spent: 1000n, budget: 1500n });
  });
});

describe(`promotion cost in the roll-ups (${engine})`, () => {
  it("counts paid discounts per method and day, and a rebuild gives the same figures", async () => {
    const seed = await seedPayments(db, "PromoRollup");
    const promo = await createPromotion(
      db,
      seed.manager,
      seed.merchant.id,
      rules({ benefit: "percent_off", amountOffMinor: null, percentOffBps: 1500 }),
    );
    const paid = await Promise.all([1000n, 2345n, 999n].map((a) => newOrder(db, seed, a)));
    for (const order of paid) await notify(db, seed.sandbox.id, await request(seed, order.id));
    const failed = await newOrder(db, seed, 5000n);
    await notify(db, seed.sandbox.id, await request(seed, failed.id), { outcome: "failed" });
    const open = await newOrder(db, seed, 7000n);
    await request(seed, open.id);

    const maintained = await rollupSnapshot(db, seed.merchant.id);
    const discounts = maintained.main
      .map((r) => JSON.parse(r) as { discountMinor?: string | number })
      .reduce((s, r) => s + BigInt(r.discountMinor ?? 0), 0n);
    // 15 % half up: 1.50 + 3.52 (3.5175) + 1.50 (1.4985); the failed and open ones cost nothing.
    expect(discounts).toBe(150n + 352n + 150n);
    await rebuildRollups(db, seed.merchant.id);
    expect(await rollupSnapshot(db, seed.merchant.id)).toEqual(maintained);

    // The promotion's page: its cost and orders, and one day is too thin to judge.
    const uplift = await promotionUplift(
      db,
      seed.merchant.id,
      await getPromotion(db, seed.merchant.id, promo.id),
    );
    expect(uplift.orders).toBe(3);
    expect(uplift.report).toMatchObject({ verdict: "tooThin", costMinor: 652n, effect: null });
    expect(uplift.report!.promoted.during).toMatchObject({ paid: 3, offered: 5 });
  });
});

/** The expiry job's move for one request (the job itself sweeps every shop of the database). */
async function expire(attemptId: string) {
  await db.transaction(async (tx) => {
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, attemptId))
      .for("update");
    const [order] = await tx.select().from(orders).where(eq(orders.id, attempt!.orderId));
    await failAttempt(tx, systemActor, attempt!, order!, {
      status: "expired",
      code: null,
      message: null,
      reason: "expired",
    });
  });
}

const overBudgetAlerts = (merchantId: string) =>
  db
    .select()
    .from(alerts)
    .where(and(eq(alerts.merchantId, merchantId), eq(alerts.kind, "promotion_over_budget")));

describe(`a late payment's discount (${engine})`, () => {
  it("is spent although it had been given back on expiry, past the budget if need be, and the owner is alerted", async () => {
    const seed = await seedPayments(db, "PromoLate");
    // Room for exactly one discount of 5.00.
    const promo = await createPromotion(
      db,
      seed.manager,
      seed.merchant.id,
      rules({ budgetMinor: 500n }),
    );
    const first = await newOrder(db, seed, 3000n);
    const late = await request(seed, first.id);
    expect(late.discountMinor).toBe(500n);
    await expire(late.id);
    expect(await budgetOf(promo.id)).toMatchObject({ reserved: 0n, spent: 0n });

    // The given-back room goes to another customer, who pays.
    const second = await newOrder(db, seed, 3000n);
    const other = await request(seed, second.id);
    expect(other.discountMinor).toBe(500n);
    await notify(db, seed.sandbox.id, other);
    expect(await budgetOf(promo.id)).toMatchObject({ reserved: 0n, spent: 500n });
    expect(await overBudgetAlerts(seed.merchant.id)).toHaveLength(0);

    // Then the provider says the expired request was paid after all: for the discounted amount.
    await notify(db, seed.sandbox.id, late);
    const state = await orderState(db, first.id);
    expect(state.order!.status).toBe("paid");
    expect(state.attempts[0]).toMatchObject({ status: "succeeded", amountMinor: 2500n });
    expect(await holdsOf(first.id)).toEqual([
      { promotionId: promo.id, amountMinor: 500n, status: "consumed" },
    ]);
    const [after] = await db.select().from(promotions).where(eq(promotions.id, promo.id));
    expect(after).toMatchObject({
      reservedMinor: 0n,
      spentMinor: 1000n,
      budgetMinor: 500n,
      overBudgetMinor: 500n,
    });
    const raised = await overBudgetAlerts(seed.merchant.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ entityType: "order", entityId: first.id });
    expect(raised[0]!.details).toMatchObject({
      promotionName: "Wallet week",
      orderNumber: first.number,
      currency: "CNY",
      discountMinor: "500",
      budgetMinor: "500",
      spentMinor: "1000",
      overBudgetMinor: "500",
    });

    // A repeated notice spends nothing twice; the budget stays shut to new requests.
    await notify(db, seed.sandbox.id, late);
    expect(await budgetOf(promo.id)).toMatchObject({ reserved: 0n, spent: 1000n });
    const third = await newOrder(db, seed, 3000n);
    expect((await request(seed, third.id)).discountMinor).toBe(0n);

    // The roll-ups count both discounts, as a rebuild does.
    const maintained = await rollupSnapshot(db, seed.merchant.id);
    await rebuildRollups(db, seed.merchant.id);
    expect(await rollupSnapshot(db, seed.merchant.id)).toEqual(maintained);
  });

  it("is spent within the budget without an alert when the replaced request's room is still free", async () => {
    const seed = await seedPayments(db, "PromoLateReplaced");
    const promo = await createPromotion(
      db,
      seed.manager,
      seed.merchant.id,
      rules({ budgetMinor: 500n }),
    );
    const order = await newOrder(db, seed, 3000n);
    const replaced = await request(seed, order.id);
    // Asked again (the customer rescanned): the first request is cancelled, its line given back
    // and the new one holds the only room.
    const current = await request(seed, order.id);
    expect(current.discountMinor).toBe(500n);
    expect(await budgetOf(promo.id)).toMatchObject({ reserved: 500n, spent: 0n });

    // The replaced one is paid late: it pays the order, which cancels the current request and
    // gives its line back first, so the late discount fits the budget.
    await notify(db, seed.sandbox.id, replaced);
    const state = await orderState(db, order.id);
    expect(state.order!.status).toBe("paid");
    expect(state.attempts.map((a) => a.status)).toEqual(["succeeded", "cancelled"]);
    expect(await holdsOf(order.id)).toEqual([
      { promotionId: promo.id, amountMinor: 500n, status: "consumed" },
      { promotionId: promo.id, amountMinor: 500n, status: "released" },
    ]);
    const [after] = await db.select().from(promotions).where(eq(promotions.id, promo.id));
    expect(after).toMatchObject({ reservedMinor: 0n, spentMinor: 500n, overBudgetMinor: 0n });
    expect(await overBudgetAlerts(seed.merchant.id)).toHaveLength(0);
  });
});

describe("the uplift's windows", () => {
  it("compares the promotion's days so far with as many days whole weeks earlier", () => {
    expect(upliftWindows({ startsOn: "2026-12-01", endsOn: "2026-12-31" }, "2026-12-10")).toEqual({
      before: { from: "2026-11-17", to: "2026-11-26" },
      during: { from: "2026-12-01", to: "2026-12-10" },
    });
    expect(upliftWindows({ startsOn: "2026-12-01", endsOn: "2026-12-07" }, "2027-01-05")).toEqual({
      before: { from: "2026-11-24", to: "2026-11-30" },
      during: { from: "2026-12-01", to: "2026-12-07" },
    });
    expect(
      upliftWindows({ startsOn: "2026-12-11", endsOn: "2026-12-31" }, "2026-12-10"),
    ).toBeNull();
  });
});

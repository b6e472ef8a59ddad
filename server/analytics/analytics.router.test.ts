import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import { eq } from "drizzle-orm";
import { paymentMethods } from "@/db/schema";
import {
  actorOf,
  notify,
  payableOrder,
  postNotification,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import type { Delivery } from "@/server/connectors/types";
import { requestRefund } from "@/server/refunds/refund.service";
import { listAudit } from "@/server/audit/audit.service";
import { payCash } from "@/server/payments/cash.service";
import type { SessionUser } from "@/server/trpc/init";
import { appRouter, createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;

const callerFor = (user: SessionUser) => createCaller(contextFor(db, user));

beforeAll(async () => {
  a = await seedPayments(db, "Alpha");
  b = await seedPayments(db, "Beta");
  // Today, merchant A: 4 orders offered a request. Two paid by wallet (10.00, 25.00; fee 0.6 %:
  // 6 and 15 fen), one failed and unpaid, one paid in cash (8.00) without a wallet request first.
  const first = await payableOrder(db, a, 1000n);
  await notify(db, a.sandbox.id, first.attempt);
  const second = await payableOrder(db, a, 2500n);
  await notify(db, a.sandbox.id, second.attempt);
  const failed = await payableOrder(db, a, 4000n);
  await notify(db, a.sandbox.id, failed.attempt, { outcome: "failed" });
  const cashOrder = await payableOrder(db, a, 800n);
  await payCash(db, a.staff, a.merchant.id, {
    orderId: cashOrder.order.id,
    methodId: a.cash.id,
    tenderedMinor: 1000n,
  });
  // 10.00 of the 25.00 refunded; the wallet gives back its fee in proportion: 15 × 10 / 25 = 6 fen.
  await db
    .update(paymentMethods)
    .set({ refundFeeRule: "proportional" })
    .where(eq(paymentMethods.id, a.sandbox.id));
  const deliveries: Delivery[] = [];
  await requestRefund(
    db,
    { actor: actorOf(a.people.owner), role: "owner" },
    a.merchant.id,
    {
      orderId: second.order.id,
      attemptId: second.attempt.id,
      amountMinor: 1000n,
      reason: "other",
    },
    { ...testProviders, deliver: (d) => deliveries.push(d) },
  );
  for (const d of deliveries)
    await postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers });
  // Merchant B's takings must never show in A's figures.
  const other = await payableOrder(db, b, 99900n);
  await notify(db, b.sandbox.id, other.attempt);
});

describe(`analytics router (${engine})`, () => {
  it("gives the overview's figures from the transitions, hand-computed", async () => {
    const o = await callerFor(a.people.analyst).analytics.overview({ preset: "today" });
    expect(o.currency).toBe("CNY");
    expect(o.figures).toEqual({
      gmvMinor: 4300n,
      paidOrders: 3,
      conversion: 0.75,
      feeMinor: 21n,
      effectiveFeeBps: 48.84, // 21 / 4 300
      averageTicketMinor: 1433n, // 4 300 / 3 = 1 433.3
      refunds: 1,
      refundedMinor: 1000n,
      refundRate: 1000 / 4300,
      refundFeeMinor: 6n,
      netMinor: 3285n, // 4 300 − 21 − 1 000 + 6
    });
    expect(o.changes.gmvMinor).toBeNull(); // nothing the day before
    expect(o.trend).toHaveLength(1);
    expect(o.trend[0]).toMatchObject({ refundedMinor: 1000n, netMinor: 3285n });
    // One store: its figures are the shop's.
    expect(o.stores).toEqual([
      {
        storeId: a.store.id,
        store: a.store.name,
        paidOrders: 3,
        gmvMinor: 4300n,
        feeMinor: 21n,
        refunds: 1,
        refundedMinor: 1000n,
        refundRate: 1000 / 4300,
        refundFeeMinor: 6n,
        netMinor: 3285n,
      },
    ]);
  });

  it("compares methods: conversion per method, failure reasons, fees", async () => {
    const c = await callerFor(a.people.manager).analytics.compareMethods({ preset: "7d" });
    const wallet = c.methods.find((m) => m.methodId === a.sandbox.id)!;
    const cash = c.methods.find((m) => m.methodId === a.cash.id)!;
    expect(wallet).toMatchObject({
      paidOrders: 2,
      ordersOffered: 4,
      conversion: 0.5,
      failureRate: 0.25,
      topReasons: [{ reason: "insufficient_funds", failures: 1 }],
      feeMinor: 21n,
      refunds: 1,
      refundedMinor: 1000n,
      refundRate: 1000 / 3500,
      refundFeeMinor: 6n,
      netMinor: 2485n, // 3 500 − 21 − 1 000 + 6
      netPerOrderMinor: 1242n, // 2 485 / 2 = 1 242.5, truncated
    });
    expect(cash).toMatchObject({
      paidOrders: 1,
      conversion: 1,
      feeMinor: 0n,
      refunds: 0,
      refundRate: 0,
      netMinor: 800n,
    });
    // 100 × (1 − (1 000 / 3 500) / 0.1) < 0: a wallet with 29 % refunded scores 0; cash 100.
    expect([wallet.scores.refunds, cash.scores.refunds]).toEqual([0, 100]);
    expect(wallet.shareOfOrders! + cash.shareOfOrders!).toBeCloseTo(1, 9);
    expect(wallet.scores.support).toBeNull();
  });

  it("re-prices the period's payments under another method's rule", async () => {
    const w = await callerFor(a.people.owner).analytics.whatIfFees({
      filters: { preset: "today" },
      sourceMethodId: a.sandbox.id,
      targetMethodId: a.cash.id,
    });
    expect(w.overall).toMatchObject({
      payments: 2,
      actualMinor: 21n,
      repricedMinor: 0n,
      differenceMinor: -21n,
    });
    expect(w.stores).toHaveLength(1);
  });

  it("re-prices under a rate the user typed, in whole basis points (0.38 % = 38 bp)", async () => {
    const w = await callerFor(a.people.analyst).analytics.whatIfFees({
      filters: { preset: "today" },
      sourceMethodId: a.sandbox.id,
      typedRule: { rateBps: 38, fixedMinor: 0 },
    });
    // 10.00 × 0.38 % = 3.8 fen → 4; 25.00 × 0.38 % = 9.5 fen → 10 (half up).
    expect(w.overall).toMatchObject({ payments: 2, actualMinor: 21n, repricedMinor: 14n });
    expect(w.target).toBeNull();
    expect(w.rule).toEqual({ rateBps: 38, fixedMinor: 0n });
    for (const bad of [
      { typedRule: { rateBps: 38.5, fixedMinor: 0 } }, // finer than a basis point
      {}, // neither a method nor a rate
      { targetMethodId: a.cash.id, typedRule: { rateBps: 38, fixedMinor: 0 } }, // both
    ]) {
      const error = await expectTRPCError(
        callerFor(a.people.analyst).analytics.whatIfFees({ filters: { preset: "today" }, ...bad }),
      );
      expect(error.code).toBe("BAD_REQUEST");
    }
  });

  it("keeps another merchant's store out: NOT_FOUND", async () => {
    const error = await expectTRPCError(
      callerFor(a.people.analyst).analytics.overview({ preset: "today", storeId: b.store.id }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });

  it("refuses staff every analytics procedure: FORBIDDEN", async () => {
    const staff = callerFor(a.people.staff);
    for (const call of [
      () => staff.analytics.options(),
      () => staff.analytics.overview({}),
      () => staff.analytics.compareMethods({}),
      () => staff.analytics.traffic({}),
      () =>
        staff.analytics.beforeAfter({ methodId: a.sandbox.id, adoptedOn: "2026-01-01", days: 30 }),
      () => staff.analytics.whatIfFees({ filters: {}, targetMethodId: a.sandbox.id }),
      () => staff.analytics.saveScorecard({ weights: {}, ratings: {} }),
    ]) {
      expect((await expectTRPCError(call())).code).toBe("FORBIDDEN");
    }
  });

  it("lets owners and managers save the scorecard (audited), never the analyst", async () => {
    const manager = callerFor(a.people.manager);
    await manager.analytics.saveScorecard({
      weights: { fees: 10 },
      ratings: { [a.sandbox.id]: { support: 5 } },
    });
    const c = await callerFor(a.people.analyst).analytics.compareMethods({ preset: "today" });
    expect(c.weights.fees).toBe(10);
    expect(c.methods.find((m) => m.methodId === a.sandbox.id)!.scores.support).toBe(100);
    expect(c.canSaveScorecard).toBe(false);
    expect((await manager.analytics.compareMethods({ preset: "today" })).canSaveScorecard).toBe(
      true,
    );
    const [latest] = await listAudit(db, a.merchant.id, { limit: 1 });
    expect(latest!.action).toBe("analytics.scorecard.update");
  });

  it("lets the analyst change nothing in the product, the scorecard included", async () => {
    const analyst = callerFor(a.people.analyst);
    const before = await listAudit(db, a.merchant.id, { limit: 1000 });
    // Every other mutation in the product, whatever its input: the role check comes first.
    // Left out: the customer's pay page, the receipt's feedback and the first-run setup (public
    // by design, setup refused once a shop exists: server/setup), one's own language, password
    // and devices (account.*), one's own invitations to other shops (invitations.*), and one's
    // own training progress (an analyst reads the guides meant for analysts too).
    const ownDoings = new Set([
      "me.setLocale",
      "guides.acknowledge",
      "guides.submitQuiz",
      "feedback.submit",
    ]);
    const mutations = Object.entries(
      appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
    )
      .filter(([, p]) => p._def.type === "mutation")
      .map(([path]) => path)
      .filter((path) => !/^(pay|setup|account|invitations)\./.test(path) && !ownDoings.has(path));
    expect(mutations.length).toBeGreaterThan(8);
    for (const path of mutations) {
      const [area, name] = path.split(".") as [string, string];
      const procedure = (
        analyst as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>
      )[area]![name]!;
      const error = await expectTRPCError(procedure({}));
      expect([path, error.code]).toEqual([path, "FORBIDDEN"]);
    }
    expect(await listAudit(db, a.merchant.id, { limit: 1000 })).toEqual(before);
  });

  it("runs a before/after with equal windows and says the data is too thin", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await callerFor(a.people.analyst).analytics.beforeAfter({
      methodId: a.sandbox.id,
      adoptedOn: today,
      days: 30,
    });
    expect(r.before.range.to < r.after.range.from).toBe(true);
    expect(r.verdict).toBe("tooThin");
  });
});

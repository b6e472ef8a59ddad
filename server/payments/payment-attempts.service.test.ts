import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, orders, paymentAttempts } from "@/db/schema";
import { giveCustomerEmail } from "@/test/customer-email";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { testEncryptionKey } from "@/test/fixtures";
import {
  methodInput,
  newOrder,
  notify,
  orderState,
  payableOrder,
  seedPayments,
  type PaymentsSeed,
  testProviders,
} from "@/test/payments";
import type { Db } from "@/db/types";
import { systemActor, verifyAuditChain } from "@/server/audit/audit.service";
import { payCash } from "./cash.service";
import { expireOverdue } from "./expiry.service";
import { loadPayView } from "./pay-view.service";
import {
  cancelAttempt,
  createAttempt,
  retryFromPayPage,
  maxCustomerAttemptsPerOrder,
} from "./payment-request.service";
import { orderLifetimeMs } from "./order-expiry.service";
import { cancelOrder } from "./order.service";
import { createPaymentMethod } from "./payment-method.service";

function addMethod(db: Db, seed: PaymentsSeed, overrides: Parameters<typeof methodInput>[0]) {
  return createPaymentMethod(
    db,
    seed.manager,
    seed.merchant.id,
    methodInput(overrides),
    testEncryptionKey,
  );
}

describe(`payment attempts (${engine})`, () => {
  const { db } = setupTestDatabase();
  let seed: PaymentsSeed;
  let other: PaymentsSeed;

  beforeAll(async () => {
    seed = await seedPayments(db, "Attempt");
    other = await seedPayments(db, "Elsewhere");
  });

  describe("createAttempt", () => {
    it("opens a payment request for the order's amount, with an unguessable token and a deadline", async () => {
      const order = await newOrder(db, seed, 4321n);
      const before = Date.now();
      const attempt = await createAttempt(
        db,
        seed.staff,
        seed.merchant.id,
        {
          orderId: order.id,
          methodId: seed.sandbox.id,
        },
        testProviders,
      );
      expect(attempt).toMatchObject({
        orderId: order.id,
        merchantId: seed.merchant.id,
        methodId: seed.sandbox.id,
        methodKind: "sandbox",
        status: "created",
        amountMinor: 4321n,
        currency: "CNY",
        createdBy: seed.people.staff.id,
      });
      // 24 random bytes, base64url: 32 characters, never a counter or an id.
      expect(attempt.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(attempt.token).not.toContain(order.id);
      const ttl = attempt.expiresAt.getTime() - before;
      expect(ttl).toBeGreaterThan(899_000);
      expect(ttl).toBeLessThanOrEqual(900_000 + (Date.now() - before));
      expect((await orderState(db, order.id)).actions).toEqual(["order.create", "attempt.create"]);
    });

    it("replaces the order's open request: the old one is cancelled, one stays open", async () => {
      const { order, attempt: first } = await payableOrder(db, seed);
      const second = await createAttempt(
        db,
        seed.staff,
        seed.merchant.id,
        {
          orderId: order.id,
          methodId: seed.sandbox.id,
        },
        testProviders,
      );
      expect(second.token).not.toBe(first.token);
      const state = await orderState(db, order.id);
      expect(state.attempts.map((a) => [a.id, a.status])).toEqual([
        [first.id, "cancelled"],
        [second.id, "created"],
      ]);
      expect(state.actions).toEqual([
        "order.create",
        "attempt.create",
        "attempt.cancel",
        "attempt.create",
      ]);
      expect(state.order.status).toBe("pending");
    });

    it("refuses an order that is no longer pending (paid, cancelled)", async () => {
      const paid = await newOrder(db, seed);
      await payCash(db, seed.staff, seed.merchant.id, {
        orderId: paid.id,
        methodId: seed.cash.id,
        tenderedMinor: 1000n,
      });
      const cancelled = await newOrder(db, seed);
      await cancelOrder(db, seed.staff, seed.merchant.id, cancelled.id);
      for (const order of [paid, cancelled]) {
        await expectDomainError(
          createAttempt(
            db,
            seed.staff,
            seed.merchant.id,
            {
              orderId: order.id,
              methodId: seed.sandbox.id,
            },
            testProviders,
          ),
          "INVALID_STATE",
          "orderNotPayable",
        );
        const state = await orderState(db, order.id);
        expect(state.attempts.filter((a) => a.methodKind === "sandbox")).toEqual([]);
      }
    });

    it("refuses a disabled method, a method without the order's currency, and cash", async () => {
      const disabled = await addMethod(db, seed, { label: "Off", enabled: false });
      const usdOnly = await addMethod(db, seed, { label: "USD only", currencies: ["USD"] });
      const order = await newOrder(db, seed);
      const attemptWith = (methodId: string) =>
        createAttempt(
          db,
          seed.staff,
          seed.merchant.id,
          { orderId: order.id, methodId },
          testProviders,
        );

      await expectDomainError(attemptWith(disabled.id), "INVALID_STATE", "methodDisabled");
      await expectDomainError(attemptWith(usdOnly.id), "INVALID_STATE", "currencyNotAccepted");
      await expectDomainError(attemptWith(seed.cash.id), "INVALID_STATE", "cashAtCounter");
      expect((await orderState(db, order.id)).attempts).toEqual([]);
    });

    it("finds neither another merchant's order nor another merchant's method", async () => {
      const mine = await newOrder(db, seed);
      const theirs = await newOrder(db, other);
      await expectDomainError(
        createAttempt(
          db,
          seed.staff,
          seed.merchant.id,
          {
            orderId: theirs.id,
            methodId: seed.sandbox.id,
          },
          testProviders,
        ),
        "NOT_FOUND",
        "orderNotFound",
      );
      await expectDomainError(
        createAttempt(
          db,
          seed.staff,
          seed.merchant.id,
          {
            orderId: mine.id,
            methodId: other.sandbox.id,
          },
          testProviders,
        ),
        "NOT_FOUND",
        "methodNotFound",
      );
      expect((await orderState(db, theirs.id)).attempts).toEqual([]);
      expect((await orderState(db, mine.id)).attempts).toEqual([]);
    });
  });

  describe("payCash", () => {
    it("pays the order at once, with the change due and no fee, and closes open requests", async () => {
      const { order, attempt: qr } = await payableOrder(db, seed, 1234n);
      await giveCustomerEmail(db, order.id);
      const result = await payCash(db, seed.staff, seed.merchant.id, {
        orderId: order.id,
        methodId: seed.cash.id,
        tenderedMinor: 2000n,
      });
      expect(result.changeMinor).toBe(766n);

      const state = await orderState(db, order.id);
      expect(state.order.status).toBe("paid");
      expect(state.order.paidAt).toBeInstanceOf(Date);
      const cash = state.attempts.find((a) => a.id === result.attemptId)!;
      expect(cash).toMatchObject({
        methodKind: "cash",
        status: "succeeded",
        feeMinor: 0n,
        cashTenderedMinor: 2000n,
        changeMinor: 766n,
        amountMinor: 1234n,
        isDuplicate: false,
      });
      expect(state.attempts.find((a) => a.id === qr.id)!.status).toBe("cancelled");
      expect(state.outbox.map((m) => [m.topic, (m.payload as { kind: string }).kind])).toEqual([
        ["customer.email", "payment_succeeded"],
      ]);
      expect(state.actions).toEqual([
        "order.create",
        "attempt.create",
        "attempt.cancel",
        "attempt.create",
        "attempt.succeed",
        "order.paid",
      ]);
      const succeed = state.audit.find((a) => a.action === "attempt.succeed")!;
      expect(succeed.actorUserId).toBe(seed.people.staff.id);
      expect(succeed.after).toMatchObject({ tenderedMinor: "2000", changeMinor: "766" });
    });

    it("gives no change for the exact amount", async () => {
      const order = await newOrder(db, seed, 500n);
      const result = await payCash(db, seed.staff, seed.merchant.id, {
        orderId: order.id,
        methodId: seed.cash.id,
        tenderedMinor: 500n,
      });
      expect(result.changeMinor).toBe(0n);
      expect((await orderState(db, order.id)).order.status).toBe("paid");
    });

    it("refuses cash below the amount due, leaving the order untouched", async () => {
      const order = await newOrder(db, seed, 1000n);
      await expectDomainError(
        payCash(db, seed.staff, seed.merchant.id, {
          orderId: order.id,
          methodId: seed.cash.id,
          tenderedMinor: 999n,
        }),
        "VALIDATION",
        "tenderTooLow",
      );
      const state = await orderState(db, order.id);
      expect(state.order.status).toBe("pending");
      expect(state.attempts).toEqual([]);
      expect(state.actions).toEqual(["order.create"]);
    });

    it("refuses a wallet method as cash, and an order already paid", async () => {
      const order = await newOrder(db, seed, 1000n);
      await giveCustomerEmail(db, order.id);
      await expectDomainError(
        payCash(db, seed.staff, seed.merchant.id, {
          orderId: order.id,
          methodId: seed.sandbox.id,
          tenderedMinor: 1000n,
        }),
        "INVALID_STATE",
        "notCash",
      );
      await payCash(db, seed.staff, seed.merchant.id, {
        orderId: order.id,
        methodId: seed.cash.id,
        tenderedMinor: 1000n,
      });
      await expectDomainError(
        payCash(db, seed.staff, seed.merchant.id, {
          orderId: order.id,
          methodId: seed.cash.id,
          tenderedMinor: 1000n,
        }),
        "INVALID_STATE",
        "orderNotPayable",
      );
      const state = await orderState(db, order.id);
      expect(state.attempts.filter((a) => a.status === "succeeded")).toHaveLength(1);
      expect(state.outbox).toHaveLength(1);
    });
  });

  describe("cancelAttempt", () => {
    it("cancels an open request and leaves the order waiting for payment", async () => {
      const { order, attempt } = await payableOrder(db, seed);
      await cancelAttempt(db, seed.staff, seed.merchant.id, attempt.id);
      const state = await orderState(db, order.id);
      expect(state.attempts[0]!.status).toBe("cancelled");
      expect(state.order.status).toBe("pending");
      expect(state.actions).toEqual(["order.create", "attempt.create", "attempt.cancel"]);
    });

    it("refuses to cancel a request twice or after it succeeded", async () => {
      const { attempt } = await payableOrder(db, seed);
      await cancelAttempt(db, seed.staff, seed.merchant.id, attempt.id);
      await expectDomainError(
        cancelAttempt(db, seed.staff, seed.merchant.id, attempt.id),
        "INVALID_STATE",
        "invalidTransition",
      );
      const paid = await newOrder(db, seed);
      const { attemptId } = await payCash(db, seed.staff, seed.merchant.id, {
        orderId: paid.id,
        methodId: seed.cash.id,
        tenderedMinor: 1000n,
      });
      await expectDomainError(
        cancelAttempt(db, seed.staff, seed.merchant.id, attemptId),
        "INVALID_STATE",
        "invalidTransition",
      );
      expect((await orderState(db, paid.id)).order.status).toBe("paid");
    });

    it("does not find another merchant's request", async () => {
      const { order, attempt } = await payableOrder(db, other);
      await expectDomainError(
        cancelAttempt(db, seed.staff, seed.merchant.id, attempt.id),
        "NOT_FOUND",
        "attemptNotFound",
      );
      expect((await orderState(db, order.id)).attempts[0]!.status).toBe("created");
    });
  });

  describe("retryFromPayPage", () => {
    it("opens a new request on the same order after a failure, never a new order", async () => {
      const second = await addMethod(db, seed, { label: "Second wallet" });
      const { order, attempt: failed } = await payableOrder(db, seed);
      await notify(db, seed.sandbox.id, failed, { outcome: "failed" });
      const countOrders = async () =>
        (
          await db
            .select({ n: sql<number>`count(*)::int` })
            .from(orders)
            .where(eq(orders.merchantId, seed.merchant.id))
        )[0]!.n;
      const ordersBefore = await countOrders();

      const retried = await retryFromPayPage(
        db,
        systemActor,
        {
          token: failed.token,
          methodId: second.id,
        },
        testProviders,
      );
      expect(retried).toMatchObject({
        orderId: order.id,
        methodId: second.id,
        status: "created",
        amountMinor: failed.amountMinor,
      });
      expect(retried.token).not.toBe(failed.token);
      expect(Number(await countOrders())).toBe(Number(ordersBefore));
      const state = await orderState(db, order.id);
      expect(state.attempts.map((a) => [a.id, a.status])).toEqual([
        [failed.id, "failed"],
        [retried.id, "created"],
      ]);
      expect(state.audit.at(-1)).toMatchObject({ action: "attempt.create", actorUserId: null });
    });

    it("refuses once an order has gathered the maximum number of requests", async () => {
      const { order, attempt } = await payableOrder(db, seed);
      await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });
      let token = attempt.token;
      for (let i = 1; i < maxCustomerAttemptsPerOrder; i++) {
        token = (
          await retryFromPayPage(
            db,
            systemActor,
            { token, methodId: seed.sandbox.id },
            testProviders,
          )
        ).token;
      }
      await expect(
        retryFromPayPage(db, systemActor, { token, methodId: seed.sandbox.id }, testProviders),
      ).rejects.toMatchObject({
        code: "RATE_LIMITED",
        messageKey: "tooManyRetries",
      });
      const state = await orderState(db, order.id);
      expect(state.attempts).toHaveLength(maxCustomerAttemptsPerOrder);
    });

    it("replaces a request the pay page opened that is still open", async () => {
      const { order, attempt } = await payableOrder(db, seed);
      await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });
      const retry = (token: string) =>
        retryFromPayPage(db, systemActor, { token, methodId: seed.sandbox.id }, testProviders);
      const first = await retry(attempt.token);
      const second = await retry(first.token);
      const state = await orderState(db, order.id);
      expect(state.attempts.map((a) => [a.id, a.status])).toEqual([
        [attempt.id, "failed"],
        [first.id, "cancelled"],
        [second.id, "created"],
      ]);
    });

    it("never cancels the cashier's request still open at the counter from another pay link of the order", async () => {
      const { order, attempt: old } = await payableOrder(db, seed);
      await notify(db, seed.sandbox.id, old, { outcome: "failed" });
      // The cashier opens a new request at the counter; the old link is still in someone's hands.
      const counter = await createAttempt(
        db,
        seed.staff,
        seed.merchant.id,
        { orderId: order.id, methodId: seed.sandbox.id },
        testProviders,
      );
      await expectDomainError(
        retryFromPayPage(
          db,
          systemActor,
          { token: old.token, methodId: seed.sandbox.id },
          testProviders,
        ),
        "CONFLICT",
        "counterRequestOpen",
      );
      const state = await orderState(db, order.id);
      expect(state.attempts.map((a) => [a.id, a.status])).toEqual([
        [old.id, "failed"],
        [counter.id, "created"],
      ]);

      // The customer on the counter request's own page may give it up for another method.
      const switched = await retryFromPayPage(
        db,
        systemActor,
        { token: counter.token, methodId: seed.sandbox.id },
        testProviders,
      );
      const after = await orderState(db, order.id);
      expect(after.attempts.map((a) => [a.id, a.status])).toEqual([
        [old.id, "failed"],
        [counter.id, "cancelled"],
        [switched.id, "created"],
      ]);
    });

    it("refuses a paid order, an unknown token, cash, and another merchant's method", async () => {
      const { order, attempt } = await payableOrder(db, seed);
      const pending = await payableOrder(db, seed);
      await notify(db, seed.sandbox.id, attempt);
      await expectDomainError(
        retryFromPayPage(
          db,
          systemActor,
          { token: attempt.token, methodId: seed.sandbox.id },
          testProviders,
        ),
        "INVALID_STATE",
        "orderNotPayable",
      );
      await expectDomainError(
        retryFromPayPage(
          db,
          systemActor,
          {
            token: "no-such-token-000000000000000000",
            methodId: seed.sandbox.id,
          },
          testProviders,
        ),
        "NOT_FOUND",
        "payLinkNotFound",
      );
      await expectDomainError(
        retryFromPayPage(
          db,
          systemActor,
          { token: pending.attempt.token, methodId: seed.cash.id },
          testProviders,
        ),
        "INVALID_STATE",
        "cashAtCounter",
      );
      await expectDomainError(
        retryFromPayPage(
          db,
          systemActor,
          {
            token: pending.attempt.token,
            methodId: other.sandbox.id,
          },
          testProviders,
        ),
        "NOT_FOUND",
        "methodNotFound",
      );
      expect((await orderState(db, order.id)).attempts).toHaveLength(1);
      expect((await orderState(db, pending.order.id)).attempts.map((a) => a.status)).toEqual([
        "created",
      ]);
    });
  });

  describe("loadPayView", () => {
    it("shows the customer the payment, never internal ids, and wallet alternatives only", async () => {
      const alt = await addMethod(db, seed, { label: "Alt wallet" });
      const off = await addMethod(db, seed, { label: "Switched off", enabled: false });
      const usd = await addMethod(db, seed, { label: "Dollar wallet", currencies: ["USD"] });
      const { order, attempt } = await payableOrder(db, seed, 2500n);

      const { orderId, view } = await loadPayView(db, attempt.token);
      expect(orderId).toBe(order.id);
      expect(view).toMatchObject({
        token: attempt.token,
        status: "created",
        amountMinor: 2500n,
        currency: "CNY",
        methodKind: "sandbox",
        methodLabel: "Sandbox wallet",
        orderNumber: order.number,
        orderStatus: "pending",
        merchantName: seed.merchant.name,
        storeName: seed.store.name,
        timeZone: "Asia/Shanghai",
      });
      expect(view).not.toHaveProperty("orderId");
      expect(view).not.toHaveProperty("merchantId");
      const json = JSON.stringify(view, (_k, v: unknown) =>
        typeof v === "bigint" ? v.toString() : v,
      );
      for (const internal of [
        order.id,
        attempt.id,
        seed.merchant.id,
        seed.store.id,
        seed.people.staff.id,
      ]) {
        expect(json).not.toContain(internal);
      }

      const labels = view.alternatives.map((m) => m.label);
      expect(labels).toContain("Sandbox wallet");
      expect(labels).toContain(alt.label);
      expect(labels).not.toContain("Cash");
      expect(labels).not.toContain(off.label);
      expect(labels).not.toContain(usd.label);
      expect(view.alternatives.every((m) => m.kind !== "cash")).toBe(true);
      const otherIds = [other.sandbox.id, other.cash.id];
      expect(view.alternatives.filter((m) => otherIds.includes(m.id))).toEqual([]);
    });

    it("offers no alternatives once the order is paid", async () => {
      const { attempt } = await payableOrder(db, seed);
      await notify(db, seed.sandbox.id, attempt);
      const { view } = await loadPayView(db, attempt.token);
      expect(view).toMatchObject({ status: "succeeded", orderStatus: "paid", alternatives: [] });
    });

    it("does not know a made-up token", async () => {
      await expectDomainError(
        loadPayView(db, "made-up-token-0000000000000000000"),
        "NOT_FOUND",
        "payLinkNotFound",
      );
    });
  });
});

/** expireOverdue works across all merchants, so it gets a database of its own. */
describe(`expireOverdue (${engine})`, () => {
  const { db } = setupTestDatabase();
  let seed: PaymentsSeed;

  beforeAll(async () => {
    seed = await seedPayments(db, "Expiry");
  });

  it("expires overdue requests with the reason 'expired' and leaves the others open", async () => {
    const quick = await addMethod(db, seed, { label: "Quick", requestTtlSeconds: 60 });
    const due = await Promise.all([1, 2, 3].map(() => payableOrder(db, seed, 1000n, quick.id)));
    const notDue = await payableOrder(db, seed, 1000n, seed.sandbox.id);
    const pendingDue = await payableOrder(db, seed, 1000n, quick.id);
    await notify(db, quick.id, pendingDue.attempt, { outcome: "pending" });

    // Two minutes later: past the quick method's 60 s, well within the other's 900 s.
    const result = await expireOverdue(db, new Date(Date.now() + 120_000));
    expect(result).toEqual({ attempts: 4, orders: 0 });

    for (const { order, attempt } of [...due, pendingDue]) {
      const state = await orderState(db, order.id);
      expect(state.attempts[0]).toMatchObject({
        id: attempt.id,
        status: "expired",
        failureReason: "expired",
      });
      expect(state.order.status).toBe("pending");
      const expiry = state.audit.filter((a) => a.action === "attempt.expire");
      expect(expiry).toHaveLength(1);
      expect(expiry[0]!.actorUserId).toBeNull();
    }
    expect((await orderState(db, notDue.order.id)).attempts[0]!.status).toBe("created");
    // Nothing left to do a moment later.
    expect(await expireOverdue(db, new Date(Date.now() + 120_000))).toEqual({
      attempts: 0,
      orders: 0,
    });
  });

  it("expires orders left pending past the order TTL with nothing open, and only those", async () => {
    const stale = await newOrder(db, seed);
    const staleWithOpenRequest = await payableOrder(db, seed, 1000n, seed.sandbox.id);
    const fresh = await newOrder(db, seed);
    const longAgo = new Date(Date.now() - orderLifetimeMs - 60_000);
    await db
      .update(orders)
      .set({ createdAt: longAgo })
      .where(inArray(orders.id, [stale.id, staleWithOpenRequest.order.id]));

    const result = await expireOverdue(db);
    expect(result.orders).toBe(1);
    const expired = await orderState(db, stale.id);
    expect(expired.order.status).toBe("expired");
    expect(expired.actions).toEqual(["order.create", "order.expire"]);
    expect((await orderState(db, staleWithOpenRequest.order.id)).order.status).toBe("pending");
    expect((await orderState(db, fresh.id)).order.status).toBe("pending");
  });

  // Runs after the tests above have expired everything then overdue, so that two minutes
  // from now exactly these 30 requests are due (the others' deadline is 15 minutes).
  it("expires each of 30 overdue requests exactly once between two workers at once", async () => {
    const quick = await addMethod(db, seed, { label: "Quick 2", requestTtlSeconds: 60 });
    const attemptIds: string[] = [];
    for (let i = 0; i < 30; i++) {
      attemptIds.push((await payableOrder(db, seed, 1000n + BigInt(i), quick.id)).attempt.id);
    }
    const later = new Date(Date.now() + 120_000);
    // Each worker drains in small batches, as the background job does after downtime.
    const worker = async () => {
      let expired = 0;
      for (;;) {
        const { attempts } = await expireOverdue(db, later, 4);
        if (attempts === 0) return expired;
        expired += attempts;
      }
    };

    const counts = await Promise.all([worker(), worker()]);
    expect(counts[0]! + counts[1]!).toBe(30);

    const rows = await db
      .select({ status: paymentAttempts.status })
      .from(paymentAttempts)
      .where(inArray(paymentAttempts.id, attemptIds));
    expect(rows.map((r) => r.status)).toEqual(Array(30).fill("expired"));
    const audits = await db
      .select({ attemptId: sql<string>`${auditLog.after}->>'attemptId'` })
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, seed.merchant.id), eq(auditLog.action, "attempt.expire")));
    const ours = new Set(attemptIds);
    expect(
      audits
        .map((a) => a.attemptId)
        .filter((id) => ours.has(id))
        .sort(),
    ).toEqual([...attemptIds].sort());
    expect(await verifyAuditChain(db, seed.merchant.id)).toBeNull();
  });
});

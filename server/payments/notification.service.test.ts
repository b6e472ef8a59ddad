import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { notifications, paymentAttempts, paymentFailures } from "@/db/schema";
import { giveCustomerEmail } from "@/test/customer-email";
import { engine, setupTestDatabase } from "@/test/db";
import { testEncryptionKey } from "@/test/fixtures";
import {
  methodInput,
  notify,
  orderState,
  payableOrder,
  postNotification,
  providerEvent,
  seedPayments,
  signedNotification,
  type PaymentsSeed,
  testProviders,
} from "@/test/payments";
import { verifyAuditChain } from "@/server/audit/audit.service";
import {
  confirmSandboxPayment,
  type Delivery,
} from "@/server/connectors/sandbox/sandbox-wallet.service";
import { generateSandboxKeyPair } from "@/server/connectors/sandbox/sandbox-signature";
import { expireOverdue } from "./expiry.service";
import { createAttempt } from "./payment-request.service";
import { cancelOrder } from "./order.service";
import { createPaymentMethod, setSandboxBehaviour } from "./payment-method.service";
import { receiveNotification, rejectedNotificationRule } from "./notification.service";
import { unverifiedBodyDigest } from "./unverified-body.logic";
import { systemActor } from "@/server/audit/audit.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Notify");
});

async function inboxCount() {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(notifications);
  return Number(row!.n);
}

/** The customer pays in the sandbox wallet; its signed notification is captured, not posted. */
async function payInWallet(token: string) {
  const deliveries: Delivery[] = [];
  await confirmSandboxPayment(
    db,
    { token, pin: "123456", outcome: "pay" },
    testEncryptionKey,
    (d) => deliveries.push(d),
  );
  return deliveries;
}

const post = (d: Delivery) =>
  postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers });

describe(`the fee of a method taking two currencies (${engine})`, () => {
  // 0.6 % and, per currency, its own fixed fee in that currency's minor units: ¥40 (JPY has
  // no decimals) and ¥0.30 (30 fen). One set of minor units for both charged ¥30 on the yen.
  const twoCurrencies = () =>
    createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({
        label: "Yen and yuan",
        currencies: ["JPY", "CNY"],
        feeRateBps: 60,
        feeAmounts: {
          JPY: { fixedMinor: 40, minMinor: null, maxMinor: null },
          CNY: { fixedMinor: 30, minMinor: null, maxMinor: null },
        },
      }),
      testEncryptionKey,
    );

  it("charges each payment the fixed fee of its own currency", async () => {
    const method = await twoCurrencies();
    // ¥5 000 × 0.6 % = ¥30, + ¥40; 5 000 fen × 0.6 % = 30 fen, + 30 fen.
    const yen = await payableOrder(db, seed, 5_000n, method.id, "JPY");
    const yuan = await payableOrder(db, seed, 5_000n, method.id, "CNY");
    await notify(db, method.id, yen.attempt);
    await notify(db, method.id, yuan.attempt);
    expect((await orderState(db, yen.order.id)).attempts[0]).toMatchObject({
      status: "succeeded",
      feeMinor: 70n,
    });
    expect((await orderState(db, yuan.order.id)).attempts[0]).toMatchObject({
      status: "succeeded",
      feeMinor: 60n,
    });
  });

  it("charges the rate alone in a currency whose amounts are not set", async () => {
    const method = await createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({
        label: "Yuan amounts only",
        currencies: ["CNY", "JPY"],
        feeRateBps: 60,
        feeAmounts: { CNY: { fixedMinor: 30, minMinor: 50, maxMinor: null } },
      }),
      testEncryptionKey,
    );
    const yen = await payableOrder(db, seed, 5_000n, method.id, "JPY");
    await notify(db, method.id, yen.attempt);
    expect((await orderState(db, yen.order.id)).attempts[0]).toMatchObject({ feeMinor: 30n });
  });
});

describe(`webhook: a genuine notification (${engine})`, () => {
  it("answers 200 SUCCESS and pays the order, with fee, audit, outbox and inbox rows", async () => {
    // 0.6 % + 5 fen: 12 345 × 60 / 10 000 = 74.07 → 74, + 5 = 79.
    const feeMethod = await createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({
        label: "Fee wallet",
        feeRateBps: 60,
        feeAmounts: { CNY: { fixedMinor: 5, minMinor: null, maxMinor: null } },
      }),
      testEncryptionKey,
    );
    const { order, attempt } = await payableOrder(db, seed, 12_345n, feeMethod.id);
    await giveCustomerEmail(db, order.id);
    const [delivery, ...more] = await payInWallet(attempt.token);
    expect(more).toEqual([]);

    const response = await post({
      ...delivery!,
      headers: { ...delivery!.headers, cookie: "session=secret", authorization: "Bearer x" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ code: "SUCCESS" });

    const body = JSON.parse(delivery!.body) as { event_id: string; txn_id: string };
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.order.paidAt).toBeInstanceOf(Date);
    expect(state.attempts).toHaveLength(1);
    expect(state.attempts[0]).toMatchObject({
      id: attempt.id,
      status: "succeeded",
      feeMinor: 79n,
      providerTxnId: body.txn_id,
      isDuplicate: false,
      amountMismatch: false,
    });
    expect(state.attempts[0]!.succeededAt).toBeInstanceOf(Date);
    expect(state.actions).toEqual([
      "order.create",
      "attempt.create",
      "attempt.succeed",
      "order.paid",
    ]);
    const succeed = state.audit.find((a) => a.action === "attempt.succeed")!;
    expect(succeed.actorUserId).toBeNull();
    expect(succeed.ipAddress).toBe("198.51.100.9");
    expect(succeed.after).toMatchObject({ attemptId: attempt.id, feeMinor: "79" });
    expect(state.outbox).toHaveLength(1);
    expect(state.outbox[0]).toMatchObject({
      merchantId: seed.merchant.id,
      topic: "customer.email",
      payload: {
        kind: "payment_succeeded",
        to: "buyer@example.com",
        orderId: order.id,
        attemptId: attempt.id,
        amountMinor: "12345",
        currency: "CNY",
      },
      state: "pending",
      processedAt: null,
    });
    expect(state.alerts).toEqual([]);

    expect(state.notifications).toHaveLength(1);
    const stored = state.notifications[0]!;
    expect(stored).toMatchObject({
      merchantId: seed.merchant.id,
      methodId: feeMethod.id,
      provider: "sandbox",
      eventId: body.event_id,
      attemptId: attempt.id,
      outcome: "applied",
      detail: null,
      rawBody: delivery!.body,
    });
    // Signature headers are kept as evidence; cookies and credentials never are.
    expect(stored.headers["x-sandbox-signature"]).toBe(delivery!.headers["x-sandbox-signature"]);
    expect(stored.headers).not.toHaveProperty("cookie");
    expect(stored.headers).not.toHaveProperty("authorization");
  });

  it("moves a created attempt to pending on a pending event, leaving the order pending", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    const { response } = await notify(db, seed.sandbox.id, attempt, { outcome: "pending" });
    expect(response.status).toBe(200);
    const state = await orderState(db, order.id);
    expect(state.attempts[0]!.status).toBe("pending");
    expect(state.order.status).toBe("pending");
    expect(state.notifications.map((n) => n.outcome)).toEqual(["applied"]);
  });

  it("records a failure with the provider's code and our normalized reason", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    const { response } = await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });
    expect(response.status).toBe(200);
    const state = await orderState(db, order.id);
    expect(state.attempts[0]).toMatchObject({
      status: "failed",
      failureCode: "INSUFFICIENT_BALANCE",
      failureReason: "insufficient_funds",
    });
    expect(state.order.status).toBe("pending");
    expect(state.outbox).toEqual([]);
    expect(state.actions).toContain("attempt.fail");
  });
});

describe(`webhook: forged or misaddressed notifications (${engine})`, () => {
  it("refuses a body changed after signing: 401, nothing changed, stored as rejected", async () => {
    const { order, attempt } = await payableOrder(db, seed, 1000n);
    const [delivery] = await payInWallet(attempt.token);
    const tampered = delivery!.body.replace('"amount_minor":"1000"', '"amount_minor":"1"');
    expect(tampered).not.toBe(delivery!.body);

    const response = await post({ ...delivery!, body: tampered });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "FAIL" });

    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("pending");
    expect(state.attempts[0]!.status).toBe("created");
    expect(state.outbox).toEqual([]);
    expect(state.actions).toEqual(["order.create", "attempt.create"]);
    const rejected = await db
      .select()
      .from(notifications)
      .where(eq(notifications.rawBody, unverifiedBodyDigest(tampered)));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      merchantId: seed.merchant.id,
      methodId: seed.sandbox.id,
      outcome: "rejected",
      eventId: null,
      attemptId: null,
      detail: "signature bad_signature",
    });

    // The genuine delivery still goes through afterwards.
    expect((await post(delivery!)).status).toBe(200);
    expect((await orderState(db, order.id)).order.status).toBe("paid");
  });

  it("refuses a notification signed with another key: 401, nothing changed", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    const forged = await signedNotification(db, seed.sandbox.id, providerEvent(attempt), {
      privateKeyPem: generateSandboxKeyPair().privateKeyPem,
    });
    const response = await postNotification(db, seed.sandbox.id, forged);
    expect(response.status).toBe(401);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("pending");
    expect(state.attempts[0]!.status).toBe("created");
    const [row] = await db
      .select()
      .from(notifications)
      .where(eq(notifications.rawBody, unverifiedBodyDigest(forged.rawBody)));
    expect(row).toMatchObject({ outcome: "rejected", detail: "signature bad_signature" });
  });

  it("refuses a missing signature and a genuine but stale one (a replay)", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    const genuine = await signedNotification(db, seed.sandbox.id, providerEvent(attempt));
    const unsigned = { rawBody: genuine.rawBody, headers: { "content-type": "application/json" } };
    expect((await postNotification(db, seed.sandbox.id, unsigned)).status).toBe(401);

    const stale = await signedNotification(db, seed.sandbox.id, providerEvent(attempt), {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect((await postNotification(db, seed.sandbox.id, stale)).status).toBe(401);
    const details = await db
      .select({ detail: notifications.detail })
      .from(notifications)
      .where(eq(notifications.rawBody, unverifiedBodyDigest(stale.rawBody)));
    expect(details).toEqual([{ detail: "signature stale" }]);
    expect((await orderState(db, order.id)).order.status).toBe("pending");
  });

  it("answers 404 for an unknown method or a provider that does not match, storing nothing", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    const genuine = await signedNotification(db, seed.sandbox.id, providerEvent(attempt));
    const before = await inboxCount();

    for (const [methodId, provider] of [
      [randomUUID(), "sandbox"],
      ["not-a-uuid", "sandbox"],
      ["'; drop table orders; --", "sandbox"],
      [seed.sandbox.id, "alipay"],
      [seed.sandbox.id, "nonsense"],
      // The cash method exists but is not a sandbox wallet.
      [seed.cash.id, "sandbox"],
    ] as const) {
      const response = await postNotification(db, methodId, genuine, provider);
      expect(response.status, `${provider}/${methodId}`).toBe(404);
      expect(await response.json()).toMatchObject({ code: "FAIL" });
    }
    expect(await inboxCount()).toBe(before);
    expect((await orderState(db, order.id)).order.status).toBe("pending");
  });

  it("refuses a notification for one merchant's attempt sent to another merchant's method", async () => {
    const other = await seedPayments(db, "Other");
    const { order, attempt } = await payableOrder(db, seed);
    // Genuinely signed by the other merchant's wallet, naming this merchant's attempt.
    const { response } = await notify(db, other.sandbox.id, attempt);
    expect(response.status).toBe(200);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("pending");
    expect(state.attempts[0]!.status).toBe("created");
    const rows = await db
      .select()
      .from(notifications)
      .where(eq(notifications.methodId, other.sandbox.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      merchantId: other.merchant.id,
      outcome: "ignored",
      attemptId: null,
    });
  });
});

describe(`webhook: a flood of forged notifications (${engine})`, () => {
  let flood: PaymentsSeed;
  beforeAll(async () => {
    flood = await seedPayments(db, "Flood");
  });

  /** A delivery from one client address, at a moment of the test's choosing. */
  const postFrom = (
    ip: string,
    delivery: { rawBody: string; headers: Record<string, string> },
    at = new Date(),
  ) =>
    receiveNotification(db, {
      provider: "sandbox",
      methodId: flood.sandbox.id,
      rawBody: delivery.rawBody,
      headers: new Headers(delivery.headers),
      key: testEncryptionKey,
      actor: { ...systemActor, ip, userAgent: "curl" },
      now: () => at,
    });

  const forgery = (n: number) => ({
    rawBody: JSON.stringify({ n, padding: "x".repeat(200_000) }),
    headers: { "content-type": "application/json" },
  });

  it("keeps a digest of a forged body, counts forgeries in one row per method and hour, and answers 429 past the limit for that address only", async () => {
    const limit = rejectedNotificationRule.maxFailures;
    const at = new Date("2030-05-01T09:17:00.000Z");
    const statuses: number[] = [];
    for (let i = 0; i < limit + 5; i++)
      statuses.push((await postFrom("203.0.113.66", forgery(i), at)).status);
    expect(statuses.slice(0, limit).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(limit)).toEqual(Array(5).fill(429));
    // Another address is not held back by the first one's forgeries.
    expect((await postFrom("203.0.113.67", forgery(99), at)).status).toBe(401);

    const stored = await db
      .select({ rawBody: notifications.rawBody })
      .from(notifications)
      .where(eq(notifications.methodId, flood.sandbox.id));
    expect(stored).toHaveLength(limit + 1);
    for (const row of stored) {
      expect(row.rawBody).toMatch(/^sha256:[0-9a-f]{64} bytes:\d+\n/);
      expect(row.rawBody?.length).toBeLessThan(700);
    }
    expect(stored.map((r) => r.rawBody)).toContain(unverifiedBodyDigest(forgery(3).rawBody));

    const failures = await db
      .select()
      .from(paymentFailures)
      .where(
        and(
          eq(paymentFailures.methodId, flood.sandbox.id),
          eq(paymentFailures.kind, "notification_rejected"),
        ),
      );
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      occurrences: limit + 1,
      occurredAt: new Date("2030-05-01T09:00:00.000Z"),
      orderId: null,
    });

    // An hour on, the address's window is over and the hour has a row of its own.
    const later = new Date(at.getTime() + 3600_000);
    expect((await postFrom("203.0.113.66", forgery(100), later)).status).toBe(401);
    const rows = await db
      .select({ occurrences: paymentFailures.occurrences })
      .from(paymentFailures)
      .where(eq(paymentFailures.methodId, flood.sandbox.id))
      .orderBy(paymentFailures.occurredAt);
    expect(rows).toEqual([{ occurrences: limit + 1 }, { occurrences: 1 }]);
  });

  it("does not count genuine notifications against their address", async () => {
    const ip = "203.0.113.80";
    for (let i = 0; i < rejectedNotificationRule.maxFailures + 2; i++) {
      const { attempt } = await payableOrder(db, flood);
      const genuine = await signedNotification(db, flood.sandbox.id, providerEvent(attempt));
      expect((await postFrom(ip, genuine)).status).toBe(200);
    }
  });
});

describe(`webhook: repeats, order and amounts (${engine})`, () => {
  it("acknowledges a repeated delivery of the same event and applies it once", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await giveCustomerEmail(db, order.id);
    const [delivery] = await payInWallet(attempt.token);
    for (let i = 0; i < 3; i++) {
      const response = await post(delivery!);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ code: "SUCCESS" });
    }
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.actions.filter((a) => a === "attempt.succeed")).toHaveLength(1);
    expect(state.actions.filter((a) => a === "order.paid")).toHaveLength(1);
    expect(state.outbox).toHaveLength(1);
    expect(state.notifications).toHaveLength(1);
  });

  it("changes nothing on a failure that arrives after the success, and records it as ignored", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await giveCustomerEmail(db, order.id);
    const { event: success } = await notify(db, seed.sandbox.id, attempt);
    const paid = await orderState(db, order.id);

    const { response } = await notify(db, seed.sandbox.id, attempt, { outcome: "failed" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ code: "SUCCESS" });

    const state = await orderState(db, order.id);
    expect(state.order).toEqual(paid.order);
    expect(state.attempts).toEqual(paid.attempts);
    expect(state.attempts[0]).toMatchObject({
      status: "succeeded",
      providerTxnId: success.providerTxnId,
      failureCode: null,
      failureReason: null,
    });
    expect(state.outbox).toHaveLength(1);
    expect(state.actions).toEqual(paid.actions);
    expect(state.notifications.map((n) => [n.outcome, n.detail])).toEqual([
      ["applied", null],
      ["ignored", "out of order: attempt already succeeded"],
    ]);
  });

  it("changes nothing on a pending event after the success", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await notify(db, seed.sandbox.id, attempt);
    const paid = await orderState(db, order.id);
    const { response } = await notify(db, seed.sandbox.id, attempt, { outcome: "pending" });
    expect(response.status).toBe(200);
    const state = await orderState(db, order.id);
    expect(state.order).toEqual(paid.order);
    expect(state.attempts).toEqual(paid.attempts);
    expect(state.notifications.at(-1)).toMatchObject({
      outcome: "ignored",
      detail: "already succeeded",
    });
  });

  it.each([
    ["another amount", { amountMinor: 1001n }, "expected 1000 CNY, notified 1001 CNY"],
    ["another currency", { currency: "USD" }, "expected 1000 CNY, notified 1000 USD"],
  ])(
    "never pays the order on a success for %s: flags the attempt and alerts",
    async (_name, overrides, detail) => {
      const { order, attempt } = await payableOrder(db, seed, 1000n);
      const { response } = await notify(db, seed.sandbox.id, attempt, overrides);
      expect(response.status).toBe(200);

      const state = await orderState(db, order.id);
      expect(state.order.status).toBe("pending");
      expect(state.order.paidAt).toBeNull();
      expect(state.attempts[0]).toMatchObject({
        status: "created",
        amountMismatch: true,
        feeMinor: null,
      });
      expect(state.outbox).toEqual([]);
      expect(state.alerts).toHaveLength(1);
      expect(state.alerts[0]).toMatchObject({
        merchantId: seed.merchant.id,
        kind: "amount_mismatch",
        entityType: "order",
        entityId: order.id,
        resolvedAt: null,
      });
      expect(state.notifications.map((n) => [n.outcome, n.detail])).toEqual([["mismatch", detail]]);
      expect(state.actions).toContain("attempt.amount_mismatch");
      expect(state.actions).not.toContain("order.paid");
    },
  );

  it("pays the order on a late success for an attempt that expired while the order waited", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await giveCustomerEmail(db, order.id);
    await db
      .update(paymentAttempts)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(paymentAttempts.id, attempt.id));
    await expireOverdue(db);
    expect((await orderState(db, order.id)).attempts[0]!.status).toBe("expired");

    const { response } = await notify(db, seed.sandbox.id, attempt);
    expect(response.status).toBe(200);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts[0]).toMatchObject({ status: "succeeded", isDuplicate: false });
    expect(state.alerts).toEqual([]);
    expect(state.outbox).toHaveLength(1);
  });

  it("closes the order's open request on a late success: cancelled, or expired and recovered when overdue", async () => {
    const replaced = async (overdue: boolean) => {
      const { order, attempt: first } = await payableOrder(db, seed);
      // A new request replaces the first (cancelled), whose wallet then confirms it after all.
      const second = await createAttempt(
        db,
        seed.staff,
        seed.merchant.id,
        { orderId: order.id, methodId: seed.sandbox.id },
        testProviders,
      );
      if (overdue) {
        await db
          .update(paymentAttempts)
          .set({ expiresAt: new Date(Date.now() - 1000) })
          .where(eq(paymentAttempts.id, second.id));
      }
      await notify(db, seed.sandbox.id, first);
      const state = await orderState(db, order.id);
      const failures = await db
        .select()
        .from(paymentFailures)
        .where(eq(paymentFailures.orderId, order.id));
      return { first, second, state, failures };
    };

    const valid = await replaced(false);
    expect(valid.state.order.status).toBe("paid");
    expect(valid.state.attempts.map((a) => [a.id, a.status])).toEqual([
      [valid.first.id, "succeeded"],
      [valid.second.id, "cancelled"],
    ]);
    expect(valid.failures).toEqual([]);

    const overdue = await replaced(true);
    expect(overdue.state.order.status).toBe("paid");
    expect(overdue.state.attempts.map((a) => [a.id, a.status])).toEqual([
      [overdue.first.id, "succeeded"],
      [overdue.second.id, "expired"],
    ]);
    // The expiry the payment wrote is recovered by that same payment.
    expect(overdue.failures).toHaveLength(1);
    expect(overdue.failures[0]).toMatchObject({
      kind: "expired",
      attemptId: overdue.second.id,
      recoveredAttemptId: overdue.first.id,
      recoveredAmountMinor: overdue.first.amountMinor,
    });
  });

  it("flags a second success on an order another attempt already paid, and keeps the first", async () => {
    const { order, attempt: first } = await payableOrder(db, seed);
    await giveCustomerEmail(db, order.id);
    // The customer scanned again: a new request replaces the first (now cancelled)...
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
    await notify(db, seed.sandbox.id, second);
    const paid = await orderState(db, order.id);
    expect(paid.order.status).toBe("paid");

    // ...but the wallet had already taken the money for the first one too.
    const { response } = await notify(db, seed.sandbox.id, first);
    expect(response.status).toBe(200);

    const state = await orderState(db, order.id);
    expect(state.order).toEqual(paid.order);
    const byId = new Map(state.attempts.map((a) => [a.id, a]));
    expect(byId.get(second.id)).toMatchObject({ status: "succeeded", isDuplicate: false });
    expect(byId.get(first.id)).toMatchObject({ status: "succeeded", isDuplicate: true });
    expect(state.alerts).toHaveLength(1);
    expect(state.alerts[0]).toMatchObject({
      kind: "duplicate_payment",
      details: { attemptId: first.id, amountMinor: "1000", currency: "CNY" },
    });
    expect(state.outbox).toHaveLength(1);
    expect(state.outbox[0]!.payload).toMatchObject({ attemptId: second.id });
    expect(state.actions.filter((a) => a === "order.paid")).toHaveLength(1);
    expect(state.actions).toContain("attempt.duplicate_success");
  });

  it("alerts on a success for an order that was cancelled, and leaves it cancelled", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await cancelOrder(db, seed.staff, seed.merchant.id, order.id);
    const { response } = await notify(db, seed.sandbox.id, attempt);
    expect(response.status).toBe(200);

    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("cancelled");
    expect(state.order.paidAt).toBeNull();
    expect(state.attempts[0]).toMatchObject({ status: "succeeded", isDuplicate: true });
    expect(state.alerts.map((a) => a.kind)).toEqual(["payment_on_closed_order"]);
    expect(state.outbox).toEqual([]);
  });

  it("pays once when the wallet repeats itself and sends a stale pending event last", async () => {
    const method = await createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({ label: "Noisy wallet" }),
      testEncryptionKey,
    );
    await setSandboxBehaviour(db, seed.manager, seed.merchant.id, method.id, {
      duplicateDeliveries: true,
      outOfOrderDeliveries: true,
    });
    const { order, attempt } = await payableOrder(db, seed, 2500n, method.id);
    await giveCustomerEmail(db, order.id);
    const deliveries = await payInWallet(attempt.token);
    expect(deliveries).toHaveLength(3);
    for (const d of deliveries) expect((await post(d)).status).toBe(200);

    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts[0]!.status).toBe("succeeded");
    expect(state.outbox).toHaveLength(1);
    expect(state.notifications.map((n) => [n.outcome, n.detail])).toEqual([
      ["applied", null],
      ["ignored", "already succeeded"],
    ]);
  });
});

describe(`webhook: concurrent deliveries (${engine})`, () => {
  it("applies one success delivered 20 times at once exactly once, answering 200 to all", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await giveCustomerEmail(db, order.id);
    const delivery = await signedNotification(db, seed.sandbox.id, providerEvent(attempt));

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postNotification(db, seed.sandbox.id, delivery)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    for (const r of responses) expect(await r.json()).toEqual({ code: "SUCCESS" });

    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts.filter((a) => a.status === "succeeded")).toHaveLength(1);
    expect(state.actions.filter((a) => a === "attempt.succeed")).toHaveLength(1);
    expect(state.actions.filter((a) => a === "order.paid")).toHaveLength(1);
    expect(state.outbox).toHaveLength(1);
    const inbox = await db
      .select()
      .from(notifications)
      .where(eq(notifications.rawBody, delivery.rawBody));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.outcome).toBe("applied");
    expect(await verifyAuditChain(db, seed.merchant.id)).toBeNull();
  });

  it("pays the order when the payment lands while the cashier opens a new request", async () => {
    // Both touch the order and its attempts; on PostgreSQL they used to lock them in opposite
    // orders and deadlock, failing either the webhook or the cashier. Several rounds, as a
    // race does not show every time.
    for (let round = 0; round < 15; round++) {
      const { order, attempt } = await payableOrder(db, seed);
      await giveCustomerEmail(db, order.id);
      const [notified, requested] = await Promise.allSettled([
        notify(db, seed.sandbox.id, attempt),
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
      ]);
      expect(notified.status === "fulfilled" && notified.value.response.status).toBe(200);
      // The new request either came first (and the payment is a late success on the
      // replaced one) or came too late for an order already paid.
      if (requested.status === "rejected") {
        expect(requested.reason).toMatchObject({ messageKey: "orderNotPayable" });
      }
      const state = await orderState(db, order.id);
      expect(state.order.status).toBe("paid");
      expect(state.attempts.filter((a) => a.status === "succeeded")).toHaveLength(1);
      expect(state.attempts.filter((a) => a.status === "created")).toEqual([]);
      expect(state.outbox).toHaveLength(1);
    }
  });

  it("applies one of two different events for the same payment arriving at once", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await giveCustomerEmail(db, order.id);
    const txn = "TXN-SAME-PAYMENT";
    const [a, b] = await Promise.all([
      signedNotification(db, seed.sandbox.id, providerEvent(attempt, { providerTxnId: txn })),
      signedNotification(db, seed.sandbox.id, providerEvent(attempt, { providerTxnId: txn })),
    ]);
    const responses = await Promise.all([
      postNotification(db, seed.sandbox.id, a),
      postNotification(db, seed.sandbox.id, b),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);

    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts).toHaveLength(1);
    expect(state.attempts[0]).toMatchObject({ status: "succeeded", providerTxnId: txn });
    expect(state.actions.filter((x) => x === "attempt.succeed")).toHaveLength(1);
    expect(state.actions.filter((x) => x === "order.paid")).toHaveLength(1);
    expect(state.outbox).toHaveLength(1);
    expect(state.notifications.map((n) => n.outcome).sort()).toEqual(["applied", "ignored"]);
    expect(await verifyAuditChain(db, seed.merchant.id)).toBeNull();
  });
});

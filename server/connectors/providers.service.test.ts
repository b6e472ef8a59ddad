import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  alerts,
  notifications,
  paymentAttempts,
  paymentFailures,
  providerRequests,
} from "@/db/schema";
import { giveCustomerEmail } from "@/test/customer-email";
import { setupTestDatabase } from "@/test/db";
import {
  FakeProviders,
  providerKinds,
  rsaPair,
  type Delivery,
  type ProviderKind,
} from "@/test/fake-providers";
import {
  orderState,
  postNotification,
  requestOn,
  seedPayments,
  type PaymentsSeed,
} from "@/test/payments";
import { testEncryptionKey } from "@/test/fixtures";
import { connectorFor } from "@/server/connectors/registry";
import { loadPayView } from "@/server/payments/pay-view.service";
import { loadMethodContext } from "@/server/payments/payment-method.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
const fake = new FakeProviders();
let methods: Record<ProviderKind, string>;

beforeAll(async () => {
  seed = await seedPayments(db, "Providers");
  await fake.start();
  methods = await fake.methods(db, seed);
});
afterAll(async () => {
  await fake.stop();
});

type Attempt = { token: string; amountMinor: bigint; currency: string };

/** What each provider's tests vary: how it signs, what it calls a foreign account, its answers. */
interface Kit {
  currency: string;
  valid(a: Attempt): Delivery;
  wrongKey(a: Attempt): Delivery;
  otherAccount(a: Attempt): Delivery;
  wrongAmount(a: Attempt): Delivery;
  stale: ((a: Attempt) => Delivery) | null;
  /** One signed byte changed, as an attacker on the wire would. */
  tamper(d: Delivery): Delivery;
  accepted: { status: number; body: string };
  rejected: { status: number; body: (text: string) => void };
  request: { qr: RegExp | null; redirect: RegExp | null; ref: RegExp | null };
}

const now = () => Math.floor(Date.now() / 1000);
const otherKey = rsaPair();

const kits: Record<ProviderKind, Kit> = {
  alipay: {
    currency: "CNY",
    valid: (a) => fake.alipayNotification(a),
    wrongKey: (a) => fake.alipayNotification(a, { signWith: otherKey.privateKeyPem }),
    otherAccount: (a) => fake.alipayNotification(a, { appId: "2021009999999999" }),
    wrongAmount: (a) => fake.alipayNotification(a, { amountMinor: a.amountMinor - 1n }),
    stale: null, // Alipay signs no timestamp it asks us to bound; notify_id dedupes retries
    tamper: (d) => ({ ...d, rawBody: d.rawBody.replace(/buyer_id=\d/, "buyer_id=9") }),
    accepted: { status: 200, body: "success" },
    rejected: { status: 400, body: (t) => expect(t).toBe("fail") },
    request: { qr: /^https:\/\/qr\.alipay\.com\/bax0[0-9a-f]+$/, redirect: null, ref: null },
  },
  wechat_pay: {
    currency: "CNY",
    valid: (a) => fake.wechatNotification(a),
    wrongKey: (a) => fake.wechatNotification(a, { signWith: otherKey.privateKeyPem }),
    otherAccount: (a) => fake.wechatNotification(a, { mchId: "1900009999" }),
    wrongAmount: (a) => fake.wechatNotification(a, { amountMinor: a.amountMinor + 100n }),
    stale: (a) => fake.wechatNotification(a, { timestamp: now() - 301 }),
    tamper: (d) => ({ ...d, rawBody: d.rawBody.replace("16:29:35", "16:29:36") }),
    accepted: { status: 204, body: "" },
    rejected: {
      status: 400,
      body: (t) => expect(JSON.parse(t)).toEqual({ code: "FAIL", message: expect.any(String) }),
    },
    request: { qr: /^weixin:\/\/wxpay\/bizpayurl\?pr=[0-9a-f]+$/, redirect: null, ref: null },
  },
  paypal: {
    currency: "USD",
    valid: (a) => fake.paypalNotification(a),
    wrongKey: (a) => fake.paypalNotification(a, { signWith: otherKey.privateKeyPem }),
    // Signed for another merchant's webhook: our webhook id is in the signed message.
    otherAccount: (a) => fake.paypalNotification(a, { webhookId: "8PT597110X687430LKGECATA" }),
    wrongAmount: (a) => fake.paypalNotification(a, { amountMinor: a.amountMinor * 10n }),
    stale: null, // PayPal retries for 3 days with the same transmission; event ids dedupe
    tamper: (d) => ({
      ...d,
      rawBody: d.rawBody.replace('"final_capture":true', '"final_capture":false'),
    }),
    accepted: { status: 200, body: "" },
    rejected: { status: 400, body: (t) => expect(JSON.parse(t)).toHaveProperty("error") },
    request: {
      qr: null,
      redirect: /^https:\/\/www\.sandbox\.paypal\.com\/checkoutnow\?token=PPREF/,
      ref: /^PPREF/,
    },
  },
  stripe: {
    currency: "USD",
    valid: (a) => fake.stripeNotification(a),
    wrongKey: (a) => fake.stripeNotification(a, { secret: "whsec_someoneelse" }),
    // A live-mode event delivered to a sandbox (test-mode) method.
    otherAccount: (a) => fake.stripeNotification(a, { livemode: true }),
    wrongAmount: (a) => fake.stripeNotification(a, { amountMinor: a.amountMinor - 50n }),
    stale: (a) => fake.stripeNotification(a, { timestamp: now() - 301 }),
    tamper: (d) => ({
      ...d,
      rawBody: d.rawBody.replace('"pending_webhooks":1', '"pending_webhooks":2'),
    }),
    accepted: { status: 200, body: '{"received":true}' },
    rejected: { status: 400, body: (t) => expect(JSON.parse(t)).toHaveProperty("error") },
    request: { qr: null, redirect: null, ref: /^pi_[0-9a-f]{24}$/ },
  },
};

const attemptOn = (kind: ProviderKind, amountMinor = 2350n) =>
  requestOn(db, seed, methods[kind], kits[kind].currency, amountMinor);

const post = (kind: ProviderKind, d: Delivery) => postNotification(db, methods[kind], d, kind);

async function expectRejected(kind: ProviderKind, res: Response, orderId: string) {
  expect(res.status).toBe(kits[kind].rejected.status);
  kits[kind].rejected.body(await res.text());
  const state = await orderState(db, orderId);
  expect(state.order.status).toBe("pending");
  expect(state.attempts[0]!.status).toBe("created");
  expect(state.outbox).toHaveLength(0);
  expect(state.actions).not.toContain("attempt.succeed");
}

async function lastInbox(kind: ProviderKind) {
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.methodId, methods[kind]));
  return rows.sort((a, b) => +b.receivedAt - +a.receivedAt)[0]!;
}

describe.each(["alipay", "wechat_pay", "paypal", "stripe"] as const)("%s", (kind) => {
  const kit = kits[kind];

  it("asks the provider for the payment request with a request it accepts", async () => {
    const { attempt } = await attemptOn(kind);
    expect(attempt.status).toBe("created");
    const [request] = await db
      .select()
      .from(providerRequests)
      .where(eq(providerRequests.attemptId, attempt.id));
    for (const [field, pattern] of [
      ["qrContent", kit.request.qr],
      ["redirectUrl", kit.request.redirect],
      ["providerRef", kit.request.ref],
    ] as const) {
      if (pattern) expect(request![field]).toMatch(pattern);
      else expect(request![field]).toBeNull();
    }
    expect(fake.refusedCalls).toEqual([]);
    // The customer's pay page offers what the provider gave.
    const { view } = await loadPayView(db, attempt.token);
    expect(view).toMatchObject({
      providerQr: request!.qrContent,
      providerUrl: request!.redirectUrl,
    });
  });

  it("applies a valid notification once, answering byte-exactly; a repeat changes nothing", async () => {
    const { order, attempt } = await attemptOn(kind);
    await giveCustomerEmail(db, order.id);
    const delivery = kit.valid(attempt);
    const res = await post(kind, delivery);
    expect(res.status).toBe(kit.accepted.status);
    expect(await res.text()).toBe(kit.accepted.body);
    const paid = await orderState(db, order.id);
    expect(paid.order.status).toBe("paid");
    expect(paid.attempts[0]).toMatchObject({ status: "succeeded", amountMismatch: false });
    expect(paid.attempts[0]!.providerTxnId).toBeTruthy();
    expect(paid.outbox).toHaveLength(1);

    const again = await post(kind, delivery);
    expect(again.status).toBe(kit.accepted.status);
    expect(await again.text()).toBe(kit.accepted.body);
    const after = await orderState(db, order.id);
    expect(after.audit).toHaveLength(paid.audit.length);
    expect(after.outbox).toHaveLength(1);
    expect(after.notifications.map((n) => n.outcome)).toEqual(["applied"]);
  });

  it("refuses a tampered body and records it", async () => {
    const { order, attempt } = await attemptOn(kind);
    const tampered = kit.tamper(kit.valid(attempt));
    expect(tampered.rawBody).not.toBe(kit.valid(attempt).rawBody);
    await expectRejected(kind, await post(kind, tampered), order.id);
    expect(await lastInbox(kind)).toMatchObject({ outcome: "rejected", eventId: null });
  });

  it("refuses a notification signed with another key", async () => {
    const { order, attempt } = await attemptOn(kind);
    await expectRejected(kind, await post(kind, kit.wrongKey(attempt)), order.id);
  });

  it("refuses a genuine notification for another app or merchant account", async () => {
    const { order, attempt } = await attemptOn(kind);
    await expectRejected(kind, await post(kind, kit.otherAccount(attempt)), order.id);
  });

  it.runIf(kit.stale !== null)("refuses a genuine notification older than 5 minutes", async () => {
    const { order, attempt } = await attemptOn(kind);
    await expectRejected(kind, await post(kind, kit.stale!(attempt)), order.id);
    expect((await lastInbox(kind)).detail).toMatch(/stale/);
  });

  it("flags a wrong amount with an alert and pays nothing", async () => {
    const { order, attempt } = await attemptOn(kind);
    const res = await post(kind, kit.wrongAmount(attempt));
    // Genuine, so acknowledged (a retry would say the same); never counted as paid.
    expect(res.status).toBe(kit.accepted.status);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("pending");
    expect(state.attempts[0]).toMatchObject({ status: "created", amountMismatch: true });
    expect(state.alerts.map((a) => a.kind)).toEqual(["amount_mismatch"]);
    expect(state.notifications.map((n) => n.outcome)).toEqual(["mismatch"]);
  });

  it("fails the attempt with the provider's raw code when it refuses the request", async () => {
    fake.refuseNext = { code: "SOME_NEW_CODE", message: "refused for the test" };
    const { order } = await attemptOn(kind);
    const state = await orderState(db, order.id);
    expect(state.attempts[0]).toMatchObject({
      status: "failed",
      failureCode: "SOME_NEW_CODE",
      failureMessage: "refused for the test",
      failureReason: "provider_error",
    });
  });
});

describe.each(providerKinds)("%s refund request", (kind) => {
  // WeChat Pay answers PROCESSING and confirms by REFUND.SUCCESS notification later.
  const expected = {
    alipay: "succeeded",
    wechat_pay: "pending",
    paypal: "succeeded",
    stripe: "succeeded",
  }[kind];

  it(`is signed as the provider expects and read (${expected}); a refusal keeps its raw code`, async () => {
    const { order, attempt } = await attemptOn(kind);
    fake.markPaid(attempt.token);
    await post(kind, kits[kind].valid(attempt));
    const paid = (await orderState(db, order.id)).attempts[0]!;
    const [request] = await db
      .select()
      .from(providerRequests)
      .where(eq(providerRequests.attemptId, attempt.id));
    const method = (await loadMethodContext(db, methods[kind], testEncryptionKey))!.context;
    const refund = (refundId: string) =>
      connectorFor(kind)!.requestRefund(
        method,
        {
          attemptToken: attempt.token,
          providerRef: request!.providerRef,
          providerTxnId: paid.providerTxnId!,
          amountMinor: attempt.amountMinor,
          currency: attempt.currency,
          refundId,
          refundMinor: 1000n,
          reason: "customer returned the item",
        },
        { db, fetch, now: () => new Date() },
      );
    const done = await refund("RF-1");
    expect(done).toMatchObject({ status: expected, failureCode: null });
    expect(done.providerRefundId).toBeTruthy();
    expect(fake.refusedCalls).toEqual([]);

    fake.refuseNext = { code: "REFUND_REFUSED_FOR_TEST", message: "not today" };
    expect(await refund("RF-2")).toEqual({
      status: "failed",
      providerRefundId: null,
      failureCode: "REFUND_REFUSED_FOR_TEST",
      failureMessage: "not today",
      settledAt: null,
    });
  });
});

describe("failure notifications keep the raw code and map the reason", () => {
  it("alipay TRADE_CLOSED → expired", async () => {
    const { order, attempt } = await attemptOn("alipay");
    const res = await post("alipay", fake.alipayNotification(attempt, { status: "TRADE_CLOSED" }));
    expect(await res.text()).toBe("success");
    expect((await orderState(db, order.id)).attempts[0]).toMatchObject({
      status: "failed",
      failureCode: "TRADE_CLOSED",
      failureReason: "expired",
    });
  });

  it("paypal PAYMENT.CAPTURE.DENIED by risk filters → risk_declined", async () => {
    const { order, attempt } = await attemptOn("paypal");
    const d = fake.paypalNotification(attempt, {
      eventType: "PAYMENT.CAPTURE.DENIED",
      status: "DECLINED",
      reason: "DECLINED_BY_RISK_FRAUD_FILTERS",
    });
    expect((await post("paypal", d)).status).toBe(200);
    expect((await orderState(db, order.id)).attempts[0]).toMatchObject({
      status: "failed",
      failureCode: "DECLINED_BY_RISK_FRAUD_FILTERS",
      failureReason: "risk_declined",
    });
  });

  it("stripe payment_failed with a decline code → the decline code's reason, both codes kept", async () => {
    const { order, attempt } = await attemptOn("stripe");
    const d = fake.stripeNotification(attempt, {
      type: "payment_intent.payment_failed",
      failure: {
        code: "card_declined",
        decline_code: "insufficient_funds",
        message: "Your card has insufficient funds.",
      },
    });
    expect((await post("stripe", d)).status).toBe(200);
    expect((await orderState(db, order.id)).attempts[0]).toMatchObject({
      status: "failed",
      failureCode: "card_declined/insufficient_funds",
      failureMessage: "Your card has insufficient funds.",
      failureReason: "insufficient_funds",
    });
  });

  it("stripe: a card declined, then another card on the same PaymentIntent pays the order", async () => {
    // After a decline the PaymentIntent goes back to requires_payment_method and the Payment
    // Element lets the customer try another card on it: Stripe's success comes after its failure.
    const { order, attempt } = await attemptOn("stripe");
    const declined = fake.stripeNotification(attempt, {
      type: "payment_intent.payment_failed",
      failure: { code: "card_declined", decline_code: "generic_decline", message: "Declined." },
    });
    expect((await post("stripe", declined)).status).toBe(200);
    expect((await post("stripe", fake.stripeNotification(attempt))).status).toBe(200);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts[0]).toMatchObject({ status: "succeeded", failureCode: null });
    expect(state.actions.filter((a) => a === "attempt.succeed")).toHaveLength(1);
    const failures = await db
      .select()
      .from(paymentFailures)
      .where(eq(paymentFailures.orderId, order.id));
    // The decline stays on the failure log, recovered by the payment that followed it.
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ kind: "failed", recoveredAttemptId: attempt.id });
  });

  it("alipay: a success after TRADE_CLOSED pays the order (the money moved)", async () => {
    const { order, attempt } = await attemptOn("alipay");
    await post("alipay", fake.alipayNotification(attempt, { status: "TRADE_CLOSED" }));
    expect(await (await post("alipay", fake.alipayNotification(attempt))).text()).toBe("success");
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts[0]!.status).toBe("succeeded");
  });
});

describe("genuine notifications that are not payment results", () => {
  it("a WeChat Pay refund notification naming no refund of ours is recorded, acknowledged and told to the owner, changing no payment", async () => {
    const { order, attempt } = await attemptOn("wechat_pay");
    const d = fake.wechatNotification(attempt, {
      eventType: "REFUND.SUCCESS",
      resource: {
        out_refund_no: "RF-1",
        refund_id: "50000000382019052709732678859",
        refund_status: "SUCCESS",
        amount: { total: 2350, refund: 2350, payer_total: 2350, payer_refund: 2350 },
      },
    });
    const res = await post("wechat_pay", d);
    expect(res.status).toBe(204);
    const inbox = await lastInbox("wechat_pay");
    expect(inbox).toMatchObject({ outcome: "ignored" });
    expect(inbox.detail).toBe("not a refund made in Hexiao: owner alerted");
    const state = await orderState(db, order.id);
    expect(state.attempts[0]!.status).toBe("created");
    expect(state.alerts).toMatchObject([
      { kind: "refund_outside_hexiao", details: { amountMinor: "2350", currency: "CNY" } },
    ]);
  });

  it("a Stripe payment that is not one of our requests is acknowledged and changes nothing", async () => {
    const { order, attempt } = await attemptOn("stripe");
    const res = await post("stripe", fake.stripeNotification(attempt, { foreign: true }));
    expect(res.status).toBe(200);
    expect((await lastInbox("stripe")).detail).toBe(
      "not a payment event: payment_intent.succeeded without metadata.attempt_token",
    );
    expect((await orderState(db, order.id)).attempts[0]!.status).toBe("created");
  });

  it("an unknown Stripe event type is acknowledged so Stripe stops retrying", async () => {
    const { attempt } = await attemptOn("stripe");
    const res = await post(
      "stripe",
      fake.stripeNotification(attempt, { type: "customer.created" }),
    );
    expect(res.status).toBe(200);
    expect((await lastInbox("stripe")).detail).toBe("not a payment event: customer.created");
  });

  it("no alert was raised by any refused delivery above", async () => {
    const rows = await db.select({ kind: alerts.kind }).from(alerts);
    // (Besides the refund made outside Hexiao, told above.)
    expect(
      rows.every((r) => r.kind === "amount_mismatch" || r.kind === "refund_outside_hexiao"),
    ).toBe(true);
    const succeeded = await db
      .select({ id: paymentAttempts.id })
      .from(paymentAttempts)
      .where(eq(paymentAttempts.amountMismatch, true));
    expect(succeeded.length).toBe(4);
  });
});

import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  alerts,
  merchants,
  notifications,
  paymentAttempts,
  reconDifferences,
  refunds,
} from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import {
  currencyOf,
  FakeProviders,
  providerKinds,
  type Delivery,
  type ProviderKind,
} from "@/test/fake-providers";
import { testEncryptionKey } from "@/test/fixtures";
import {
  actorOf,
  orderState,
  postNotification,
  requestOn,
  seedPayments,
  type PaymentsSeed,
} from "@/test/payments";
import { jsonStatementReader, sourceOf, statementFile } from "@/test/statement-import";
import { waitingAtEdges } from "@/server/reconciliation/edge-waiting.service";
import { importStatement } from "@/server/reconciliation/statement-import.service";
import { localDate } from "@/server/time/local-date.logic";
import { queryOpenRefunds, type RefundDeps } from "./refund-provider.service";
import { approveRefund, requestRefund, type RefundActor } from "./refund.service";

/*
 * Refunds through each real connector, end to end against the local fake providers: our
 * services ask (signed as each provider specifies, checked by the fake), the provider's
 * signed notification goes through the inbox, and the active query settles what no
 * notification did. The fake counts the money it gave back per payment.
 */

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
const fake = new FakeProviders();
let methods: Record<ProviderKind, string>;
const deps: RefundDeps = { key: testEncryptionKey, publicUrl: "http://127.0.0.1:3000" };
/**
 * The active query, now: every open refund made due. (Not a clock moved on: the providers
 * sign their answers with the real time, and WeChat Pay's are checked to be fresh.)
 */
async function queryNow() {
  await db
    .update(refunds)
    .set({ nextQueryAt: new Date(Date.now() - 1000) })
    .where(inArray(refunds.status, ["requested", "pending"]));
  return queryOpenRefunds(db, deps);
}

beforeAll(async () => {
  seed = await seedPayments(db, "Refund providers");
  await fake.start();
  methods = await fake.methods(db, seed);
});
afterAll(async () => {
  await fake.stop();
});
afterEach(() => {
  fake.refundsPending = false;
  fake.dropNextRefundAnswer = false;
  fake.clock = () => new Date();
  // Every call we made was signed as the provider specifies: the fake refused none.
  expect(fake.refusedCalls).toEqual([]);
});

/** The provider's clock `minutes` behind ours, to the whole second. */
const providerClock = (minutes: number) =>
  new Date(Math.floor(Date.now() / 1000) * 1000 - minutes * 60_000);

const who = (role: "manager" | "staff"): RefundActor => ({
  actor: actorOf(seed.people[role]),
  role,
});

type Attempt = { token: string; amountMinor: bigint; currency: string };

const paymentNotice: Record<ProviderKind, (a: Attempt) => Delivery> = {
  alipay: (a) => fake.alipayNotification(a),
  wechat_pay: (a) => fake.wechatNotification(a),
  paypal: (a) => fake.paypalNotification(a),
  stripe: (a) => fake.stripeNotification(a),
};

/**
 * Each provider's refund notification for the refund under `key`. Alipay documents none of
 * its own for alipay.trade.refund (only the trade's re-notification): its refunds settle by
 * the synchronous answer and alipay.trade.fastpay.refund.query.
 */
const refundNotice: Record<
  ProviderKind,
  ((key: string, o?: { amountMinor?: bigint }) => Delivery) | null
> = {
  alipay: null,
  wechat_pay: (key, o) => fake.wechatRefundNotification(key, o),
  paypal: (key, o) => fake.paypalRefundNotification(key, o),
  stripe: (key, o) => fake.stripeRefundEvent(key, o),
};

/** One signed byte changed, as an attacker on the wire would. */
const tamper: Record<ProviderKind, (d: Delivery) => Delivery> = {
  alipay: (d) => d,
  wechat_pay: (d) => ({ ...d, rawBody: d.rawBody.replace("16:29:35", "16:29:36") }),
  paypal: (d) => ({
    ...d,
    rawBody: d.rawBody.replace('"resource_version":"2.0"', '"resource_version":"2.1"'),
  }),
  stripe: (d) => ({
    ...d,
    rawBody: d.rawBody.replace('"pending_webhooks":1', '"pending_webhooks":2'),
  }),
};

/** How each provider is asked about one refund (its refund query API), as the fake logs it. */
function asked(kind: ProviderKind, refund: { id: string; providerRefundId: string | null }) {
  switch (kind) {
    case "alipay":
      return fake.alipay.calls.filter((m) => m === "alipay.trade.fastpay.refund.query").length;
    case "wechat_pay":
      return fake.calls.filter((c) => c === `GET /wechat/v3/refund/domestic/refunds/${refund.id}`)
        .length;
    case "paypal":
      return fake.calls.filter(
        (c) => c === `GET /paypal/v2/payments/refunds/${refund.providerRefundId}`,
      ).length;
    case "stripe":
      return fake.calls.filter((c) => c === `GET /stripe/v1/refunds/${refund.providerRefundId}`)
        .length;
  }
}

/** An order paid on `kind`'s method: the customer paid in the wallet, its notification applied. */
async function paidOn(kind: ProviderKind, amountMinor: bigint) {
  const { order, attempt } = await requestOn(
    db,
    seed,
    methods[kind],
    currencyOf(kind),
    amountMinor,
  );
  fake.markPaid(attempt.token);
  const res = await postNotification(db, methods[kind], paymentNotice[kind](attempt), kind);
  expect(res.ok).toBe(true);
  expect((await orderState(db, order.id)).order.status).toBe("paid");
  return { order, attempt };
}

const refundOf = (orderId: string, amountMinor: bigint, role: "manager" | "staff" = "manager") =>
  requestRefund(
    db,
    who(role),
    seed.merchant.id,
    { orderId, amountMinor, reason: "customer_request" },
    deps,
  );

const stored = async (id: string) =>
  (await db.select().from(refunds).where(eq(refunds.id, id)))[0]!;
const refundedOf = async (attemptId: string) =>
  (await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId)))[0]!
    .refundedMinor;
const post = (kind: ProviderKind, d: Delivery) => postNotification(db, methods[kind], d, kind);

describe.each(providerKinds)(`%s refunds end to end (${engine})`, (kind) => {
  const notice = refundNotice[kind];

  it("asks once under our refund id, signed; its notification applies once, a tampered one never", async () => {
    fake.refundsPending = true;
    const { order, attempt } = await paidOn(kind, 2000n);
    // A cashier asks, a manager approves: then it goes to the provider.
    const asking = await refundOf(order.id, 500n, "staff");
    expect(asking.status).toBe("awaiting_approval");
    const refund = await approveRefund(
      db,
      who("manager"),
      seed.merchant.id,
      { refundId: asking.id },
      deps,
    );
    expect(refund.status).toBe("pending");
    // The provider holds one refund, under our refund id as its idempotency key.
    expect(fake.findRefund(refund.id)).toMatchObject({
      amountMinor: 500n,
      payment: { token: attempt.token },
    });
    expect(fake.refundedMinor(attempt.token)).toBe(500n);
    if (kind === "wechat_pay")
      // WeChat Pay posts REFUND.* to the notify_url of the request: this method's webhook.
      expect(fake.wechat.refundNotifyUrls.get(refund.id)).toBe(
        `http://127.0.0.1:3000/api/webhooks/wechat_pay/${methods.wechat_pay}`,
      );
    fake.settleRefund(refund.id);

    if (!notice) {
      // Alipay: the trade's re-notification after a refund is genuine but settles nothing.
      const res = await post(
        kind,
        fake.alipayNotification(attempt, {
          extra: { out_biz_no: refund.id, refund_fee: "5.00", gmt_refund: "2026-12-02 20:00:00" },
        }),
      );
      expect(await res.text()).toBe("success");
      expect((await stored(refund.id)).status).toBe("pending");
      // Its refund query does.
      await queryNow();
    } else {
      const tampered = tamper[kind](notice(refund.id));
      expect(tampered.rawBody).not.toBe(notice(refund.id).rawBody);
      expect((await post(kind, tampered)).status).toBe(400);
      expect((await stored(refund.id)).status).toBe("pending");

      const delivery = notice(refund.id);
      expect((await post(kind, delivery)).ok).toBe(true);
      const once = await orderState(db, order.id);
      // The same delivery again: acknowledged, nothing changes.
      expect((await post(kind, delivery)).ok).toBe(true);
      const twice = await orderState(db, order.id);
      expect(twice.audit).toHaveLength(once.audit.length);
      const inbox = await db
        .select({ outcome: notifications.outcome })
        .from(notifications)
        .where(
          and(eq(notifications.methodId, methods[kind]), eq(notifications.attemptId, attempt.id)),
        );
      // The payment's notification, then the refund's, each once.
      expect(inbox.map((n) => n.outcome)).toEqual(["applied", "applied"]);
    }
    expect(await stored(refund.id)).toMatchObject({ status: "succeeded" });
    expect((await orderState(db, order.id)).order.status).toBe("partially_refunded");
    expect(await refundedOf(attempt.id)).toBe(500n);
    expect(fake.refundedMinor(attempt.token)).toBe(500n);
  });

  it("a time-out leaves the refund pending; asking again does not refund twice", async () => {
    fake.dropNextRefundAnswer = true;
    const { order, attempt } = await paidOn(kind, 1000n);
    const refund = await refundOf(order.id, 1000n);
    // The provider refunded, but its answer never came: the money may have moved.
    expect(refund).toMatchObject({ status: "pending", providerRefundId: null });
    expect(fake.refundedMinor(attempt.token)).toBe(1000n);
    fake.settleRefund(refund.id);

    await queryNow();
    expect((await stored(refund.id)).status).toBe("succeeded");
    expect((await orderState(db, order.id)).order.status).toBe("refunded");
    // Asked twice under the same key; refunded once.
    expect(fake.refundRequests.filter((k) => k === refund.id)).toHaveLength(2);
    expect(fake.refundsOf(attempt.token)).toHaveLength(1);
    expect(fake.refundedMinor(attempt.token)).toBe(1000n);
  });

  it.runIf(notice !== null)(
    "a refund whose answer was lost is found by our refund id in its notification",
    async () => {
      fake.dropNextRefundAnswer = true;
      const { order, attempt } = await paidOn(kind, 700n);
      const refund = await refundOf(order.id, 300n);
      // No provider refund id known: only our id (out_refund_no, invoice_id,
      // metadata.refund_id) in the notification names the refund.
      expect(refund).toMatchObject({ status: "pending", providerRefundId: null });
      fake.settleRefund(refund.id);
      expect((await post(kind, notice!(refund.id))).ok).toBe(true);
      expect(await stored(refund.id)).toMatchObject({
        status: "succeeded",
        providerRefundId: fake.findRefund(refund.id)!.id,
      });
      expect(fake.refundedMinor(attempt.token)).toBe(300n);
    },
  );

  it("the active query settles a refund whose notification never came", async () => {
    fake.refundsPending = true;
    const { order, attempt } = await paidOn(kind, 1500n);
    const refund = await refundOf(order.id, 600n);
    expect(refund.status).toBe("pending");
    // Still processing at the provider: the query leaves it pending.
    await queryNow();
    expect((await stored(refund.id)).status).toBe("pending");

    fake.settleRefund(refund.id);
    const before = asked(kind, await stored(refund.id));
    await queryNow();
    expect(asked(kind, await stored(refund.id))).toBeGreaterThan(before);
    expect((await stored(refund.id)).status).toBe("succeeded");
    expect((await orderState(db, order.id)).order.status).toBe("partially_refunded");
    expect(fake.refundedMinor(attempt.token)).toBe(600n);
  });

  it.runIf(notice !== null)(
    "a notification naming another amount is flagged and not applied; the query settles it",
    async () => {
      fake.refundsPending = true;
      const { order, attempt } = await paidOn(kind, 1000n);
      const refund = await refundOf(order.id, 400n);
      fake.settleRefund(refund.id);
      const res = await post(kind, notice!(refund.id, { amountMinor: 1000n }));
      // Genuine, so acknowledged (a retry would say the same); never counted as refunded.
      expect(res.ok).toBe(true);
      expect((await stored(refund.id)).status).toBe("pending");
      const state = await orderState(db, order.id);
      expect(state.order.status).toBe("paid");
      expect(state.notifications.map((n) => n.outcome)).toEqual(["applied", "mismatch"]);
      const flagged = await db.select().from(alerts).where(eq(alerts.entityId, order.id));
      expect(flagged.map((a) => a.kind)).toEqual(["amount_mismatch"]);

      await queryNow();
      expect((await stored(refund.id)).status).toBe("succeeded");
      expect(await refundedOf(attempt.id)).toBe(400n);
    },
  );

  it("stores the provider's own time of the refund, not ours, whichever way it is told", async () => {
    // The provider's clock, minutes behind the moments we apply its word (whole seconds: some
    // providers write no fractions). Asked at one time, done at a later one.
    const asked = providerClock(41);
    const done = providerClock(33);
    fake.clock = () => asked;
    /** A refund settled by `settle`, and the time the provider dates it. */
    const settledBy = async (settle: (refund: { id: string }) => Promise<unknown>) => {
      fake.refundsPending = true;
      const { order } = await paidOn(kind, 900n);
      const refund = await refundOf(order.id, 300n);
      expect(refund.status).toBe("pending");
      fake.clock = () => done;
      fake.settleRefund(refund.id);
      fake.clock = () => asked;
      await settle(refund);
      return stored(refund.id);
    };
    // Stripe dates a refund by its creation, as its balance transaction (the report's line)
    // does; the others by when the money went back.
    const providerTime = kind === "stripe" ? asked : done;

    // Its query API.
    expect((await settledBy(() => queryNow())).succeededAt).toEqual(providerTime);
    // Its notification.
    if (notice)
      expect(
        (await settledBy(async (r) => expect((await post(kind, notice(r.id))).ok).toBe(true)))
          .succeededAt,
      ).toEqual(providerTime);
    // Its answer to the request itself, done at once (WeChat Pay always answers PROCESSING).
    if (kind !== "wechat_pay") {
      fake.refundsPending = false;
      const { order } = await paidOn(kind, 500n);
      const refund = await refundOf(order.id, 500n);
      expect(await stored(refund.id)).toMatchObject({ status: "succeeded", succeededAt: asked });
    }
  });

  it.runIf(kind !== "alipay")(
    "a refund the provider closes fails and frees its amount",
    async () => {
      fake.refundsPending = true;
      const { order, attempt } = await paidOn(kind, 800n);
      const refund = await refundOf(order.id, 800n);
      fake.settleRefund(refund.id, "failed");
      await queryNow();
      expect(await stored(refund.id)).toMatchObject({ status: "failed" });
      expect(await refundedOf(attempt.id)).toBe(0n);
      expect((await orderState(db, order.id)).order.status).toBe("paid");
    },
  );
});

describe(`refund notifications that settle nothing (${engine})`, () => {
  it("WeChat Pay REFUND.ABNORMAL keeps the refund pending (the merchant must act)", async () => {
    const { order } = await paidOn("wechat_pay", 900n);
    const refund = await refundOf(order.id, 900n);
    const res = await post(
      "wechat_pay",
      fake.wechatRefundNotification(refund.id, { eventType: "REFUND.ABNORMAL" }),
    );
    expect(res.status).toBe(204);
    expect((await stored(refund.id)).status).toBe("pending");
    const closed = await post(
      "wechat_pay",
      fake.wechatRefundNotification(refund.id, { eventType: "REFUND.CLOSED" }),
    );
    expect(closed.status).toBe(204);
    expect((await stored(refund.id)).status).toBe("failed");
  });

  it("Stripe charge.refunded names no refund: acknowledged, refund.updated settles it", async () => {
    fake.refundsPending = true;
    const { order } = await paidOn("stripe", 1200n);
    const refund = await refundOf(order.id, 200n);
    fake.settleRefund(refund.id);
    const charge = await post(
      "stripe",
      fake.stripeRefundEvent(refund.id, { type: "charge.refunded" }),
    );
    expect(charge.status).toBe(200);
    expect((await stored(refund.id)).status).toBe("pending");
    await post("stripe", fake.stripeRefundEvent(refund.id));
    expect((await stored(refund.id)).status).toBe("succeeded");
  });
});

describe(`reconciliation judges a refund at the provider's time (${engine})`, () => {
  it("a refund done minutes before a statement begins waits at its edge, never missing from it", async () => {
    // WeChat Pay did the refund at `done`; our query applied it half an hour later.
    const done = providerClock(30);
    fake.clock = () => done;
    fake.refundsPending = true;
    const { order } = await paidOn("wechat_pay", 1200n);
    const refund = await refundOf(order.id, 200n);
    fake.settleRefund(refund.id);
    await queryNow();
    expect(await stored(refund.id)).toMatchObject({ status: "succeeded", succeededAt: done });

    // The next statement begins 3 minutes after it and does not list it (the one before does):
    // by our clock the refund would be well inside it, and reported missing there.
    const from = new Date(done.getTime() + 3 * 60_000);
    await importStatement(
      db,
      seed.manager,
      seed.merchant.id,
      {
        methodId: methods.wechat_pay,
        fileName: "next.json",
        source: "upload",
        file: sourceOf(
          statementFile([], { from, to: new Date(from.getTime() + 86_400_000) }, refund.id),
        ),
      },
      undefined,
      jsonStatementReader,
    );
    const reported = await db
      .select({ kind: reconDifferences.kind, status: reconDifferences.status })
      .from(reconDifferences)
      .where(eq(reconDifferences.refundId, refund.id));
    expect(reported).toEqual([]);
    const [shop] = await db
      .select({ timeZone: merchants.timeZone })
      .from(merchants)
      .where(eq(merchants.id, seed.merchant.id));
    const day = localDate(done, shop!.timeZone);
    const waiting = await waitingAtEdges(
      db,
      seed.merchant.id,
      shop!.timeZone,
      { from: day, to: localDate(from, shop!.timeZone) },
      methods.wechat_pay,
    );
    expect(waiting.filter((w) => w.id === refund.id)).toEqual([
      expect.objectContaining({ kind: "refund", at: done, day }),
    ]);
  });
});

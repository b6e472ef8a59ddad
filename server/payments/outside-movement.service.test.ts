import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alerts, notifications, outsideRefunds, refunds } from "@/db/schema";
import { knownMigrations } from "@/db/migration-level";
import { engine, openTestDatabase, setupTestDatabase } from "@/test/db";
import { lendTodaysColumns } from "@/test/older-schema";
import { currencyOf, FakeProviders, type Delivery, type ProviderKind } from "@/test/fake-providers";
import { testEncryptionKey } from "@/test/fixtures";
import {
  actorOf,
  orderState,
  postNotification,
  requestOn,
  seedPayments,
  type PaymentsSeed,
} from "@/test/payments";
import { requestRefund } from "@/server/refunds/refund.service";
import { applyRefundedTotal } from "./outside-movement.service";

/*
 * Money moved at the provider that Hexiao did not ask for — a refund made in the provider's
 * own console, a payment to a reference we hold no request for — is told to the owner at once
 * by one alert per event, never recorded as a refund or payment of ours; what belongs to
 * another merchant's method raises nothing.
 */

const { db } = setupTestDatabase();
const fake = new FakeProviders();
let seed: PaymentsSeed;
let other: PaymentsSeed;
let methods: Record<ProviderKind, string>;

beforeAll(async () => {
  seed = await seedPayments(db, "Outside money");
  other = await seedPayments(db, "Outside money, other shop");
  await fake.start();
  methods = await fake.methods(db, seed);
});
afterAll(async () => {
  await fake.stop();
});

const paymentNotice: Record<ProviderKind, (a: Attempt) => Delivery> = {
  alipay: (a) => fake.alipayNotification(a),
  wechat_pay: (a) => fake.wechatNotification(a),
  paypal: (a) => fake.paypalNotification(a),
  stripe: (a) => fake.stripeNotification(a),
};
type Attempt = { token: string; amountMinor: bigint; currency: string };

/** The provider's notification of the refunds of a payment, as each sends it after a refund. */
function refundNotice(kind: ProviderKind, attempt: Attempt, key: string): Delivery {
  switch (kind) {
    case "alipay":
      // The trade re-notified with its cumulative refund_fee (no refund notification of its own).
      return fake.alipayNotification(attempt, {
        extra: {
          out_biz_no: key,
          refund_fee: (Number(fake.refundedMinor(attempt.token)) / 100).toFixed(2),
          gmt_refund: "2026-12-06 20:00:00",
        },
      });
    case "wechat_pay":
      return fake.wechatRefundNotification(key);
    case "paypal":
      return fake.paypalRefundNotification(key);
    case "stripe":
      // A Dashboard refund carries no metadata of ours: only the charge's total tells of it.
      return fake.stripeRefundEvent(key, { type: "charge.refunded" });
  }
}

async function paidOn(kind: ProviderKind, amountMinor: bigint, methodId = methods[kind]) {
  const { order, attempt } = await requestOn(db, seed, methodId, currencyOf(kind), amountMinor);
  fake.markPaid(attempt.token);
  const res = await postNotification(db, methodId, paymentNotice[kind](attempt), kind);
  expect(res.ok).toBe(true);
  return { order, attempt };
}

const alertsOf = (kind: string, entityId: string) =>
  db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.merchantId, seed.merchant.id),
        eq(alerts.kind, kind),
        eq(alerts.entityId, entityId),
      ),
    );

const kinds = ["alipay", "wechat_pay", "paypal", "stripe"] as const;

describe.each(kinds)(`money moved outside Hexiao on %s (${engine})`, (kind) => {
  it("a refund made in the provider's console raises one alert on its order, and no refund", async () => {
    const { order, attempt } = await paidOn(kind, 3000n);
    const made = fake.refundInConsole(attempt.token, 700n);
    const delivery = refundNotice(kind, attempt, made.key);
    const res = await postNotification(db, methods[kind], delivery, kind);
    expect(res.ok).toBe(true);
    const raised = await alertsOf("refund_outside_hexiao", order.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.entityType).toBe("order");
    expect(raised[0]!.details).toMatchObject({
      amountMinor: "700",
      currency: currencyOf(kind),
      reference: attempt.token,
      orderNumber: order.number,
      methodLabel: `${kind} test`,
    });
    // Never recorded as a refund of ours: the order stays paid, no refund row.
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(await db.select().from(refunds).where(eq(refunds.orderId, order.id))).toEqual([]);
    // Written down as a refund made outside, on the payment it refunded.
    const outside = () =>
      db.select().from(outsideRefunds).where(eq(outsideRefunds.attemptId, attempt.id));
    expect(await outside()).toMatchObject([
      { amountMinor: 700n, currency: currencyOf(kind), merchantId: seed.merchant.id },
    ]);
    // The provider delivers the same event again: stored once, told once.
    await postNotification(db, methods[kind], delivery, kind);
    expect(await alertsOf("refund_outside_hexiao", order.id)).toHaveLength(1);
    expect(await outside()).toHaveLength(1);
  });

  it("a refund made in Hexiao raises none", async () => {
    const { order, attempt } = await paidOn(kind, 2000n);
    const refund = await requestRefund(
      db,
      { actor: actorOf(seed.people.manager), role: "manager" },
      seed.merchant.id,
      { orderId: order.id, amountMinor: 500n, reason: "customer_request" },
      { key: testEncryptionKey, publicUrl: "http://127.0.0.1:3000" },
    );
    const res = await postNotification(
      db,
      methods[kind],
      refundNotice(kind, attempt, refund.id),
      kind,
    );
    expect(res.ok).toBe(true);
    expect(await alertsOf("refund_outside_hexiao", order.id)).toEqual([]);
    // A console refund after it: only its own amount is news.
    if (kind === "alipay" || kind === "stripe") {
      const made = fake.refundInConsole(attempt.token, 300n);
      await postNotification(db, methods[kind], refundNotice(kind, attempt, made.key), kind);
      const raised = await alertsOf("refund_outside_hexiao", order.id);
      expect(raised.map((a) => a.details)).toMatchObject([{ amountMinor: "300" }]);
      // Our next refund re-notifies the same total plus ours: nothing new to tell.
      const next = await requestRefund(
        db,
        { actor: actorOf(seed.people.manager), role: "manager" },
        seed.merchant.id,
        { orderId: order.id, amountMinor: 100n, reason: "customer_request" },
        { key: testEncryptionKey, publicUrl: "http://127.0.0.1:3000" },
      );
      await postNotification(db, methods[kind], refundNotice(kind, attempt, next.id), kind);
      expect(await alertsOf("refund_outside_hexiao", order.id)).toHaveLength(1);
    }
  });

  it("a refund of another merchant's payment, delivered to this method, raises none", async () => {
    const theirs = (await fake.method(db, other, kind)).id;
    const { order, attempt } = await requestOn(db, other, theirs, currencyOf(kind), 1500n);
    fake.markPaid(attempt.token);
    await postNotification(db, theirs, paymentNotice[kind](attempt), kind);
    const made = fake.refundInConsole(attempt.token, 500n);
    const res = await postNotification(
      db,
      methods[kind],
      refundNotice(kind, attempt, made.key),
      kind,
    );
    expect(res.ok).toBe(true);
    expect(
      await db.select().from(alerts).where(eq(alerts.kind, "refund_outside_hexiao")),
    ).not.toContainEqual(expect.objectContaining({ entityId: order.id }));
    // Stored as ignored: not this merchant's money.
    const inbox = await db
      .select({ outcome: notifications.outcome, detail: notifications.detail })
      .from(notifications)
      .where(eq(notifications.methodId, methods[kind]));
    // (PayPal's console refund names only its capture, which is not among this method's.)
    expect(inbox).toContainEqual({
      outcome: "ignored",
      detail:
        kind === "paypal"
          ? "a refund of a payment Hexiao did not take"
          : "a refund of another method's payment",
    });
  });
});

describe(`a payment Hexiao did not ask for (${engine})`, () => {
  it("a success to a reference with no payment request raises one alert; a replay none", async () => {
    const token = `pay_${randomBytes(10).toString("hex")}`;
    fake.newPayment(token, 4200n, "CNY", "4200");
    fake.markPaid(token);
    const delivery = fake.wechatNotification({ token, amountMinor: 4200n });
    expect((await postNotification(db, methods.wechat_pay, delivery, "wechat_pay")).ok).toBe(true);
    await postNotification(db, methods.wechat_pay, delivery, "wechat_pay");
    const raised = await alertsOf("payment_outside_hexiao", methods.wechat_pay);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.entityType).toBe("payment_method");
    expect(raised[0]!.details).toMatchObject({
      amountMinor: "4200",
      currency: "CNY",
      reference: token,
    });
  });

  it("another merchant's payment delivered to this method raises none", async () => {
    const theirs = (await fake.method(db, other, "stripe")).id;
    const { attempt } = await requestOn(db, other, theirs, "USD", 900n);
    fake.markPaid(attempt.token);
    const before = (await alertsOf("payment_outside_hexiao", methods.stripe)).length;
    const res = await postNotification(
      db,
      methods.stripe,
      fake.stripeNotification(attempt),
      "stripe",
    );
    expect(res.ok).toBe(true);
    expect(await alertsOf("payment_outside_hexiao", methods.stripe)).toHaveLength(before);
  });
});

describe(`a shop upgraded to the outside refunds' table (${engine})`, () => {
  it("finds the refunds its alerts told, and tells none of them again", async () => {
    const upgraded = await openTestDatabase({ migrate: false });
    try {
      const before = knownMigrations().find((m) => m.tag === "0041_amount-monthly-rollups")!;
      await upgraded.migrate(before.when);
      const todays = await lendTodaysColumns(upgraded.db);
      const shop = await seedPayments(upgraded.db, "Upgrade");
      const neighbour = await seedPayments(upgraded.db, "Upgrade, next door");
      const { order, attempt } = await requestOn(upgraded.db, shop, shop.sandbox.id, "CNY", 5000n);
      const told = (
        merchantId: string,
        where: { entityType: string; entityId: string },
        details: Record<string, unknown>,
        kind = "refund_outside_hexiao",
      ) => ({ merchantId, kind, ...where, details: { methodLabel: "Wallet", ...details } });
      await upgraded.db.insert(alerts).values([
        // As the alerts were raised before the table: on the order, or on the method when the
        // provider named a payment Hexiao did not know.
        told(
          shop.merchant.id,
          { entityType: "order", entityId: order.id },
          {
            orderNumber: order.number,
            reference: attempt.token,
            amountMinor: "1200",
            currency: "CNY",
            providerRefundId: "R-1",
          },
        ),
        told(
          shop.merchant.id,
          { entityType: "payment_method", entityId: shop.sandbox.id },
          { orderNumber: null, reference: "tok-unknown", amountMinor: "300", currency: "CNY" },
        ),
        // Not a refund; and another shop's alert naming this shop's payment reads nothing of it.
        told(
          shop.merchant.id,
          { entityType: "payment_method", entityId: shop.sandbox.id },
          { reference: "tok-paid", amountMinor: "700", currency: "CNY" },
          "payment_outside_hexiao",
        ),
        told(
          neighbour.merchant.id,
          { entityType: "order", entityId: order.id },
          { reference: attempt.token, amountMinor: "999", currency: "CNY" },
        ),
      ]);
      await todays.takeBack();

      await upgraded.migrate();
      const rows = await upgraded.db
        .select()
        .from(outsideRefunds)
        .orderBy(outsideRefunds.amountMinor);
      expect(
        rows.map((r) => [r.merchantId, r.methodId, r.attemptId, r.reference, r.amountMinor]),
      ).toEqual([
        [shop.merchant.id, shop.sandbox.id, null, "tok-unknown", 300n],
        [shop.merchant.id, shop.sandbox.id, attempt.id, attempt.token, 1200n],
      ]);
      expect(rows[1]).toMatchObject({ currency: "CNY", providerRefundId: "R-1" });

      // The provider reports the same total again after the upgrade: nothing new to tell.
      const method = { merchantId: shop.merchant.id, methodId: shop.sandbox.id };
      const again = (totalMinor: bigint) =>
        upgraded.db.transaction((tx) =>
          applyRefundedTotal(tx, method, {
            eventId: `evt-${totalMinor}`,
            attemptToken: attempt.token,
            totalMinor,
            currency: "CNY",
            providerRefundId: null,
          }),
        );
      expect((await again(1200n)).detail).not.toMatch(/alerted/);
      expect((await again(1500n)).detail).toMatch(/alerted/);
      const alerted = await upgraded.db
        .select({ details: alerts.details })
        .from(alerts)
        .where(and(eq(alerts.merchantId, shop.merchant.id), eq(alerts.entityId, order.id)));
      // The one told before the upgrade, and the 300 beyond it.
      expect(alerted.map((a) => (a.details as { amountMinor: string }).amountMinor).sort()).toEqual(
        ["1200", "300"],
      );
    } finally {
      await upgraded.close();
    }
  });
});

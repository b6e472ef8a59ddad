import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, paymentAttempts, promotionHolds, promotions } from "@/db/schema";
import { rebuildRollups } from "@/server/analytics/rollup-rebuild.service";
import type { Delivery } from "@/server/connectors/types";
import type { RefundDeps } from "@/server/refunds/refund-provider.service";
import { requestRefund } from "@/server/refunds/refund.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import {
  actorOf,
  newOrder,
  notify,
  postNotification,
  seedPayments,
  testProviders,
} from "@/test/payments";
import { rollupSnapshot } from "@/test/rollups";
import { createPromotion } from "./promotion.service";

const { db } = setupTestDatabase();

/** The discounts counted in the shop's roll-ups (paid requests' promotion cost). */
async function rolledUpDiscount(merchantId: string) {
  const { main } = await rollupSnapshot(db, merchantId);
  return main
    .map((r) => JSON.parse(r) as { discountMinor?: string | number })
    .reduce((s, r) => s + BigInt(r.discountMinor ?? 0), 0n);
}

describe(`refunding a discounted order (${engine})`, () => {
  it("gives back at most what the customer paid; the discount stays spent and counted", async () => {
    const seed = await seedPayments(db, "PromoRefund");
    const deliveries: Delivery[] = [];
    const deps: RefundDeps = { ...testProviders, deliver: (d) => deliveries.push(d) };
    const manager = { actor: actorOf(seed.people.manager), role: "manager" as const };
    const refund = (orderId: string, amountMinor: bigint) =>
      requestRefund(
        db,
        manager,
        seed.merchant.id,
        { orderId, amountMinor, reason: "customer_request" },
        deps,
      );
    /** The wallet's refund notifications, posted as its server would. */
    const deliverAll = async () => {
      for (const d of deliveries.splice(0))
        expect(
          (await postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers })).status,
        ).toBe(200);
    };

    // 15 % off 30.00: the customer pays 25.50.
    const promo = await createPromotion(db, seed.manager, seed.merchant.id, {
      name: "Wallet week",
      currency: "CNY",
      anyWallet: true,
      startsOn: "2020-01-01",
      endsOn: "2099-12-31",
      benefit: "percent_off",
      percentOffBps: 1500,
      budgetMinor: 100_000n,
    });
    const order = await newOrder(db, seed, 3000n);
    const attempt = await createAttempt(
      db,
      seed.staff,
      seed.merchant.id,
      { orderId: order.id, methodId: seed.sandbox.id },
      testProviders,
    );
    expect(attempt).toMatchObject({ amountMinor: 2550n, discountMinor: 450n });
    await notify(db, seed.sandbox.id, attempt);
    const budget = async () =>
      (await db.select().from(promotions).where(eq(promotions.id, promo.id)))[0]!;
    expect(await budget()).toMatchObject({ reservedMinor: 0n, spentMinor: 450n });

    // The order's full price is more than was paid: refused, naming what is left.
    await expectDomainError(refund(order.id, 3000n), "INVALID_STATE", "refundExceedsPaid");
    await expectDomainError(refund(order.id, 2551n), "INVALID_STATE", "refundExceedsPaid");

    await refund(order.id, 1000n);
    await deliverAll();
    const orderOf = async () => (await db.select().from(orders).where(eq(orders.id, order.id)))[0]!;
    expect((await orderOf()).status).toBe("partially_refunded");

    // The rest of what was paid makes it a full refund, though 4.50 of the price never came back.
    await refund(order.id, 1550n);
    await deliverAll();
    expect((await orderOf()).status).toBe("refunded");
    const [paid] = await db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, attempt.id));
    expect(paid).toMatchObject({ amountMinor: 2550n, refundedMinor: 2550n, discountMinor: 450n });
    await expectDomainError(refund(order.id, 1n), "INVALID_STATE", "refundExceedsPaid");

    // The discount was given: it stays spent in the budget (not returned for another customer)
    // and in the roll-ups' promotion cost, and the maintained roll-ups equal a rebuild.
    expect(await budget()).toMatchObject({ reservedMinor: 0n, spentMinor: 450n });
    expect(
      await db
        .select({ status: promotionHolds.status })
        .from(promotionHolds)
        .where(eq(promotionHolds.orderId, order.id)),
    ).toEqual([{ status: "consumed" }]);
    expect(await rolledUpDiscount(seed.merchant.id)).toBe(450n);
    const maintained = await rollupSnapshot(db, seed.merchant.id);
    await rebuildRollups(db, seed.merchant.id);
    expect(await rollupSnapshot(db, seed.merchant.id)).toEqual(maintained);
  });
});

import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  merchants,
  notifications,
  orders,
  paymentAttempts,
  paymentDailyRollups,
  paymentFailures,
  paymentMethodFees,
  paymentMethods,
  refunds,
  sandboxWalletRefunds,
  vouchers,
} from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import {
  notify,
  payableOrder,
  postNotification,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { paidVoucher } from "@/test/vouchers";
import type { Role } from "@/server/auth/roles.logic";
import type { Delivery } from "@/server/connectors/types";
import { actorOf } from "@/test/payments";
import { loadReceipt } from "@/server/vouchers/receipt.service";
import { redeemVoucher } from "@/server/vouchers/redemption.service";
import { queryOpenRefunds, type RefundDeps } from "./refund-provider.service";
import { approveRefund, refuseRefund, requestRefund, type RefundActor } from "./refund.service";
import type { RequestRefundInput } from "./refund.schema";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
const deliveries: Delivery[] = [];
const deps: RefundDeps = { ...testProviders, deliver: (d) => deliveries.push(d) };

beforeAll(async () => {
  seed = await seedPayments(db, "Refunds");
});

const who = (role: Role): RefundActor => ({ actor: actorOf(seed.people[role]), role });

/** An order paid through the sandbox wallet (its success notified, signed, applied). */
async function paidOrder(amountMinor = 1000n) {
  const { order, attempt } = await payableOrder(db, seed, amountMinor);
  const { response } = await notify(db, seed.sandbox.id, attempt);
  expect(response.status).toBe(200);
  return { order, attempt };
}

function ask(
  role: Role,
  orderId: string,
  amountMinor: bigint,
  more: Partial<RequestRefundInput> = {},
) {
  return requestRefund(
    db,
    who(role),
    seed.merchant.id,
    { orderId, amountMinor, reason: "customer_request", ...more },
    deps,
  );
}

async function setRefundOutcome(outcome: string) {
  await db
    .update(paymentMethods)
    .set({
      config: sql`${paymentMethods.config} || ${JSON.stringify({ refundOutcome: outcome })}::jsonb`,
    })
    .where(eq(paymentMethods.id, seed.sandbox.id));
}

/** Posts the wallet's notifications sent so far, as its server would; returns the responses. */
async function deliverAll() {
  const sent = deliveries.splice(0);
  const statuses: number[] = [];
  for (const d of sent) {
    const response = await postNotification(db, d.methodId, {
      rawBody: d.body,
      headers: d.headers,
    });
    statuses.push(response.status);
  }
  return { sent, statuses };
}

const stored = async (id: string) =>
  (await db.select().from(refunds).where(eq(refunds.id, id)))[0]!;
const orderOf = async (id: string) => (await db.select().from(orders).where(eq(orders.id, id)))[0]!;
const attemptOf = async (id: string) =>
  (await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, id)))[0]!;

describe(`refunds through the sandbox wallet (${engine})`, () => {
  it("a manager's full refund: processing, then its signed notification settles it, once", async () => {
    await setRefundOutcome("succeed");
    const { order, attempt } = await paidOrder(1000n);
    const refund = await ask("manager", order.id, 1000n);
    expect(refund.status).toBe("pending");
    const { sent, statuses } = await deliverAll();
    expect(sent).toHaveLength(1);
    expect(statuses).toEqual([200]);
    expect(await stored(refund.id)).toMatchObject({
      status: "succeeded",
      providerRefundId: `SBR-${refund.id}`,
      // The sandbox method charges 0.6% and returns the refunded share of it.
      feeRefundedMinor: 6n,
    });
    expect((await orderOf(order.id)).status).toBe("refunded");
    const [voucher] = await db.select().from(vouchers).where(eq(vouchers.orderId, order.id));
    expect(voucher!.status).toBe("void");
    expect((await attemptOf(attempt.id)).refundedMinor).toBe(1000n);

    // The same notification again: acknowledged, recorded once, nothing changes.
    const again = await postNotification(db, sent[0]!.methodId, {
      rawBody: sent[0]!.body,
      headers: sent[0]!.headers,
    });
    expect(again.status).toBe(200);
    const inbox = await db
      .select()
      .from(notifications)
      .where(eq(notifications.attemptId, attempt.id));
    expect(inbox.filter((n) => n.detail?.startsWith("refund"))).toHaveLength(1);
    const [day] = await db
      .select({
        refunds: paymentDailyRollups.refunds,
        refundMinor: paymentDailyRollups.refundMinor,
      })
      .from(paymentDailyRollups)
      .where(eq(paymentDailyRollups.methodId, seed.sandbox.id));
    expect(day).toMatchObject({ refunds: 1, refundMinor: 1000n });
  });

  it("a tampered notification is refused and changes nothing", async () => {
    await setRefundOutcome("succeed");
    const { order } = await paidOrder(800n);
    const refund = await ask("owner", order.id, 300n);
    const [d] = deliveries.splice(0);
    const response = await postNotification(db, d!.methodId, {
      rawBody: d!.body.replace('"amount_minor":"300"', '"amount_minor":"800"'),
      headers: d!.headers,
    });
    expect(response.status).toBe(401);
    expect((await stored(refund.id)).status).toBe("pending");
    expect((await orderOf(order.id)).status).toBe("paid");
  });

  it("a refund the wallet refuses fails, frees its amount and is in the failure log", async () => {
    await setRefundOutcome("fail");
    const { order, attempt } = await paidOrder(900n);
    const refund = await ask("manager", order.id, 400n);
    await deliverAll();
    expect(await stored(refund.id)).toMatchObject({
      status: "failed",
      failureCode: "REFUND_FAILED",
    });
    expect((await attemptOf(attempt.id)).refundedMinor).toBe(0n);
    expect((await orderOf(order.id)).status).toBe("paid");
    const logged = await db
      .select()
      .from(paymentFailures)
      .where(eq(paymentFailures.refundId, refund.id));
    expect(logged).toMatchObject([{ kind: "refund_failed", amountMinor: 400n }]);
  });

  it("a refund whose notification never comes is settled by the active query", async () => {
    await setRefundOutcome("query_only");
    const { order } = await paidOrder(700n);
    const refund = await ask("manager", order.id, 200n);
    expect(refund.status).toBe("pending");
    expect(deliveries).toHaveLength(0);
    // Not due yet: nothing asked.
    expect((await queryOpenRefunds(db, deps)).queried).toBe(0);
    const later = { ...deps, now: () => new Date(Date.now() + 10 * 60_000) };
    expect((await queryOpenRefunds(db, later)).queried).toBeGreaterThanOrEqual(1);
    expect((await stored(refund.id)).status).toBe("succeeded");
    expect((await orderOf(order.id)).status).toBe("partially_refunded");
  });

  it("a time-out leaves the refund pending; asking again does not refund twice", async () => {
    await setRefundOutcome("timeout");
    const { order } = await paidOrder(600n);
    const refund = await ask("manager", order.id, 600n);
    expect(refund.status).toBe("pending");
    const later = { ...deps, now: () => new Date(Date.now() + 10 * 60_000) };
    await queryOpenRefunds(db, later);
    expect((await stored(refund.id)).status).toBe("succeeded");
    const ledger = await db
      .select()
      .from(sandboxWalletRefunds)
      .where(eq(sandboxWalletRefunds.refundId, refund.id));
    expect(ledger).toHaveLength(1);
    expect((await orderOf(order.id)).status).toBe("refunded");
  });
});

describe(`refunds: never more than was paid (${engine})`, () => {
  it("20 concurrent full refunds: exactly one goes through", async () => {
    await setRefundOutcome("query_only");
    const { order, attempt } = await paidOrder(1500n);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => ask("owner", order.id, 1500n)),
    );
    const done = results.filter((r) => r.status === "fulfilled");
    expect(done).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected")
        expect(r.reason).toMatchObject({ messageKey: "refundExceedsPaid" });
    expect((await attemptOf(attempt.id)).refundedMinor).toBe(1500n);
    const made = await db.select().from(refunds).where(eq(refunds.attemptId, attempt.id));
    expect(made).toHaveLength(1);
  });

  it("two concurrent partial refunds that together exceed the payment: one is refused", async () => {
    await setRefundOutcome("query_only");
    const { order, attempt } = await paidOrder(1000n);
    const results = await Promise.allSettled([
      ask("manager", order.id, 600n),
      ask("owner", order.id, 500n),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused).toMatchObject({ reason: { messageKey: "refundExceedsPaid" } });
    const held = (await attemptOf(attempt.id)).refundedMinor;
    expect([600n, 500n]).toContain(held);
  });

  it("the database itself refuses more than was paid", async () => {
    const { attempt } = await paidOrder(100n);
    await expect(
      db
        .update(paymentAttempts)
        .set({ refundedMinor: 101n })
        .where(eq(paymentAttempts.id, attempt.id)),
    ).rejects.toThrow();
  });
});

describe(`refunds: roles and approval (${engine})`, () => {
  it("an analyst cannot ask for a refund", async () => {
    const { order } = await paidOrder(500n);
    await expectDomainError(ask("analyst", order.id, 100n), "FORBIDDEN", "roleForbidden");
  });

  it("a cashier asks, cannot approve; a manager approves", async () => {
    await setRefundOutcome("query_only");
    const { order } = await paidOrder(500n);
    const refund = await ask("staff", order.id, 100n);
    expect(refund.status).toBe("awaiting_approval");
    await expectDomainError(
      approveRefund(db, who("staff"), seed.merchant.id, { refundId: refund.id }, deps),
      "FORBIDDEN",
      "roleForbidden",
    );
    const approved = await approveRefund(
      db,
      who("manager"),
      seed.merchant.id,
      { refundId: refund.id },
      deps,
    );
    expect(approved).toMatchObject({ status: "pending", approvedBy: seed.people.manager.id });
  });

  it("a refused refund fails with who and why, and frees its amount", async () => {
    const { order, attempt } = await paidOrder(500n);
    const refund = await ask("staff", order.id, 500n);
    const refused = await refuseRefund(db, who("manager"), seed.merchant.id, {
      refundId: refund.id,
      reason: "Customer keeps the goods",
    });
    expect(refused).toMatchObject({
      status: "failed",
      refusedBy: seed.people.manager.id,
      refuseReason: "Customer keeps the goods",
    });
    expect((await attemptOf(attempt.id)).refundedMinor).toBe(0n);
    const logged = await db
      .select()
      .from(paymentFailures)
      .where(eq(paymentFailures.refundId, refund.id));
    expect(logged).toEqual([]);
  });

  it("above the owner's threshold even a manager's own refund waits for the owner", async () => {
    await setRefundOutcome("query_only");
    await db
      .update(merchants)
      .set({ refundApprovalThresholdMinor: 300n })
      .where(eq(merchants.id, seed.merchant.id));
    try {
      const { order } = await paidOrder(1000n);
      const small = await ask("manager", order.id, 300n);
      expect(small.status).toBe("pending");
      const big = await ask("manager", order.id, 400n);
      expect(big.status).toBe("awaiting_approval");
      await expectDomainError(
        approveRefund(db, who("manager"), seed.merchant.id, { refundId: big.id }, deps),
        "FORBIDDEN",
        "refundNeedsOwner",
      );
      await expectDomainError(
        refuseRefund(db, who("manager"), seed.merchant.id, { refundId: big.id, reason: "no" }),
        "FORBIDDEN",
        "refundNeedsOwner",
      );
      const approved = await approveRefund(
        db,
        who("owner"),
        seed.merchant.id,
        { refundId: big.id },
        deps,
      );
      expect(approved.status).toBe("pending");
    } finally {
      await db
        .update(merchants)
        .set({ refundApprovalThresholdMinor: null })
        .where(eq(merchants.id, seed.merchant.id));
    }
  });

  it("past the method's refund window a refund is refused with the window", async () => {
    const { order } = await paidOrder(500n);
    const late = { ...deps, now: () => new Date(Date.now() + 366 * 86_400_000) };
    await expectDomainError(
      requestRefund(
        db,
        who("owner"),
        seed.merchant.id,
        { orderId: order.id, amountMinor: 100n, reason: "customer_request" },
        late,
      ),
      "INVALID_STATE",
      "refundWindowPassed",
    );
  });
});

describe(`refunds: cash and vouchers (${engine})`, () => {
  it("a cash refund is done at once; a partial one takes the voucher's uses in proportion", async () => {
    const { order, voucher } = await paidVoucher(
      db,
      seed,
      { uses: 4, validDays: null, storeOnly: false },
      1000n,
    );
    const refund = await ask("manager", order.id, 300n);
    expect(refund).toMatchObject({ status: "succeeded", feeRefundedMinor: 0n });
    expect((await orderOf(order.id)).status).toBe("partially_refunded");
    // 300 of 1000 given back pays for 1.2 of the 4 uses: one whole use is withdrawn.
    const [after] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(after).toMatchObject({ status: "issued", usesLeft: 3 });
  });

  it("a redeemed voucher's order is refunded only with a manager's confirmation", async () => {
    const { order, voucher } = await paidVoucher(db, seed, undefined, 500n);
    await redeemVoucher(db, seed.staff, seed.merchant.id, {
      code: voucher.code,
      storeId: seed.store.id,
    });
    await expectDomainError(
      ask("manager", order.id, 500n),
      "INVALID_STATE",
      "refundRedeemedVoucher",
    );
    const refund = await ask("manager", order.id, 500n, { confirmRedeemedVoucher: true });
    expect(refund.status).toBe("succeeded");
    const [row] = await db
      .select()
      .from(refunds)
      .where(
        and(
          eq(refunds.id, refund.id),
          eq(refunds.redeemedVoucherConfirmedBy, seed.people.manager.id),
        ),
      );
    expect(row).toBeDefined();
    const [after] = await db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
    expect(after!.status).toBe("void");
  });

  it("the customer's receipt shows what was given back, and no internal id", async () => {
    const { order, voucher } = await paidVoucher(db, seed, undefined, 800n);
    await ask("manager", order.id, 300n);
    await ask("manager", order.id, 500n);
    const receipt = await loadReceipt(db, voucher.code);
    expect(receipt.refunds.map((r) => [r.amountMinor, r.done])).toEqual([
      [300n, true],
      [500n, true],
    ]);
    expect(receipt.status).toBe("void");
    expect(receipt.voidReason).toBe("Order refunded");
    // A cashier's request is no promise to the customer until a manager approves it.
    const other = await paidVoucher(db, seed, undefined, 400n);
    await ask("staff", other.order.id, 400n);
    expect((await loadReceipt(db, other.voucher.code)).refunds).toEqual([]);
  });
});

describe(`refunds of a payment in another currency (${engine})`, () => {
  it("gives back the refunded share of the fee charged in the payment's own currency", async () => {
    await setRefundOutcome("succeed");
    // The wallet takes yen too, at ¥40 a payment on top of its 0.6 %.
    await db
      .update(paymentMethods)
      .set({ currencies: ["CNY", "JPY"] })
      .where(eq(paymentMethods.id, seed.sandbox.id));
    await db
      .insert(paymentMethodFees)
      .values({ methodId: seed.sandbox.id, currency: "JPY", fixedMinor: 40n });
    try {
      const { order, attempt } = await payableOrder(db, seed, 5_000n, seed.sandbox.id, "JPY");
      await notify(db, seed.sandbox.id, attempt);
      // ¥5 000 × 0.6 % = ¥30, + ¥40.
      expect((await attemptOf(attempt.id)).feeMinor).toBe(70n);
      const refund = await ask("manager", order.id, 2_500n);
      await deliverAll();
      expect(await stored(refund.id)).toMatchObject({ status: "succeeded", feeRefundedMinor: 35n });
    } finally {
      await db.delete(paymentMethodFees).where(eq(paymentMethodFees.methodId, seed.sandbox.id));
      await db
        .update(paymentMethods)
        .set({ currencies: ["CNY"] })
        .where(eq(paymentMethods.id, seed.sandbox.id));
    }
  });
});

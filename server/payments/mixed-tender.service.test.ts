import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orders, refunds, vouchers } from "@/db/schema";
import type { Role } from "@/server/auth/roles.logic";
import { rebuildRollups } from "@/server/analytics/rollup-rebuild.service";
import type { Delivery } from "@/server/connectors/types";
import type { RefundDeps } from "@/server/refunds/refund-provider.service";
import { requestRefund } from "@/server/refunds/refund.service";
import { giveCustomerEmail } from "@/test/customer-email";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import {
  actorOf,
  newOrder,
  notify,
  orderState,
  providerEvent,
  seedPayments,
  signedNotification,
  postNotification,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { rollupSnapshot } from "@/test/rollups";
import { payCash } from "./cash.service";
import { loadPayView } from "./pay-view.service";
import { createAttempt, retryFromPayPage } from "./payment-request.service";
import { expireStaleOrders, orderLifetimeMs } from "./order-expiry.service";
import { cancelOrder } from "./order.service";
import { paidSoFar } from "./parts.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
const deliveries: Delivery[] = [];
const deps: RefundDeps = { ...testProviders, deliver: (d) => deliveries.push(d) };

beforeAll(async () => {
  seed = await seedPayments(db, "Mixed");
});

/** A wallet part of `amountMinor` (everything still due when left out), opened at the counter. */
function walletPart(orderId: string, amountMinor?: bigint) {
  return createAttempt(
    db,
    seed.staff,
    seed.merchant.id,
    { orderId, methodId: seed.sandbox.id, amountMinor },
    testProviders,
  );
}

function cashPart(orderId: string, tenderedMinor: bigint, amountMinor?: bigint) {
  return payCash(db, seed.staff, seed.merchant.id, {
    orderId,
    methodId: seed.cash.id,
    amountMinor,
    tenderedMinor,
  });
}

async function voucherCount(orderId: string) {
  return (await db.select().from(vouchers).where(eq(vouchers.orderId, orderId))).length;
}

/**
 * Runs `deliver` while the order's row is locked by another transaction, released once
 * `waiting` transactions wait for it: each then reads under a snapshot taken before any of the
 * others committed, as deliveries arriving together on PostgreSQL do. PGlite runs one
 * transaction at a time, so there `deliver` simply runs.
 */
async function whileOrderLocked<T>(orderId: string, waiting: number, deliver: () => Promise<T>) {
  if (engine !== "postgres") return deliver();
  let delivered: Promise<T> | undefined;
  await db.transaction(async (tx) => {
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for("update");
    delivered = deliver();
    delivered.catch(() => undefined);
    for (;;) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(sql`pg_stat_activity`)
        .where(sql`datname = current_database() and wait_event_type = 'Lock'`);
      if ((row?.n ?? 0) >= waiting) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
  return delivered!;
}

const successMails = (state: Awaited<ReturnType<typeof orderState>>) =>
  state.outbox.filter((m) => (m.payload as { kind: string }).kind === "payment_succeeded");

describe(`mixed tender (${engine})`, () => {
  it("wallet then cash: paid once the parts cover the total, voucher and e-mail once", async () => {
    const order = await newOrder(db, seed, 1000n);
    await giveCustomerEmail(db, order.id);
    const wallet = await walletPart(order.id, 400n);
    expect(wallet.amountMinor).toBe(400n);
    // The pay page shows the part's amount, and that it is part of a larger order.
    const { view } = await loadPayView(db, wallet.token);
    expect(view).toMatchObject({ amountMinor: 400n, orderAmountMinor: 1000n });
    expect((await notify(db, seed.sandbox.id, wallet)).response.status).toBe(200);

    let state = await orderState(db, order.id);
    expect(state.order.status).toBe("pending");
    expect(await paidSoFar(db, order.id)).toBe(400n);
    expect(await voucherCount(order.id)).toBe(0);
    expect(successMails(state)).toEqual([]);

    const cash = await cashPart(order.id, 1000n);
    expect(cash.changeMinor).toBe(400n);
    state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts.map((a) => [a.methodKind, a.amountMinor, a.status])).toEqual([
      ["sandbox", 400n, "succeeded"],
      ["cash", 600n, "succeeded"],
    ]);
    // Each part its own fee: 0.6% of 400 for the wallet, none for cash.
    expect(state.attempts.map((a) => a.feeMinor)).toEqual([2n, 0n]);
    expect(await voucherCount(order.id)).toBe(1);
    expect(successMails(state)).toHaveLength(1);
    expect((successMails(state)[0]!.payload as { amountMinor: string }).amountMinor).toBe("1000");
    expect(state.actions.filter((a) => a === "order.paid")).toHaveLength(1);
    expect(state.alerts).toEqual([]);
  });

  it("cash then wallet: the wallet part defaults to what is still due", async () => {
    const order = await newOrder(db, seed, 1000n);
    await cashPart(order.id, 500n, 300n);
    const wallet = await walletPart(order.id);
    expect(wallet.amountMinor).toBe(700n);
    await notify(db, seed.sandbox.id, wallet);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(await voucherCount(order.id)).toBe(1);
  });

  it("refuses a part larger than what is still due", async () => {
    const order = await newOrder(db, seed, 1000n);
    await expectDomainError(walletPart(order.id, 1001n), "VALIDATION", "partExceedsDue");
    await cashPart(order.id, 600n, 600n);
    await expectDomainError(cashPart(order.id, 500n, 500n), "VALIDATION", "partExceedsDue");
    expect((await orderState(db, order.id)).order.status).toBe("pending");
  });

  it("a part's notification delivered twice is applied once", async () => {
    const order = await newOrder(db, seed, 1000n);
    const wallet = await walletPart(order.id, 250n);
    const delivery = await signedNotification(db, seed.sandbox.id, providerEvent(wallet));
    expect((await postNotification(db, seed.sandbox.id, delivery)).status).toBe(200);
    expect((await postNotification(db, seed.sandbox.id, delivery)).status).toBe(200);
    // A second, distinct success notice of the same part changes nothing either.
    await notify(db, seed.sandbox.id, wallet);
    const state = await orderState(db, order.id);
    expect(await paidSoFar(db, order.id)).toBe(250n);
    expect(state.actions.filter((a) => a === "attempt.succeed")).toHaveLength(1);
    expect(state.attempts.filter((a) => a.isDuplicate)).toEqual([]);
    expect(state.order.status).toBe("pending");
  });

  it("a part that fails is retried for the same amount, then the order is paid", async () => {
    const order = await newOrder(db, seed, 1000n);
    await cashPart(order.id, 500n, 500n);
    const failing = await walletPart(order.id, 500n);
    await notify(db, seed.sandbox.id, failing, { outcome: "failed" });
    const retry = await retryFromPayPage(
      db,
      { userId: null, ip: null, userAgent: "customer" },
      { token: failing.token, methodId: seed.sandbox.id },
      testProviders,
    );
    expect(retry.amountMinor).toBe(500n);
    await notify(db, seed.sandbox.id, retry);
    const state = await orderState(db, order.id);
    expect(state.attempts.map((a) => a.status)).toEqual(["succeeded", "failed", "succeeded"]);
    expect(state.order.status).toBe("paid");
    expect(await voucherCount(order.id)).toBe(1);
  });

  it("a replaced part paid late beyond the total is flagged as an over-payment to refund", async () => {
    const order = await newOrder(db, seed, 1000n);
    const first = await walletPart(order.id);
    // The customer would rather split: the counter replaces the request with a smaller part.
    const smaller = await walletPart(order.id, 600n);
    await notify(db, seed.sandbox.id, smaller);
    // …and the cancelled full request is paid after all.
    await notify(db, seed.sandbox.id, first);
    const state = await orderState(db, order.id);
    const late = state.attempts.find((a) => a.id === first.id)!;
    expect(late).toMatchObject({ status: "succeeded", isDuplicate: true });
    expect(state.alerts.map((a) => a.kind)).toEqual(["over_payment"]);
    expect(state.alerts[0]!.details).toMatchObject({ amountMinor: "1000", dueMinor: "400" });
    expect(state.order.status).toBe("pending");
    expect(await paidSoFar(db, order.id)).toBe(600n);
    expect(await voucherCount(order.id)).toBe(0);
    // The over-payment goes back through the refunds path, like a duplicate.
    const refund = await requestRefund(
      db,
      { actor: seed.manager, role: "manager" },
      seed.merchant.id,
      { orderId: order.id, attemptId: first.id, amountMinor: 1000n, reason: "duplicate_payment" },
      deps,
    );
    expect(refund.amountMinor).toBe(1000n);
  });

  it("two parts paid at the same moment: the one applied second sees the first and pays the order", async () => {
    const order = await newOrder(db, seed, 1000n);
    await giveCustomerEmail(db, order.id);
    const first = await walletPart(order.id, 600n);
    // Replaced by a part for the rest, the first is paid after all, as the second is.
    const second = await walletPart(order.id, 400n);
    const deliveries = await Promise.all(
      [first, second].map((part) => signedNotification(db, seed.sandbox.id, providerEvent(part))),
    );
    const responses = await whileOrderLocked(order.id, deliveries.length, () =>
      Promise.all(deliveries.map((d) => postNotification(db, seed.sandbox.id, d))),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts.map((a) => [a.amountMinor, a.status, a.isDuplicate])).toEqual([
      [600n, "succeeded", false],
      [400n, "succeeded", false],
    ]);
    expect(await paidSoFar(db, order.id)).toBe(1000n);
    expect(state.actions.filter((a) => a === "order.paid")).toHaveLength(1);
    expect(state.alerts).toEqual([]);
    expect(await voucherCount(order.id)).toBe(1);
    expect(successMails(state)).toHaveLength(1);
  });

  it("a paid part is not refunded alone while the order waits for the rest", async () => {
    const order = await newOrder(db, seed, 1000n);
    await cashPart(order.id, 400n, 400n);
    await expectDomainError(
      requestRefund(
        db,
        { actor: seed.manager, role: "manager" },
        seed.merchant.id,
        { orderId: order.id, amountMinor: 400n, reason: "customer_request" },
        deps,
      ),
      "INVALID_STATE",
      "partPaidOrder",
    );
  });

  describe("abandoning an order with paid parts", () => {
    async function halfPaid() {
      const order = await newOrder(db, seed, 1000n);
      await cashPart(order.id, 300n, 300n);
      const wallet = await walletPart(order.id, 300n);
      await notify(db, seed.sandbox.id, wallet);
      const open = await walletPart(order.id);
      return { order, wallet, open };
    }
    const abandon = (orderId: string, role: Role) =>
      cancelOrder(db, actorOf(seed.people[role]), seed.merchant.id, orderId, { role, deps });

    it("by a manager: open parts cancelled, each paid part refunded (cash at once), audited", async () => {
      const { order, open } = await halfPaid();
      expect(open.amountMinor).toBe(400n);
      await abandon(order.id, "manager");
      const state = await orderState(db, order.id);
      expect(state.order.status).toBe("cancelled");
      expect(state.attempts.find((a) => a.id === open.id)!.status).toBe("cancelled");
      const rows = await db.select().from(refunds).where(eq(refunds.orderId, order.id));
      expect(
        rows.map((r) => [r.amountMinor, r.reason, r.status === "succeeded" ? "done" : "open"]),
      ).toEqual(
        expect.arrayContaining([
          [300n, "order_cancelled", "done"],
          [300n, "order_cancelled", expect.any(String)],
        ]),
      );
      expect(rows).toHaveLength(2);
      // The cash part is handed back from the drawer at once.
      const cashRefund = rows.find((r) => r.methodId === seed.cash.id)!;
      expect(cashRefund.status).toBe("succeeded");
      const cancel = state.audit.find((a) => a.action === "order.cancel")!;
      expect(cancel.after).toMatchObject({ abandoned: true, paidParts: 2, paidMinor: "600" });
      expect(state.actions.filter((a) => a === "refund.request")).toHaveLength(2);
      // A refund's success leaves the cancelled order cancelled, with no voucher ever issued.
      expect(state.order.status).toBe("cancelled");
      expect(await voucherCount(order.id)).toBe(0);
    });

    it("by a cashier: the refunds wait for a manager's approval", async () => {
      const { order } = await halfPaid();
      await abandon(order.id, "staff");
      const rows = await db.select().from(refunds).where(eq(refunds.orderId, order.id));
      expect(rows.map((r) => r.status)).toEqual(["awaiting_approval", "awaiting_approval"]);
      expect((await orderState(db, order.id)).order.status).toBe("cancelled");
    });

    it("is refused when the caller does not say how to refund", async () => {
      const { order } = await halfPaid();
      await expectDomainError(
        cancelOrder(db, seed.staff, seed.merchant.id, order.id),
        "INVALID_STATE",
        "partPaidOrder",
      );
      expect((await orderState(db, order.id)).order.status).toBe("pending");
    });
  });

  it("the expiry job leaves a part-paid order for a person, with one alert", async () => {
    const order = await newOrder(db, seed, 1000n);
    await cashPart(order.id, 200n, 200n);
    const later = new Date(Date.now() + orderLifetimeMs + 3_600_000);
    await expireStaleOrders(db, later);
    await expireStaleOrders(db, later);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("pending");
    expect(state.alerts.map((a) => a.kind)).toEqual(["part_paid_order_stale"]);
    expect(state.alerts[0]!.details).toMatchObject({ paidMinor: "200", amountMinor: "1000" });
  });

  it("after all of this, the live roll-ups equal a rebuild", async () => {
    const maintained = await rollupSnapshot(db, seed.merchant.id);
    await rebuildRollups(db, seed.merchant.id);
    expect(await rollupSnapshot(db, seed.merchant.id)).toEqual(maintained);
  });
});

import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, orders, paymentAttempts, refunds } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { bumpRollups } from "@/server/analytics/rollup.service";
import { DomainError } from "@/server/errors";
import { transitionAttempt, type AttemptRow } from "./attempt-transition.service";
import { orderMove, transitionOrder, type OrderRow } from "./order-transition.service";
import { transitionRefund, type RefundRow } from "./refund-transition.service";
import {
  attemptStatuses,
  attemptStatusesInto,
  canTransitionAttempt,
  canTransitionOrder,
  canTransitionRefund,
  orderStatuses,
  orderStatusesInto,
  refundStatuses,
  refundStatusesInto,
  type AttemptStatus,
  type OrderStatus,
  type RefundStatus,
} from "./state.logic";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Transitions");
});

/** Every (from, to) pair of a status list, from the enum itself: nothing restated here. */
function pairs<S extends string>(statuses: readonly S[]): [S, S][] {
  return statuses.flatMap((from) => statuses.map((to): [S, S] => [from, to]));
}

/** An order stored directly in `status`, as an import of history would write it. */
async function orderIn(status: OrderStatus): Promise<OrderRow> {
  const [order] = await db
    .insert(orders)
    .values({
      merchantId: seed.merchant.id,
      storeId: seed.store.id,
      number: `T-${randomBytes(6).toString("hex")}`,
      status,
      currency: "CNY",
      amountMinor: 1000n,
      paidAt:
        status === "pending" || status === "cancelled" || status === "expired" ? null : new Date(),
    })
    .returning();
  return order!;
}

/** A pending order with one attempt stored directly in `status`, counted in the roll-ups. */
async function attemptIn(status: AttemptStatus): Promise<AttemptRow> {
  const order = await orderIn("pending");
  return db.transaction(async (tx) => {
    const [attempt] = await tx
      .insert(paymentAttempts)
      .values({
        merchantId: seed.merchant.id,
        orderId: order.id,
        methodId: seed.sandbox.id,
        methodKind: "sandbox",
        token: randomBytes(24).toString("base64url"),
        status,
        amountMinor: 1000n,
        currency: "CNY",
        feeMinor: status === "succeeded" ? 6n : null,
        succeededAt: status === "succeeded" ? new Date() : null,
        failureReason:
          status === "failed" ? "insufficient_funds" : status === "expired" ? "expired" : null,
        expiresAt: new Date(Date.now() + 900_000),
      })
      .returning();
    await bumpRollups(tx, attempt!.id, null);
    return attempt!;
  });
}

async function storedAttempt(id: string) {
  const [row] = await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, id));
  return row!;
}

async function storedOrder(id: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row!;
}

async function auditActions(orderId: string) {
  const rows = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "order"), eq(auditLog.entityId, orderId)));
  return rows.map((r) => r.action);
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ code: "INVALID_STATE", messageKey: "invalidTransition" });
}

describe(`transitionAttempt: every pair of statuses (${engine})`, () => {
  it.each(pairs(attemptStatuses))("%s → %s", async (from, to) => {
    const attempt = await attemptIn(from);
    const move = (row: AttemptRow) =>
      db.transaction((tx) => transitionAttempt(tx, seed.staff, row, to, { order: "pending" }));

    if (canTransitionAttempt(from, to)) {
      const moved = await move(attempt);
      expect(moved).toMatchObject({ id: attempt.id, status: to });
      expect((await storedAttempt(attempt.id)).status).toBe(to);
      // Every move but the provider's "pending" is on the order's audit trail.
      expect(await auditActions(attempt.orderId)).toHaveLength(to === "pending" ? 0 : 1);
      return;
    }

    // The table refuses it, and nothing is written.
    await refusal(move(attempt));
    expect(await storedAttempt(attempt.id)).toEqual(attempt);
    expect(await auditActions(attempt.orderId)).toEqual([]);

    // A stale copy that believes it may move (another transaction moved the row meanwhile)
    // gets past the table, but not past the UPDATE's own guard: nothing changes.
    const believed = attemptStatusesInto(to)[0];
    if (believed) {
      expect(await move({ ...attempt, status: believed })).toBeNull();
      expect(await storedAttempt(attempt.id)).toEqual(attempt);
      expect(await auditActions(attempt.orderId)).toEqual([]);
    }
  });
});

describe(`transitionOrder: every pair of statuses (${engine})`, () => {
  it.each(pairs(orderStatuses))("%s → %s", async (from, to) => {
    const order = await orderIn(from);
    const move = (row: OrderRow) =>
      db.transaction((tx) => transitionOrder(tx, seed.manager, row, to));

    if (canTransitionOrder(from, to)) {
      const moved = await move(order);
      expect(moved).toMatchObject({ id: order.id, status: to });
      expect((await storedOrder(order.id)).status).toBe(to);
      expect(await auditActions(order.id)).toHaveLength(1);
      return;
    }

    await refusal(move(order));
    expect(await storedOrder(order.id)).toEqual(order);
    expect(await auditActions(order.id)).toEqual([]);

    const believed = orderStatusesInto(to)[0];
    if (believed) {
      expect(await move({ ...order, status: believed })).toBeNull();
      expect(await storedOrder(order.id)).toEqual(order);
      expect(await auditActions(order.id)).toEqual([]);
    }
  });
});

describe(`transitionAttempt with the order's move it causes, in one statement (${engine})`, () => {
  /** Moves `attempt` (as believed) to succeeded with its order's move to paid; what `order` got. */
  async function succeedPaying(attempt: AttemptRow, order: OrderRow) {
    let received: OrderRow | null | undefined;
    const moved = await db.transaction((tx) =>
      transitionAttempt(tx, seed.staff, attempt, "succeeded", {
        orderMove: orderMove(order, "paid", { paidAt: new Date() }),
        order: async (_, __, movedOrder) => {
          received = movedOrder;
          return movedOrder?.status ?? order.status;
        },
      }),
    );
    return { moved, received };
  }

  it("moves both rows and hands the order's row as moved to the attempt's effects", async () => {
    const attempt = await attemptIn("created");
    const order = await storedOrder(attempt.orderId);
    const { moved, received } = await succeedPaying(attempt, order);
    expect(moved).toMatchObject({ id: attempt.id, status: "succeeded" });
    expect(received).toMatchObject({ id: order.id, status: "paid" });
    expect(await storedOrder(order.id)).toEqual(received);
  });

  it("moves the order only with the attempt: a stale attempt moves neither", async () => {
    const attempt = await attemptIn("succeeded");
    const order = await storedOrder(attempt.orderId);
    const { moved, received } = await succeedPaying({ ...attempt, status: "created" }, order);
    expect(moved).toBeNull();
    expect(received).toBeUndefined();
    expect(await storedOrder(order.id)).toEqual(order);
    expect(await storedAttempt(attempt.id)).toEqual(attempt);
  });

  it("guards the order's move by the order's own table: a stale order is not moved", async () => {
    const attempt = await attemptIn("created");
    const order = await storedOrder(attempt.orderId);
    await db.update(orders).set({ status: "cancelled" }).where(eq(orders.id, order.id));
    const { moved, received } = await succeedPaying(attempt, order);
    expect(moved).toMatchObject({ status: "succeeded" });
    expect(received).toBeNull();
    expect((await storedOrder(order.id)).status).toBe("cancelled");
  });
});

/**
 * A refund stored directly in `status` on a succeeded attempt of a paid order, its amount
 * held against the attempt unless it failed (as the refund service leaves it).
 */
async function refundIn(status: RefundStatus): Promise<RefundRow> {
  const attempt = await attemptIn("succeeded");
  const held = status === "failed" ? 0n : 400n;
  await db
    .update(paymentAttempts)
    .set({ refundedMinor: held })
    .where(eq(paymentAttempts.id, attempt.id));
  await db.update(orders).set({ status: "paid" }).where(eq(orders.id, attempt.orderId));
  const [refund] = await db
    .insert(refunds)
    .values({
      merchantId: seed.merchant.id,
      orderId: attempt.orderId,
      attemptId: attempt.id,
      methodId: attempt.methodId,
      status,
      amountMinor: 400n,
      currency: "CNY",
      reason: "customer_request",
      requestedBy: seed.people.staff.id,
    })
    .returning();
  return refund!;
}

async function storedRefund(id: string) {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
  return row!;
}

describe(`transitionRefund: every pair of statuses (${engine})`, () => {
  it.each(pairs(refundStatuses))("%s → %s", async (from, to) => {
    const refund = await refundIn(from);
    const move = (row: RefundRow) =>
      db.transaction((tx) => transitionRefund(tx, seed.manager, row, to, { order: "paid" }));

    if (canTransitionRefund(from, to)) {
      const moved = await move(refund);
      expect(moved).toMatchObject({ id: refund.id, status: to });
      expect((await storedRefund(refund.id)).status).toBe(to);
      expect(await auditActions(refund.orderId)).toHaveLength(1);
      // A failure gives the held amount back; every other move keeps it held.
      expect((await storedAttempt(refund.attemptId)).refundedMinor).toBe(
        to === "failed" ? 0n : 400n,
      );
      return;
    }

    await refusal(move(refund));
    expect(await storedRefund(refund.id)).toEqual(refund);
    expect(await auditActions(refund.orderId)).toEqual([]);

    const believed = refundStatusesInto(to)[0];
    if (believed) {
      expect(await move({ ...refund, status: believed })).toBeNull();
      expect(await storedRefund(refund.id)).toEqual(refund);
      expect(await auditActions(refund.orderId)).toEqual([]);
    }
  });
});

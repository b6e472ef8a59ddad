import { TRPCError } from "@trpc/server";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { auditLog, orders } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor } from "@/test/fixtures";
import {
  newOrder,
  notify,
  orderState,
  payableOrder,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { verifyAuditChain } from "@/server/audit/audit.service";
import { eventsChannel } from "@/server/events/events.service";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { payCash } from "./cash.service";
import { expireOverdue } from "./expiry.service";
import { cancelAttempt, createAttempt } from "./payment-request.service";
import {
  closeStaleOrders,
  countStaleOrders,
  expireStaleOrders,
  orderLifetimeMs,
} from "./order-expiry.service";
import { cancelOrder } from "./order.service";

const hour = 3_600_000;

const database = setupTestDatabase();
const { db } = database;
let seed: PaymentsSeed;
let other: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Expiry");
  other = await seedPayments(db, "Elsewhere");
});

/** Moves an order's creation (and its requests' deadlines) `ms` into the past. */
async function age(orderId: string, ms: number) {
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  await db
    .update(orders)
    .set({ createdAt: new Date(row!.createdAt.getTime() - ms) })
    .where(eq(orders.id, orderId));
}

async function statusOf(orderId: string) {
  return (await orderState(db, orderId)).order.status;
}

const callerFor = (user: SessionUser | null) => createCaller(contextFor(db, user));

describe(`order expiry by the job (${engine})`, () => {
  it("closes an order past its lifetime whose requests all ended, with its audit row and live event", async () => {
    // One request expired, one failed, one cancelled: nothing is open any more.
    const { order, attempt: first } = await payableOrder(db, seed);
    await notify(db, seed.sandbox.id, first, { outcome: "failed" });
    const second = await createAttempt(
      db,
      seed.staff,
      seed.merchant.id,
      { orderId: order.id, methodId: seed.sandbox.id },
      testProviders,
    );
    await cancelAttempt(db, seed.staff, seed.merchant.id, second.id);
    const third = await createAttempt(
      db,
      seed.staff,
      seed.merchant.id,
      { orderId: order.id, methodId: seed.sandbox.id },
      testProviders,
    );
    await expireOverdue(db, new Date(third.expiresAt.getTime() + 1000));
    expect(await statusOf(order.id)).toBe("pending");

    const events: string[] = [];
    // Stopped however the test ends: the workers run file after file (vitest.config.ts isolate).
    onTestFinished(await database.opened.listen(eventsChannel, (p) => events.push(p)));
    await age(order.id, orderLifetimeMs + 60_000);
    const result = await expireOverdue(db);
    expect(result.orders).toBeGreaterThanOrEqual(1);

    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("expired");
    const expiry = state.audit.filter((a) => a.action === "order.expire");
    expect(expiry).toHaveLength(1);
    expect(expiry[0]).toMatchObject({
      actorUserId: null,
      before: { status: "pending" },
      after: { status: "expired", by: "job" },
    });
    await vi.waitFor(() =>
      expect(events.map((e) => JSON.parse(e) as Record<string, unknown>)).toContainEqual(
        expect.objectContaining({ orderId: order.id, orderStatus: "expired" }),
      ),
    );
    expect(await verifyAuditChain(db, seed.merchant.id)).toBeNull();
  });

  it("leaves an order with an open request, and one within its lifetime, pending", async () => {
    const withOpen = await payableOrder(db, seed);
    await age(withOpen.order.id, orderLifetimeMs + 60_000);
    const young = await newOrder(db, seed);
    await age(young.id, orderLifetimeMs - 60 * 60_000);

    await expireStaleOrders(db);
    expect(await statusOf(withOpen.order.id)).toBe("pending");
    expect(await statusOf(young.id)).toBe("pending");

    // Its request ends: the next run closes the old one, never the young one.
    await cancelAttempt(db, seed.staff, seed.merchant.id, withOpen.attempt.id);
    await expireStaleOrders(db);
    expect(await statusOf(withOpen.order.id)).toBe("expired");
    expect(await statusOf(young.id)).toBe("pending");
  });

  it("never touches a paid or cancelled order", async () => {
    const paid = await newOrder(db, seed);
    await payCash(db, seed.staff, seed.merchant.id, {
      orderId: paid.id,
      methodId: seed.cash.id,
      tenderedMinor: 1000n,
    });
    const cancelled = await newOrder(db, seed);
    await cancelOrder(db, seed.staff, seed.merchant.id, cancelled.id);
    await age(paid.id, orderLifetimeMs * 2);
    await age(cancelled.id, orderLifetimeMs * 2);
    await expireStaleOrders(db);
    expect(await statusOf(paid.id)).toBe("paid");
    expect(await statusOf(cancelled.id)).toBe("cancelled");
  });

  it("records a late success on an expired order and keeps the order expired, with an alert", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await expireOverdue(db, new Date(attempt.expiresAt.getTime() + 1000));
    await age(order.id, orderLifetimeMs + 60_000);
    await expireStaleOrders(db);
    expect(await statusOf(order.id)).toBe("expired");

    // The wallet confirms a payment made at the last second.
    const { response } = await notify(db, seed.sandbox.id, attempt);
    expect(response.status).toBe(200);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("expired");
    expect(state.attempts[0]).toMatchObject({ status: "succeeded", isDuplicate: true });
    expect(state.alerts.map((a) => a.kind)).toEqual(["payment_on_closed_order"]);
  });

  it("closes each of 12 stale orders exactly once between two workers at once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await newOrder(db, other, 500n + BigInt(i))).id);
    for (const id of ids) await age(id, orderLifetimeMs + 60_000);

    const worker = async () => {
      let closed = 0;
      for (;;) {
        const n = await expireStaleOrders(db, new Date(), 3);
        if (n === 0) return closed;
        closed += n;
      }
    };
    const [x, y] = await Promise.all([worker(), worker()]);
    expect(x + y).toBe(12);
    const rows = await db
      .select({ status: orders.status })
      .from(orders)
      .where(inArray(orders.id, ids));
    expect(rows.map((r) => r.status)).toEqual(Array(12).fill("expired"));
    const audits = await db
      .select({ entityId: auditLog.entityId })
      .from(auditLog)
      .where(and(eq(auditLog.action, "order.expire"), inArray(auditLog.entityId, ids)));
    expect(audits).toHaveLength(12);
    expect(await verifyAuditChain(db, other.merchant.id)).toBeNull();
  });
});

describe(`bulk close of stale pending orders (${engine})`, () => {
  it("closes the ticked pending orders, each audited under the manager; skips the rest", async () => {
    const stale = [await newOrder(db, seed), await newOrder(db, seed)];
    const open = await payableOrder(db, seed);
    const paid = await newOrder(db, seed);
    await payCash(db, seed.staff, seed.merchant.id, {
      orderId: paid.id,
      methodId: seed.cash.id,
      tenderedMinor: 1000n,
    });
    const foreign = await newOrder(db, other);

    const result = await closeStaleOrders(db, seed.manager, seed.merchant.id, {
      orderIds: [...stale.map((o) => o.id), open.order.id, paid.id, foreign.id],
    });
    expect(result).toEqual({ closed: 2, skipped: 3 });
    for (const o of stale) {
      const state = await orderState(db, o.id);
      expect(state.order.status).toBe("expired");
      const rows = state.audit.filter((a) => a.action === "order.expire");
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actorUserId: seed.manager.userId,
        after: { status: "expired", by: "bulk_close" },
      });
    }
    // A customer may be paying the open one; paid stays paid; another shop's order is not ours.
    expect(await statusOf(open.order.id)).toBe("pending");
    expect(await statusOf(paid.id)).toBe("paid");
    expect(await statusOf(foreign.id)).toBe("pending");
    expect((await orderState(db, foreign.id)).audit.map((a) => a.action)).toEqual(["order.create"]);
  });

  it("closes every pending order older than N hours, and counts them first", async () => {
    const shop = await seedPayments(db, "Backlog");
    const old = [await newOrder(db, shop), await newOrder(db, shop), await newOrder(db, shop)];
    for (const o of old) await age(o.id, 5 * hour);
    const oldButOpen = await payableOrder(db, shop);
    await age(oldButOpen.order.id, 5 * hour);
    const recent = await newOrder(db, shop);
    await age(recent.id, 1 * hour);
    const foreignOld = await newOrder(db, other);
    await age(foreignOld.id, 5 * hour);

    expect(await countStaleOrders(db, shop.merchant.id, 4)).toBe(3);
    const result = await closeStaleOrders(db, shop.manager, shop.merchant.id, {
      olderThanHours: 4,
    });
    expect(result).toEqual({ closed: 3, skipped: 1 });
    for (const o of old) expect(await statusOf(o.id)).toBe("expired");
    expect(await statusOf(oldButOpen.order.id)).toBe("pending");
    expect(await statusOf(recent.id)).toBe("pending");
    expect(await statusOf(foreignOld.id)).toBe("pending");
    expect(await countStaleOrders(db, shop.merchant.id, 4)).toBe(0);
  });

  it("is for owners and managers only, through the router", async () => {
    const target = await newOrder(db, seed);
    for (const role of ["staff", "analyst"] as const) {
      const caller = callerFor(seed.people[role]);
      // Each call starts only when awaited: a refusal never waits unhandled.
      for (const call of [
        () => caller.orders.closeStale({ orderIds: [target.id] }),
        () => caller.orders.countStale({ olderThanHours: 1 }),
      ]) {
        const error = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code).toBe("FORBIDDEN");
      }
    }
    expect(await statusOf(target.id)).toBe("pending");
    // Another shop's manager cannot close it either: the order is not found in their shop.
    expect(
      await callerFor(other.people.manager).orders.closeStale({ orderIds: [target.id] }),
    ).toEqual({ closed: 0, skipped: 1 });
    expect(await statusOf(target.id)).toBe("pending");
    for (const role of ["owner", "manager"] as const) {
      const order = await newOrder(db, seed);
      expect(
        await callerFor(seed.people[role]).orders.closeStale({ orderIds: [order.id] }),
      ).toEqual({ closed: 1, skipped: 0 });
    }
    await expect(
      callerFor(seed.people.manager).orders.closeStale({ olderThanHours: 0 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

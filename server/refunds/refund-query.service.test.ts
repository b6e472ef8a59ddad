import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { merchants, refunds, stores } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor, labelOf } from "@/test/fixtures";
import { newOrder, notify, payableOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import type { Role } from "@/server/auth/roles.logic";
import { createCaller } from "@/server/trpc/root";
import { countAwaitingApproval, listRefunds } from "./refund-query.service";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let b: PaymentsSeed;
type Made = Awaited<ReturnType<typeof asked>>;
let made: Record<"walletWaiting" | "cashWaiting" | "refused" | "other", Made>;

const as = (seed: PaymentsSeed, role: Role) => createCaller(contextFor(db, seed.people[role]));

/** An order paid through the sandbox wallet, or in cash at the counter. */
async function paidOrder(seed: PaymentsSeed, how: "wallet" | "cash", amountMinor = 1000n) {
  if (how === "wallet") {
    const { order, attempt } = await payableOrder(db, seed, amountMinor);
    await notify(db, seed.sandbox.id, attempt);
    return order;
  }
  const order = await newOrder(db, seed, amountMinor);
  await as(seed, "staff").orders.payCash({
    orderId: order.id,
    methodId: seed.cash.id,
    tenderedMinor: amountMinor,
  });
  return order;
}

async function asked(seed: PaymentsSeed, how: "wallet" | "cash") {
  const order = await paidOrder(seed, how);
  const refund = await as(seed, "staff").refunds.request({
    orderId: order.id,
    amountMinor: 300n,
    reason: "customer_request",
  });
  return { id: refund.id, orderId: order.id, number: order.number };
}

const ids = (page: { rows: { id: string }[] }) => page.rows.map((r) => r.id).sort();

beforeAll(async () => {
  a = await seedPayments(db, "RefundListA");
  b = await seedPayments(db, "RefundListB");
  await db
    .update(merchants)
    .set({ timeZone: "Asia/Shanghai" })
    .where(eq(merchants.id, a.merchant.id));
  made = {
    walletWaiting: await asked(a, "wallet"),
    cashWaiting: await asked(a, "cash"),
    refused: await asked(a, "wallet"),
    other: await asked(b, "wallet"),
  };
  await as(a, "manager").refunds.refuse({ refundId: made.refused.id, reason: "changed mind" });
  // 00:30 on 2 March in Shanghai is still 1 March in UTC: the day filters read the shop's zone.
  await db
    .update(refunds)
    .set({ createdAt: new Date("2026-03-01T16:30:00Z") })
    .where(eq(refunds.id, made.cashWaiting.id));
});

describe(`the refunds list's filters (${engine})`, () => {
  it("by status and by method kind, only the shop's own refunds", async () => {
    const all = await listRefunds(db, a.merchant.id, {});
    expect(ids(all)).toEqual([made.walletWaiting.id, made.cashWaiting.id, made.refused.id].sort());
    expect(ids(await listRefunds(db, a.merchant.id, { status: "awaiting_approval" }))).toEqual(
      [made.walletWaiting.id, made.cashWaiting.id].sort(),
    );
    expect(ids(await listRefunds(db, a.merchant.id, { methodKind: "cash" }))).toEqual([
      made.cashWaiting.id,
    ]);
    expect(ids(await listRefunds(db, a.merchant.id, { status: "failed" }))).toEqual([
      made.refused.id,
    ]);
  });

  it("by the shop's local days, inclusive", async () => {
    const day = (from: string, to: string) => listRefunds(db, a.merchant.id, { from, to });
    expect(ids(await day("2026-03-02", "2026-03-02"))).toEqual([made.cashWaiting.id]);
    expect(ids(await day("2026-03-01", "2026-03-01"))).toEqual([]);
    expect(ids(await listRefunds(db, a.merchant.id, { from: "2026-03-03" }))).toEqual(
      [made.walletWaiting.id, made.refused.id].sort(),
    );
  });

  it("by a fragment of the order number, and by the order's store", async () => {
    const found = await listRefunds(db, a.merchant.id, { q: made.refused.number.slice(-5) });
    expect(found.rows.map((r) => r.orderNumber)).toContain(made.refused.number);
    expect(found.rows.every((r) => r.orderNumber.includes(made.refused.number.slice(-5)))).toBe(
      true,
    );
    expect(await listRefunds(db, a.merchant.id, { q: "%" })).toMatchObject({ rows: [] });
    expect(ids(await listRefunds(db, a.merchant.id, { storeId: a.store.id }))).toHaveLength(3);
    const [empty] = await db
      .insert(stores)
      .values({ merchantId: a.merchant.id, name: "No refunds here" })
      .returning();
    expect(await listRefunds(db, a.merchant.id, { storeId: empty!.id })).toMatchObject({
      rows: [],
    });
  });

  it("names who asked and who decided, and pages by keyset", async () => {
    const [refused] = (await listRefunds(db, a.merchant.id, { status: "failed" })).rows;
    expect(refused).toMatchObject({
      requestedByName: labelOf(a.people.staff),
      refusedByName: labelOf(a.people.manager),
      approvedByName: null,
      refuseReason: "changed mind",
      storeName: a.store.name,
    });
    const first = await listRefunds(db, a.merchant.id, { limit: 2 });
    const second = await listRefunds(db, a.merchant.id, {
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(first.rows).toHaveLength(2);
    expect(second).toMatchObject({ nextCursor: null });
    expect([...ids(first), ...ids(second)].sort()).toEqual(
      ids(await listRefunds(db, a.merchant.id, {})),
    );
  });
});

describe(`the approvers' badge (${engine})`, () => {
  it("counts the shop's refunds awaiting approval, for those who approve", async () => {
    expect(await countAwaitingApproval(db, a.merchant.id)).toBe(2);
    expect(await countAwaitingApproval(db, b.merchant.id)).toBe(1);
    expect(await as(a, "manager").refunds.awaitingCount()).toBe(2);
    expect(await as(a, "owner").refunds.awaitingCount()).toBe(2);
    for (const role of ["staff", "analyst"] as const) {
      expect((await expectTRPCError(as(a, role).refunds.awaitingCount())).code).toBe("FORBIDDEN");
    }
    await as(b, "manager").refunds.refuse({ refundId: made.other.id, reason: "not ours" });
    expect(await as(b, "owner").refunds.awaitingCount()).toBe(0);
  });

  it("the router takes the new filters and refuses a malformed one", async () => {
    const page = await as(a, "analyst").refunds.list({ methodKind: "cash", from: "2026-03-02" });
    expect(ids(page)).toEqual([made.cashWaiting.id]);
    expect((await expectTRPCError(as(a, "analyst").refunds.list({ from: "2 March" }))).code).toBe(
      "BAD_REQUEST",
    );
  });
});

import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { merchants, orders, paymentAttempts, stores } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import {
  newOrder,
  orderState,
  payableOrder,
  seedPayments,
  type PaymentsSeed,
  testProviders,
} from "@/test/payments";
import { payCash } from "./cash.service";
import { createAttempt } from "./payment-request.service";
import { createOrderInput, type ListOrdersInput } from "./order.schema";
import { cancelOrder, createOrder, getOrderDetail, listOrders } from "./order.service";
import { labelOf } from "@/test/fixtures";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
/** Another merchant, for isolation checks. */
let other: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Orders");
  other = await seedPayments(db, "Other");
});
afterEach(() => {
  vi.useRealTimers();
});

/** Only the clock moves: timers (and so the database drivers) keep running for real. */
function clockAt(iso: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(iso));
}

function orderFor(s: PaymentsSeed, input: Record<string, unknown>) {
  return createOrder(
    db,
    s.staff,
    s.merchant.id,
    createOrderInput.parse({ storeId: s.store.id, currency: "CNY", ...input }),
  );
}

describe(`createOrder (${engine})`, () => {
  it("totals line items as Σ quantity × unit price and keeps them in order", async () => {
    const order = await orderFor(seed, {
      items: [
        { name: "Latte", quantity: 3, unitPriceMinor: "1250" },
        { name: "Bagel", quantity: 2, unitPriceMinor: 399 },
      ],
      note: "  no sugar  ",
    });
    expect(order).toMatchObject({
      status: "pending",
      currency: "CNY",
      amountMinor: 4548n,
      note: "no sugar",
      createdBy: seed.people.staff.id,
    });
    const detail = await getOrderDetail(db, seed.merchant.id, order.id, "owner");
    expect(detail.items.map((i) => [i.position, i.name, i.quantity, i.unitPriceMinor])).toEqual([
      [0, "Latte", 3, 1250n],
      [1, "Bagel", 2, 399n],
    ]);
    expect(detail.timeline.map((t) => t.action)).toEqual(["order.create"]);
    expect(detail.timeline[0]!.after).toMatchObject({ amountMinor: "4548", items: 2 });
  });

  it("takes a free amount when there are no items", async () => {
    const order = await orderFor(seed, { amountMinor: 8800 });
    expect(order.amountMinor).toBe(8800n);
    expect((await getOrderDetail(db, seed.merchant.id, order.id, "owner")).items).toEqual([]);
  });

  it("numbers orders by the merchant's local day, one sequence per merchant and day", async () => {
    const first = await seedPayments(db, "Numbers");
    const second = await seedPayments(db, "Numbers2");

    // 23:59:59.999 on the 26th in Shanghai.
    clockAt("2026-11-26T15:59:59.999Z");
    expect((await orderFor(first, { amountMinor: 100 })).number).toBe("20261126-0001");
    // 00:30 on the 27th in Shanghai, still the 26th in UTC.
    clockAt("2026-11-26T16:30:00.000Z");
    expect((await orderFor(first, { amountMinor: 100 })).number).toBe("20261127-0001");
    expect((await orderFor(first, { amountMinor: 100 })).number).toBe("20261127-0002");
    expect((await orderFor(second, { amountMinor: 100 })).number).toBe("20261127-0001");
    clockAt("2026-11-27T16:00:00.000Z");
    expect((await orderFor(first, { amountMinor: 100 })).number).toBe("20261128-0001");

    // The merchant's own zone decides the day: 03:00 UTC is the evening before in New York.
    await db
      .update(merchants)
      .set({ timeZone: "America/New_York" })
      .where(eq(merchants.id, second.merchant.id));
    clockAt("2026-11-28T03:00:00.000Z");
    expect((await orderFor(second, { amountMinor: 100 })).number).toBe("20261127-0002");
  });

  it("gives 20 orders created at once 20 distinct, consecutive numbers", async () => {
    const shop = await seedPayments(db, "Rush");
    clockAt("2026-11-27T02:00:00.000Z");
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => orderFor(shop, { amountMinor: 100 + i })),
    );
    const numbers = created.map((o) => o.number).sort();
    expect(numbers).toEqual(
      Array.from({ length: 20 }, (_, i) => `20261127-${String(i + 1).padStart(4, "0")}`),
    );
  });

  it("does not find another merchant's store", async () => {
    await expectDomainError(
      createOrder(
        db,
        seed.staff,
        seed.merchant.id,
        createOrderInput.parse({ storeId: other.store.id, currency: "CNY", amountMinor: 100 }),
      ),
      "NOT_FOUND",
      "storeNotFound",
    );
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.storeId, other.store.id));
    expect(Number(count!.n)).toBe(0);
  });

  it("refuses both items and an amount, or neither (schema)", () => {
    const base = { storeId: seed.store.id, currency: "CNY" };
    const both = createOrderInput.safeParse({
      ...base,
      amountMinor: 100,
      items: [{ name: "Tea", quantity: 1, unitPriceMinor: 100 }],
    });
    const neither = createOrderInput.safeParse(base);
    for (const result of [both, neither]) {
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["amountMinor", "itemsOrAmount"],
      ]);
    }
  });
});

describe(`cancelOrder (${engine})`, () => {
  it("cancels a pending order and its open request", async () => {
    const { order, attempt } = await payableOrder(db, seed);
    await cancelOrder(db, seed.staff, seed.merchant.id, order.id);
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("cancelled");
    expect(state.attempts.map((a) => [a.id, a.status])).toEqual([[attempt.id, "cancelled"]]);
    expect(state.actions).toEqual([
      "order.create",
      "attempt.create",
      "attempt.cancel",
      "order.cancel",
    ]);
  });

  it("refuses a paid order and another merchant's order", async () => {
    const paid = await newOrder(db, seed);
    await payCash(db, seed.staff, seed.merchant.id, {
      orderId: paid.id,
      methodId: seed.cash.id,
      tenderedMinor: 1000n,
    });
    await expectDomainError(
      cancelOrder(db, seed.staff, seed.merchant.id, paid.id),
      "INVALID_STATE",
      "invalidTransition",
    );
    const theirs = await newOrder(db, other);
    await expectDomainError(
      cancelOrder(db, seed.staff, seed.merchant.id, theirs.id),
      "NOT_FOUND",
      "orderNotFound",
    );
    expect((await orderState(db, paid.id)).order.status).toBe("paid");
    expect((await orderState(db, theirs.id)).order.status).toBe("pending");
  });
});

describe(`getOrderDetail (${engine})`, () => {
  it("lists what happened to the order in order, with who did it", async () => {
    const { order, attempt: first } = await payableOrder(db, seed, 3000n);
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
    const cash = await payCash(db, seed.staff, seed.merchant.id, {
      orderId: order.id,
      methodId: seed.cash.id,
      tenderedMinor: 5000n,
    });

    const detail = await getOrderDetail(db, seed.merchant.id, order.id, "owner");
    expect(detail).toMatchObject({
      id: order.id,
      number: order.number,
      status: "paid",
      amountMinor: 3000n,
      storeName: seed.store.name,
      createdByName: labelOf(seed.people.staff),
    });
    expect(detail.timeline.map((t) => t.action)).toEqual([
      "order.create",
      "attempt.create",
      "attempt.cancel",
      "attempt.create",
      "attempt.cancel",
      "attempt.create",
      "attempt.succeed",
      "order.paid",
    ]);
    expect(new Set(detail.timeline.map((t) => t.actorName))).toEqual(
      new Set([labelOf(seed.people.staff)]),
    );
    const at = detail.timeline.map((t) => t.at.getTime());
    expect(at).toEqual([...at].sort((x, y) => x - y));
    // Newest request first.
    expect(detail.attempts.map((a) => [a.id, a.status, a.methodKind])).toEqual([
      [cash.attemptId, "succeeded", "cash"],
      [second.id, "cancelled", "sandbox"],
      [first.id, "cancelled", "sandbox"],
    ]);
    expect(detail.attempts[0]).toMatchObject({ cashTenderedMinor: 5000n, changeMinor: 2000n });
  });

  it("does not show one merchant's order to another", async () => {
    const order = await newOrder(db, seed);
    await expectDomainError(
      getOrderDetail(db, other.merchant.id, order.id, "owner"),
      "NOT_FOUND",
      "orderNotFound",
    );
  });
});

describe(`listOrders (${engine})`, () => {
  type Row = {
    id: string;
    number: string;
    storeId: string;
    status: (typeof orders.$inferSelect)["status"];
    amountMinor: bigint;
    createdAt: Date;
    kinds: string[];
    txnIds: string[];
  };
  let shop: PaymentsSeed;
  let storeB: string;
  const data: Row[] = [];

  const statuses = ["pending", "paid", "cancelled", "expired"] as const;
  const base = Date.parse("2026-03-01T00:00:00.000Z");

  beforeAll(async () => {
    shop = await seedPayments(db, "List");
    const [b] = await db
      .insert(stores)
      .values({ merchantId: shop.merchant.id, name: "Second store" })
      .returning();
    storeB = b!.id;
    // 60 orders: every three share a created_at (the id breaks the tie), amounts repeat
    // six times each; created hourly from 08:00 on 1 March to 03:00 on 2 March, Shanghai.
    // One more at the last millisecond of 1 March, Shanghai time.
    for (let i = 0; i <= 60; i++) {
      const createdAt =
        i === 60
          ? new Date("2026-03-01T15:59:59.999Z")
          : new Date(base + Math.floor(i / 3) * 3_600_000);
      const [row] = await db
        .insert(orders)
        .values({
          merchantId: shop.merchant.id,
          storeId: i % 2 === 0 ? shop.store.id : storeB,
          number: `20260301-${String(i + 1).padStart(4, "0")}`,
          status: statuses[i % 4],
          currency: "CNY",
          amountMinor: 1000n + BigInt((i * 7) % 10) * 100n,
          createdAt,
          updatedAt: createdAt,
        })
        .returning();
      const r: Row = { ...row!, kinds: [], txnIds: [] };
      const attempt = (
        kind: "cash" | "sandbox",
        status: "succeeded" | "failed",
        txn: string | null,
      ) =>
        db.insert(paymentAttempts).values({
          merchantId: shop.merchant.id,
          orderId: r.id,
          methodId: kind === "cash" ? shop.cash.id : shop.sandbox.id,
          methodKind: kind,
          token: randomBytes(24).toString("base64url"),
          status,
          amountMinor: r.amountMinor,
          currency: "CNY",
          providerTxnId: txn,
          expiresAt: new Date(createdAt.getTime() + 900_000),
          createdAt,
        });
      if (i % 5 === 0) {
        await attempt("cash", "succeeded", null);
        r.kinds.push("cash");
      }
      if (i % 3 === 0) {
        const txn = `SBX2026030100${String(i).padStart(4, "0")}`;
        await attempt("sandbox", i % 5 === 0 ? "failed" : "succeeded", txn);
        r.kinds.push("sandbox");
        r.txnIds.push(txn);
      }
      data.push(r);
    }
  });

  const byCreated = (a: Row, b: Row) =>
    a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byAmount = (a: Row, b: Row) =>
    (a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const expectedOrder = {
    newest: (rows: Row[]) => [...rows].sort(byCreated).reverse(),
    oldest: (rows: Row[]) => [...rows].sort(byCreated),
    amount_desc: (rows: Row[]) => [...rows].sort(byAmount).reverse(),
    amount_asc: (rows: Row[]) => [...rows].sort(byAmount),
  };

  /** Follows nextCursor to the end, as the list page does with "more". */
  async function walk(input: ListOrdersInput) {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listOrders(db, shop.merchant.id, { ...input, cursor });
      expect(page.rows.length).toBeLessThanOrEqual(input.limit ?? 25);
      ids.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
      expect(pages, "the walk never ends").toBeLessThan(100);
    } while (cursor);
    return { ids, pages };
  }

  it.each(["newest", "oldest", "amount_desc", "amount_asc"] as const)(
    "walks all 61 orders by %s, 7 a page, each exactly once in order",
    async (sort) => {
      const { ids, pages } = await walk({ sort, limit: 7 });
      expect(pages).toBe(9);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expectedOrder[sort](data).map((r) => r.id));
    },
  );

  it("pages a filtered list the same way", async () => {
    const { ids } = await walk({ sort: "amount_asc", status: ["paid", "expired"], limit: 4 });
    expect(ids).toEqual(
      expectedOrder
        .amount_asc(data.filter((r) => r.status === "paid" || r.status === "expired"))
        .map((r) => r.id),
    );
  });

  const filters: [string, ListOrdersInput, (r: Row) => boolean][] = [
    ["status", { status: ["paid"] }, (r) => r.status === "paid"],
    [
      "two statuses",
      { status: ["cancelled", "expired"] },
      (r) => r.status !== "pending" && r.status !== "paid",
    ],
    ["method kind cash", { methodKind: "cash" }, (r) => r.kinds.includes("cash")],
    ["method kind sandbox", { methodKind: "sandbox" }, (r) => r.kinds.includes("sandbox")],
    ["method kind never used", { methodKind: "alipay" }, () => false],
    ["min amount", { minAmountMinor: 1500n }, (r) => r.amountMinor >= 1500n],
    ["max amount", { maxAmountMinor: "1200" }, (r) => r.amountMinor <= 1200n],
    [
      "amount range",
      { minAmountMinor: 1200n, maxAmountMinor: 1500n },
      (r) => r.amountMinor >= 1200n && r.amountMinor <= 1500n,
    ],
    [
      "from a local date (midnight in Shanghai is 16:00 UTC)",
      { from: "2026-03-02" },
      (r) => r.createdAt.getTime() >= Date.parse("2026-03-01T16:00:00.000Z"),
    ],
    [
      "to a local date, inclusive of its last millisecond",
      { to: "2026-03-01" },
      (r) => r.createdAt.getTime() < Date.parse("2026-03-01T16:00:00.000Z"),
    ],
    [
      "one local day",
      { from: "2026-03-02", to: "2026-03-02" },
      (r) => r.createdAt.getTime() >= Date.parse("2026-03-01T16:00:00.000Z"),
    ],
    ["a day with no orders", { from: "2026-03-03", to: "2026-03-05" }, () => false],
    ["number prefix", { q: "20260301-001" }, (r) => r.number.startsWith("20260301-001")],
    ["whole number", { q: "20260301-0042" }, (r) => r.number === "20260301-0042"],
    // A fragment anywhere in the number: the day's sequence, or across the dash.
    ["number fragment", { q: "0042" }, (r) => r.number.includes("0042")],
    ["number middle", { q: "0301-003" }, (r) => r.number.includes("0301-003")],
    // "_" and "%" are text, not LIKE wildcards.
    ["number with a wildcard", { q: "20260301-00_1" }, () => false],
    ["percent sign", { q: "%" }, () => false],
    [
      "provider transaction id",
      { q: "SBX20260301000042" },
      (r) => r.txnIds.includes("SBX20260301000042"),
    ],
    [
      "status and amount together",
      { status: ["pending"], minAmountMinor: 1300n },
      (r) => r.status === "pending" && r.amountMinor >= 1300n,
    ],
  ];

  it.each(filters)("filters by %s, with the matching total", async (_name, input, keep) => {
    const expected = expectedOrder.newest(data.filter(keep)).map((r) => r.id);
    const page = await listOrders(db, shop.merchant.id, { ...input, limit: 100 });
    expect(page.rows.map((r) => r.id)).toEqual(expected);
    expect(page.total).toBe(expected.length);
    expect(page.totalIsCapped).toBe(false);
    expect(page.nextCursor).toBeNull();
  });

  it("filters by store", async () => {
    for (const storeId of [shop.store.id, storeB]) {
      const expected = expectedOrder.newest(data.filter((r) => r.storeId === storeId));
      const page = await listOrders(db, shop.merchant.id, { storeId, limit: 100 });
      expect(page.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
      expect(page.total).toBe(30 + (storeId === shop.store.id ? 1 : 0));
    }
  });

  it("counts every match, not just the page", async () => {
    const page = await listOrders(db, shop.merchant.id, { limit: 7 });
    expect(page.rows).toHaveLength(7);
    expect(page.total).toBe(61);
    expect(page.totalIsCapped).toBe(false);
  });

  it("shows the method that paid, else the latest one tried", async () => {
    const page = await listOrders(db, shop.merchant.id, { limit: 100 });
    const labelOf = new Map(page.rows.map((r) => [r.number, r.methodLabel]));
    expect(labelOf.get("20260301-0001")).toBe("Cash"); // i = 0: cash succeeded, sandbox failed
    expect(labelOf.get("20260301-0004")).toBe("Sandbox wallet"); // i = 3
    expect(labelOf.get("20260301-0002")).toBeNull(); // i = 1: never tried
  });

  it("restarts from the first page on a tampered cursor or one made for another sort", async () => {
    const first = await listOrders(db, shop.merchant.id, { limit: 7 });
    const amountCursor = (await listOrders(db, shop.merchant.id, { sort: "amount_desc", limit: 7 }))
      .nextCursor!;
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const someId = data[5]!.id;
    for (const cursor of [
      "not-a-cursor",
      Buffer.from("not json").toString("base64url"),
      encode({ v: "2026-03-01T05:00:00.000Z", id: "1 or 1=1" }),
      encode({ v: 5, id: someId }),
      encode({ v: "yesterday", id: someId }),
      // Strings JavaScript reads as dates but PostgreSQL does not.
      encode({ v: "1", id: someId }),
      encode({ v: "March 1", id: someId }),
      amountCursor,
    ]) {
      const page = await listOrders(db, shop.merchant.id, { limit: 7, cursor });
      expect(
        page.rows.map((r) => r.id),
        cursor,
      ).toEqual(first.rows.map((r) => r.id));
    }
    // And a date cursor handed to an amount sort.
    const amountFirst = await listOrders(db, shop.merchant.id, { sort: "amount_asc", limit: 7 });
    const restarted = await listOrders(db, shop.merchant.id, {
      sort: "amount_asc",
      limit: 7,
      cursor: first.nextCursor!,
    });
    expect(restarted.rows.map((r) => r.id)).toEqual(amountFirst.rows.map((r) => r.id));
  });

  it("caps the count at 10,000 for a very long list", async () => {
    const big = await seedPayments(db, "Big");
    await db.execute(sql`
      insert into orders (merchant_id, store_id, number, currency, amount_minor)
      select ${big.merchant.id}, ${big.store.id}, '20260101-' || lpad(g::text, greatest(4, length(g::text)), '0'), 'CNY', 100
      from generate_series(1, 10001) as g`);
    const page = await listOrders(db, big.merchant.id, {});
    expect(page.rows).toHaveLength(25);
    expect(page.total).toBe(10_000);
    expect(page.totalIsCapped).toBe(true);
    // Numbers as formatOrderNumber writes them: the search reads the numbers with these only.
    const narrowed = await listOrders(db, big.merchant.id, { q: "0101-1000" });
    expect(narrowed.rows.map((r) => r.number).sort()).toEqual([
      "20260101-1000",
      "20260101-10000",
      "20260101-10001",
    ]);
    expect(narrowed).toMatchObject({ total: 3, totalIsCapped: false });
  });

  it("shows a merchant none of another merchant's orders, whatever the filter", async () => {
    const theirs = await newOrder(db, other);
    const mineIds = new Set(data.map((r) => r.id));
    for (const input of [
      {},
      { storeId: shop.store.id },
      { q: "20260301-0001" },
      { q: "SBX20260301000042" },
      { methodKind: "cash" as const },
    ]) {
      const page = await listOrders(db, other.merchant.id, { ...input, limit: 100 });
      expect(page.rows.filter((r) => mineIds.has(r.id))).toEqual([]);
      expect(page.total).toBe(page.rows.length);
    }
    const theirList = await listOrders(db, other.merchant.id, { limit: 100 });
    expect(theirList.rows.map((r) => r.id)).toContain(theirs.id);
    await expectDomainError(
      getOrderDetail(db, other.merchant.id, data[0]!.id, "owner"),
      "NOT_FOUND",
      "orderNotFound",
    );
  });
});

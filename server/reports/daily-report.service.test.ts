import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  cashShifts,
  orders,
  paymentAttempts,
  paymentFailures,
  refunds,
  shiftPaidOuts,
  stores,
  voucherRedemptions,
  vouchers,
} from "@/db/schema";
import type { Db } from "@/db/types";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor } from "@/test/fixtures";
import type { Role } from "@/server/auth/roles.logic";
import { exportsByName } from "@/server/exports/export-registry";
import { createCaller } from "@/server/trpc/root";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { dailyReport, dayQueries } from "./daily-report.service";

const { db } = setupTestDatabase();

/**
 * A day in Asia/Shanghai (the seeded shop's zone): 2026-11-20 runs from 2026-11-19T16:00Z to
 * 2026-11-20T16:00Z. Every row below sits just inside or just outside it, or in another store.
 */
const day = "2026-11-20";
const at = (iso: string) => new Date(iso);

let seed: PaymentsSeed;
let otherStoreId: string;
let n = 0;

async function order(
  storeId: string,
  createdAt: string,
  opts: { status?: "paid" | "cancelled" | "expired"; paidAt?: string; currency?: string } = {},
) {
  const [row] = await db
    .insert(orders)
    .values({
      merchantId: seed.merchant.id,
      storeId,
      number: `R-${++n}`,
      status: opts.status ?? "paid",
      currency: opts.currency ?? "CNY",
      amountMinor: 0n,
      createdAt: at(createdAt),
      paidAt: opts.paidAt ? at(opts.paidAt) : null,
    })
    .returning();
  return row!;
}

async function attempt(
  orderId: string,
  method: { id: string; kind: "sandbox" | "cash" },
  amountMinor: bigint,
  opts: {
    status?: "succeeded" | "failed";
    at: string;
    feeMinor?: bigint;
    currency?: string;
    isDuplicate?: boolean;
  },
) {
  const succeeded = (opts.status ?? "succeeded") === "succeeded";
  const [row] = await db
    .insert(paymentAttempts)
    .values({
      merchantId: seed.merchant.id,
      orderId,
      methodId: method.id,
      methodKind: method.kind,
      token: randomBytes(12).toString("hex"),
      status: opts.status ?? "succeeded",
      amountMinor,
      currency: opts.currency ?? "CNY",
      feeMinor: succeeded ? (opts.feeMinor ?? 0n) : null,
      isDuplicate: opts.isDuplicate ?? false,
      expiresAt: at(opts.at),
      createdAt: at(opts.at),
      succeededAt: succeeded ? at(opts.at) : null,
    })
    .returning();
  return row!;
}

async function refund(
  o: { id: string },
  a: { id: string; methodId: string; amountMinor: bigint },
  amountMinor: bigint,
  succeededAt: string,
  feeRefundedMinor = 0n,
) {
  await db
    .update(paymentAttempts)
    .set({ refundedMinor: amountMinor })
    .where(sql`${paymentAttempts.id} = ${a.id}`);
  await db.insert(refunds).values({
    merchantId: seed.merchant.id,
    orderId: o.id,
    attemptId: a.id,
    methodId: a.methodId,
    status: "succeeded",
    amountMinor,
    currency: "CNY",
    reason: "customer_request",
    feeRefundedMinor,
    createdAt: at(succeededAt),
    succeededAt: at(succeededAt),
  });
}

async function voucher(o: { id: string }, valueMinor: bigint, createdAt: string) {
  const [row] = await db
    .insert(vouchers)
    .values({
      merchantId: seed.merchant.id,
      orderId: o.id,
      code: randomBytes(8).toString("hex"),
      valueMinor,
      currency: "CNY",
      usesTotal: 1,
      usesLeft: 0,
      createdAt: at(createdAt),
    })
    .returning();
  return row!;
}

async function failure(
  storeId: string,
  o: { id: string },
  occurredAt: string,
  recoveredAt: string | null,
  kind: "failed" | "expired" | "refund_failed" = "failed",
) {
  await db.insert(paymentFailures).values({
    merchantId: seed.merchant.id,
    kind,
    orderId: o.id,
    reason: kind === "expired" ? "expired" : "insufficient_funds",
    methodKind: "sandbox",
    methodId: seed.sandbox.id,
    storeId,
    amountMinor: 1000n,
    currency: "CNY",
    occurredAt: at(occurredAt),
    recoveredAt: recoveredAt ? at(recoveredAt) : null,
  });
}

async function seedDay(db: Db) {
  const storeA = seed.store.id;
  const [b] = await db
    .insert(stores)
    .values({ merchantId: seed.merchant.id, name: "Other store" })
    .returning();
  otherStoreId = b!.id;
  const sandbox = { id: seed.sandbox.id, kind: "sandbox" as const };
  const cash = { id: seed.cash.id, kind: "cash" as const };

  // 00:30 local: paid by the wallet (fee 60), its voucher issued and redeemed the same day;
  // a duplicate success on it is left out (it is to be given back).
  const o1 = await order(storeA, "2026-11-19T16:30:00Z", { paidAt: "2026-11-19T16:35:00Z" });
  await attempt(o1.id, sandbox, 10000n, { at: "2026-11-19T16:35:00Z", feeMinor: 60n });
  await attempt(o1.id, sandbox, 10000n, {
    at: "2026-11-19T16:50:00Z",
    feeMinor: 60n,
    isDuplicate: true,
  });
  const v1 = await voucher(o1, 10000n, "2026-11-19T16:35:00Z");
  await db.insert(voucherRedemptions).values({
    merchantId: seed.merchant.id,
    voucherId: v1.id,
    storeId: storeA,
    redeemedAt: at("2026-11-20T02:00:00Z"),
  });
  // Cash 50.00, of which 20.00 given back the same day.
  const o2 = await order(storeA, "2026-11-20T03:00:00Z", { paidAt: "2026-11-20T03:01:00Z" });
  const a2 = await attempt(o2.id, cash, 5000n, { at: "2026-11-20T03:01:00Z" });
  await refund(o2, a2, 2000n, "2026-11-20T05:00:00Z");
  // The wallet refused, then cash paid it: a failure recovered.
  const o3 = await order(storeA, "2026-11-20T04:00:00Z", { paidAt: "2026-11-20T04:05:00Z" });
  await attempt(o3.id, sandbox, 3000n, { at: "2026-11-20T04:01:00Z", status: "failed" });
  await attempt(o3.id, cash, 3000n, { at: "2026-11-20T04:05:00Z" });
  await failure(storeA, o3, "2026-11-20T04:01:00Z", "2026-11-20T04:05:00Z");
  // Cancelled, and one that ran out of time (its failure never recovered).
  await order(storeA, "2026-11-20T06:00:00Z", { status: "cancelled" });
  const o5 = await order(storeA, "2026-11-20T07:00:00Z", { status: "expired" });
  await failure(storeA, o5, "2026-11-20T07:15:00Z", null, "expired");
  // 23:30 local the day before, paid then (not this day's), refunded in full this day with
  // the wallet's fee (42) returned; its voucher was issued the day before and a redemption of
  // it this day was reversed.
  const o6 = await order(storeA, "2026-11-19T15:30:00Z", { paidAt: "2026-11-19T15:40:00Z" });
  const a6 = await attempt(o6.id, sandbox, 7000n, { at: "2026-11-19T15:40:00Z", feeMinor: 42n });
  await refund(o6, a6, 7000n, "2026-11-20T10:00:00Z", 42n);
  const v6 = await voucher(o6, 7000n, "2026-11-19T15:40:00Z");
  await db.insert(voucherRedemptions).values({
    merchantId: seed.merchant.id,
    voucherId: v6.id,
    storeId: storeA,
    redeemedAt: at("2026-11-20T01:00:00Z"),
    reversedAt: at("2026-11-20T01:10:00Z"),
  });
  // Another store, the same day: in "all stores" only.
  const o7 = await order(otherStoreId, "2026-11-20T08:00:00Z", {
    paidAt: "2026-11-20T08:01:00Z",
  });
  await attempt(o7.id, sandbox, 20000n, { at: "2026-11-20T08:01:00Z", feeMinor: 120n });
  await voucher(o7, 20000n, "2026-11-20T08:01:00Z");
  await failure(otherStoreId, o7, "2026-11-20T08:00:30Z", "2026-11-20T08:01:00Z");
  // 00:10 local the next day: not this day's.
  const o8 = await order(storeA, "2026-11-20T16:10:00Z", { paidAt: "2026-11-20T16:11:00Z" });
  await attempt(o8.id, sandbox, 9000n, { at: "2026-11-20T16:11:00Z", feeMinor: 54n });
  await failure(storeA, o8, "2026-11-20T16:10:30Z", null);
  // A refund the provider refused is not a payment failure.
  await failure(storeA, o2, "2026-11-20T05:30:00Z", null, "refund_failed");
  // Hong Kong dollars in cash: their own figures, never added to yuan.
  const o9 = await order(storeA, "2026-11-20T09:00:00Z", {
    paidAt: "2026-11-20T09:00:00Z",
    currency: "HKD",
  });
  await attempt(o9.id, cash, 4000n, { at: "2026-11-20T09:00:00Z", currency: "HKD" });
}

beforeAll(async () => {
  seed = await seedPayments(db, "Report");
  await seedDay(db);
});

describe("the day's report of one store", () => {
  it("counts the day's orders in the shop's zone, and those paid that day", async () => {
    const r = await dailyReport(db, seed.merchant.id, { day, storeId: seed.store.id });
    expect(r.timeZone).toBe("Asia/Shanghai");
    expect(r.from).toEqual(at("2026-11-19T16:00:00Z"));
    expect(r.to).toEqual(at("2026-11-20T16:00:00Z"));
    expect(r.orders).toEqual({ created: 6, paid: 4, cancelled: 1, expired: 1, open: 0 });
  });

  it("has takings, refunds and fees per method in each currency, never summed across", async () => {
    const r = await dailyReport(db, seed.merchant.id, { day, storeId: seed.store.id });
    expect(r.currencies.map((c) => c.currency)).toEqual(["CNY", "HKD"]);
    const [cny, hkd] = r.currencies;
    const byMethod = (
      rows: { label: string; count: number; amountMinor: bigint; feeMinor: bigint }[],
    ) => Object.fromEntries(rows.map((p) => [p.label, [p.count, p.amountMinor, p.feeMinor]]));
    expect(byMethod(cny!.payments)).toEqual({
      "Sandbox wallet": [1, 10000n, 60n],
      Cash: [2, 8000n, 0n],
    });
    expect(byMethod(cny!.refunds)).toEqual({
      "Sandbox wallet": [1, 7000n, 42n],
      Cash: [1, 2000n, 0n],
    });
    expect(cny).toMatchObject({
      paymentCount: 3,
      grossMinor: 18000n,
      feeMinor: 60n,
      refundCount: 2,
      refundMinor: 9000n,
      feeReturnedMinor: 42n,
      netFeeMinor: 18n,
      netMinor: 18000n - 9000n - 18n,
      vouchersIssued: 1,
      vouchersIssuedValueMinor: 10000n,
      cash: {
        takenMinor: 8000n,
        refundedMinor: 2000n,
        paidOutMinor: 0n,
        netMinor: 6000n,
        shiftsClosed: 0,
        countedMinor: 0n,
        differenceMinor: 0n,
      },
    });
    expect(hkd).toMatchObject({
      paymentCount: 1,
      grossMinor: 4000n,
      refundMinor: 0n,
      cash: { takenMinor: 4000n, refundedMinor: 0n, netMinor: 4000n },
    });
  });

  it("counts vouchers issued and redeemed (not reversed), and failures with their recovery", async () => {
    const r = await dailyReport(db, seed.merchant.id, { day, storeId: seed.store.id });
    expect(r.vouchers).toEqual({ issued: 1, redeemed: 1 });
    expect(r.failures).toEqual({ count: 2, recovered: 1 });
  });
});

describe("the drawers of a day (shifts, 交班)", () => {
  it("takes the day's paid-outs from the cash position and shows the shifts closed", async () => {
    // 2026-11-22 in Shanghai: a cash sale, a shift closed that evening 150 fen short with a
    // paid-out, another shift opened that day and still open, and a paid-out just after
    // midnight (the next day's).
    const sale = await order(seed.store.id, "2026-11-22T02:00:00Z");
    await attempt(sale.id, { id: seed.cash.id, kind: "cash" }, 10_000n, {
      at: "2026-11-22T02:00:00Z",
    });
    const [closed] = await db
      .insert(cashShifts)
      .values({
        merchantId: seed.merchant.id,
        storeId: seed.store.id,
        cashierId: seed.people.staff.id,
        status: "closed",
        currency: "CNY",
        floatMinor: 20_000n,
        openedAt: at("2026-11-22T01:00:00Z"),
        closedAt: at("2026-11-22T10:00:00Z"),
        cashSalesMinor: 10_000n,
        cashRefundsMinor: 0n,
        paidOutsMinor: 3_000n,
        expectedMinor: 27_000n,
        countedMinor: 26_850n,
        differenceMinor: -150n,
      })
      .returning();
    const [open] = await db
      .insert(cashShifts)
      .values({
        merchantId: seed.merchant.id,
        storeId: seed.store.id,
        cashierId: seed.people.manager.id,
        currency: "CNY",
        floatMinor: 5_000n,
        openedAt: at("2026-11-22T11:00:00Z"),
      })
      .returning();
    const paidOut = (shiftId: string, amountMinor: bigint, createdAt: string) => ({
      merchantId: seed.merchant.id,
      shiftId,
      kind: "supplier" as const,
      amountMinor,
      currency: "CNY",
      reason: "milk",
      createdAt: at(createdAt),
    });
    await db
      .insert(shiftPaidOuts)
      .values([
        paidOut(closed!.id, 3_000n, "2026-11-22T05:00:00Z"),
        paidOut(open!.id, 700n, "2026-11-22T16:00:00Z"),
      ]);

    const r = await dailyReport(db, seed.merchant.id, {
      day: "2026-11-22",
      storeId: seed.store.id,
    });
    expect(r.currencies.map((c) => [c.currency, c.cash])).toEqual([
      [
        "CNY",
        {
          takenMinor: 10_000n,
          refundedMinor: 0n,
          paidOutMinor: 3_000n,
          netMinor: 7_000n,
          shiftsClosed: 1,
          countedMinor: 26_850n,
          differenceMinor: -150n,
        },
      ],
    ]);
    const next = await dailyReport(db, seed.merchant.id, { day: "2026-11-23" });
    expect(next.currencies.map((c) => c.cash.paidOutMinor)).toEqual([700n]);
    expect(next.currencies[0]?.cash.shiftsClosed).toBe(0);
    const otherStore = await dailyReport(db, seed.merchant.id, {
      day: "2026-11-22",
      storeId: otherStoreId,
    });
    expect(otherStore.currencies).toEqual([]);
  });
});

describe("its queries", () => {
  it("read every figure through an index bounded to the shop, the store and the day", async () => {
    // Planner statistics say the tables are large (a real shop's): a scan would cost more.
    await db.execute(sql`set enable_seqscan = off`);
    try {
      for (const storeId of [seed.store.id, null]) {
        const queries = dayQueries(db, {
          merchantId: seed.merchant.id,
          storeId,
          start: at("2026-11-19T16:00:00Z"),
          end: at("2026-11-20T16:00:00Z"),
          methodIds: [seed.sandbox.id, seed.cash.id],
        });
        const dayColumn: Record<keyof typeof queries, string> = {
          created: "created_at",
          paid: "paid_at",
          payments: "succeeded_at",
          refunds: "succeeded_at",
          issued: "created_at",
          redeemed: "redeemed_at",
          failures: "occurred_at",
          paidOuts: "created_at",
          shiftsClosed: "closed_at",
        };
        for (const [name, query] of Object.entries(queries)) {
          const res = (await db.execute(sql`explain ${query}`)) as unknown as {
            rows: { "QUERY PLAN": string }[];
          };
          const plan = res.rows.map((r) => r["QUERY PLAN"]).join("\n");
          expect(plan, `${name}, store ${storeId}`).not.toContain("Seq Scan");
          // The day's bounds are an index condition, not a filter over the shop's history.
          // (With one store, a handful of rows lets PostgreSQL start from the store's orders
          // instead; the shop-wide plans are the ones whose shape does not depend on size.)
          if (storeId === null)
            expect(plan, `${name}, all stores`).toMatch(
              new RegExp(`Index Cond: .*${dayColumn[name as keyof typeof queries]} >= `),
            );
        }
      }
    } finally {
      await db.execute(sql`reset enable_seqscan`);
    }
  });
});

describe("the day's report of all stores", () => {
  it("adds the other store's day", async () => {
    const r = await dailyReport(db, seed.merchant.id, { day });
    expect(r.storeName).toBeNull();
    expect(r.orders).toEqual({ created: 7, paid: 5, cancelled: 1, expired: 1, open: 0 });
    const cny = r.currencies.find((c) => c.currency === "CNY")!;
    expect(cny.grossMinor).toBe(38000n);
    expect(cny.feeMinor).toBe(180n);
    expect(cny.vouchersIssued).toBe(2);
    expect(r.failures).toEqual({ count: 3, recovered: 2 });
  });

  it("is empty for a day with nothing, and refuses another shop's store", async () => {
    const r = await dailyReport(db, seed.merchant.id, { day: "2026-11-25" });
    expect(r.currencies).toEqual([]);
    expect(r.orders.created).toBe(0);
    const other = await seedPayments(db, "Other");
    await expect(
      dailyReport(db, other.merchant.id, { day, storeId: seed.store.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const theirs = await dailyReport(db, other.merchant.id, { day });
    expect(theirs.orders.created).toBe(0);
    expect(theirs.currencies).toEqual([]);
  });
});

describe(`who reads it, and its files (${engine})`, () => {
  const as = (role: Role) => createCaller(contextFor(db, seed.people[role]));

  it("is open to owners, managers and analysts, not to cashiers", async () => {
    for (const role of ["owner", "manager", "analyst"] as const) {
      const r = await as(role).reports.daily({ day, storeId: seed.store.id });
      expect(r.orders.created).toBe(6);
    }
    expect((await expectTRPCError(as("staff").reports.daily({ day }))).code).toBe("FORBIDDEN");
    expect((await expectTRPCError(as("owner").reports.daily({ day: "2026-02-31" }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  /** GET /api/exports/daily-report?… as this role. */
  async function download(role: Role, query: string) {
    const res = await exportsByName["daily-report"]!(
      contextFor(db, seed.people[role]),
      new Request(`http://hexiao.test/api/exports/daily-report?${query}`),
    );
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  it("downloads as CSV in English with the page's filters, amounts in major units", async () => {
    const { res, bytes } = await download(
      "analyst",
      `format=csv&locale=en&day=${day}&storeId=${seed.store.id}`,
    );
    expect(res.status).toBe(200);
    const lines = bytes
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe("Section,Item,Currency,Count,Amount");
    expect(lines).toContain("Orders,Created,,6,");
    expect(lines).toContain("Takings by method,Sandbox wallet,CNY,1,100.00");
    expect(lines).toContain("Takings by method,Cash,CNY,2,80.00");
    expect(lines).toContain("Takings by method,Cash,HKD,1,40.00");
    expect(lines).toContain("Refunds by method,Sandbox wallet,CNY,1,70.00");
    // Fees 0.60 less the 0.42 the wallet gave back; the label's comma is quoted.
    expect(lines).toContain('Summary,"Fees, net of returns",CNY,,0.18');
    expect(lines).toContain("Cash position,Cash position,CNY,,60.00");
    expect(lines).toContain("Payment failures,Recovered (paid later by another attempt),,1,");
  });

  it("downloads as XLSX in Chinese, all stores; cashiers and others' stores are refused", async () => {
    const { res, bytes } = await download("owner", `format=xlsx&locale=zh-CN&day=${day}`);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="daily-report-${day}.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const rows = workbook.worksheets[0]!.getSheetValues().map((r) =>
      Array.isArray(r) ? r.slice(1) : [],
    );
    expect(rows[1]).toEqual(["类别", "项目", "币种", "笔数", "金额"]);
    expect(rows).toContainEqual(["汇总", "收款总额（GMV）", "CNY", 4, 380]);
    expect((await download("staff", `day=${day}`)).res.status).toBe(403);
    const other = await seedPayments(db, "Stranger");
    const theirs = await exportsByName["daily-report"]!(
      contextFor(db, other.people.owner),
      new Request(
        `http://hexiao.test/api/exports/daily-report?day=${day}&storeId=${seed.store.id}`,
      ),
    );
    expect(theirs.status).toBe(404);
  });
});

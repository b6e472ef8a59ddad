import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { merchants, refunds } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor, labelOf } from "@/test/fixtures";
import { newOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import type { Role } from "@/server/auth/roles.logic";
import { exportsByName } from "@/server/exports/export-registry";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let other: PaymentsSeed;
let refused: { id: string; number: string };
let approved: { id: string; number: string };

const as = (seed: PaymentsSeed, role: Role) => createCaller(contextFor(db, seed.people[role]));

/** A cash order of `amountMinor` paid at the counter, and the cashier's request to refund it. */
async function asked(amountMinor: bigint) {
  const order = await newOrder(db, a, amountMinor);
  await as(a, "staff").orders.payCash({
    orderId: order.id,
    methodId: a.cash.id,
    tenderedMinor: amountMinor,
  });
  const refund = await as(a, "staff").refunds.request({
    orderId: order.id,
    amountMinor,
    reason: "wrong_amount",
    reasonText: "Rang up 2 lattes",
  });
  return { id: refund.id, number: order.number };
}

beforeAll(async () => {
  a = await seedPayments(db, "RefundExport");
  other = await seedPayments(db, "RefundExportOther");
  await db
    .update(merchants)
    .set({ timeZone: "Asia/Shanghai" })
    .where(eq(merchants.id, a.merchant.id));
  refused = await asked(1250n);
  await as(a, "manager").refunds.refuse({ refundId: refused.id, reason: "Customer kept it" });
  approved = await asked(800n);
  await as(a, "manager").refunds.approve({ refundId: approved.id });
  await db
    .update(refunds)
    .set({ createdAt: new Date("2026-03-01T06:05:09Z") })
    .where(eq(refunds.id, refused.id));
});

function download(user: SessionUser, query = "") {
  const req = new Request(`http://hexiao.test/api/exports/refunds${query}`);
  return exportsByName.refunds!(contextFor(db, user), req);
}

async function records(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(text.startsWith("\uFEFF")).toBe(true);
  return text.slice(1).slice(0, -2).split("\r\n");
}

describe(`the refunds export (${engine})`, () => {
  it("has English headers, codes beside their words, who decided and times in the shop's zone", async () => {
    const res = await download({ ...a.people.analyst, locale: "en" });
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="refunds-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...rows] = await records(res);
    expect(header).toBe(
      "Asked at,Order no.,Store,Amount,Currency,Method type,Payment method,Status,Status code,Reason,Reason code,Details,Asked by,Decided by,Decided at,Refusal reason,Settled at,Provider refund no.,Fee returned",
    );
    expect(rows).toHaveLength(2);
    // Newest first: the approved one, then the refused one at its known instant.
    expect(rows[0]).toContain(
      `,${approved.number},${a.store.name},8.00,CNY,Cash,Cash,Refunded,succeeded,Wrong amount,wrong_amount,Rang up 2 lattes,${labelOf(a.people.staff)},${labelOf(a.people.manager)},`,
    );
    expect(rows[1]).toMatch(
      new RegExp(
        `^2026-03-01 14:05:09 \\+08:00,${refused.number},.*,12.50,CNY,.*,Failed or refused,failed,.*,${labelOf(a.people.manager)},\\d{4}-.*,Customer kept it,`,
      ),
    );
  });

  it("takes the screen's filters and writes Chinese headers to XLSX", async () => {
    const manager = { ...a.people.manager, locale: "zh-CN" as const };
    const [, ...onlyRefused] = await records(await download(manager, "?status=failed"));
    expect(onlyRefused).toHaveLength(1);
    expect(onlyRefused[0]).toContain(refused.number);
    const [, ...byDay] = await records(await download(manager, "?from=2026-03-01&to=2026-03-01"));
    expect(byDay.map((r) => r.includes(refused.number))).toEqual([true]);

    const res = await download(manager, "?format=xlsx");
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await res.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual([
      "申请时间",
      "订单号",
      "门店",
    ]);
    expect(sheet.rowCount).toBe(3);
  });

  it("is open to every role that reads refunds, never across shops, never on a bad filter", async () => {
    const staff = { ...a.people.staff, locale: "en" as const };
    expect((await download(staff)).status).toBe(200);
    const [, ...none] = await records(await download({ ...other.people.owner, locale: "en" }));
    expect(none).toEqual([]);
    expect((await download(staff, `?storeId=${other.store.id}`)).status).toBe(404);
    expect((await download(staff, "?status=bogus")).status).toBe(400);
  });
});

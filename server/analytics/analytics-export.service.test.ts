import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { paymentMethods, stores } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor } from "@/test/fixtures";
import {
  actorOf,
  notify,
  postNotification,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import type { Delivery } from "@/server/connectors/types";
import { requestRefund } from "@/server/refunds/refund.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import { exportsByName } from "@/server/exports/export-registry";
import type { SessionUser } from "@/server/trpc/init";

const { db } = setupTestDatabase();
let a: PaymentsSeed;
let secondStoreId: string;

async function paidOrder(storeId: string, amountMinor: bigint) {
  const order = await createOrder(
    db,
    a.staff,
    a.merchant.id,
    createOrderInput.parse({ storeId, currency: "CNY", amountMinor }),
  );
  const attempt = await createAttempt(
    db,
    a.staff,
    a.merchant.id,
    {
      orderId: order.id,
      methodId: a.sandbox.id,
    },
    testProviders,
  );
  await notify(db, a.sandbox.id, attempt);
  return { order, attempt };
}

beforeAll(async () => {
  a = await seedPayments(db, "Export");
  const [second] = await db
    .insert(stores)
    .values({ merchantId: a.merchant.id, name: '=Second, "new"' })
    .returning();
  secondStoreId = second!.id;
  await paidOrder(a.store.id, 1250n);
  const large = await paidOrder(secondStoreId, 9900n);
  await paidOrder(secondStoreId, 100n);
  // Half of the 99.00 refunded; the wallet gives its whole fee (0.59) back with a first refund.
  await db
    .update(paymentMethods)
    .set({ refundFeeRule: "full" })
    .where(eq(paymentMethods.id, a.sandbox.id));
  const deliveries: Delivery[] = [];
  await requestRefund(
    db,
    { actor: actorOf(a.people.owner), role: "owner" },
    a.merchant.id,
    { orderId: large.order.id, attemptId: large.attempt.id, amountMinor: 4950n, reason: "other" },
    { ...testProviders, deliver: (d) => deliveries.push(d) },
  );
  for (const d of deliveries)
    await postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers });
});

const analyst = () => a.people.analyst;

/** GET /api/exports/analytics?… as this user; the body's bytes. */
async function download(user: SessionUser, query: string) {
  const res = await exportsByName.analytics!(
    contextFor(db, user),
    new Request(`http://hexiao.test/api/exports/analytics?${query}`),
  );
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe(`analytics exports (${engine})`, () => {
  it("exports the store-filtered what-if table as an XLSX that opens, in Chinese, amounts in yuan", async () => {
    const { res, bytes } = await download(
      analyst(),
      `table=whatIf&format=xlsx&locale=zh-CN&preset=today&storeId=${secondStoreId}&targetMethodId=${a.cash.id}`,
    );
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="what-if-today.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([
      "门店",
      "笔数",
      "交易额",
      "实收手续费",
      "按另一费率计",
      "差额",
      "币种",
    ]);
    // Only the second store: 99.00 + 1.00, fee 0.6 % = 59.4 → 59 and 0.6 → 1 fen.
    expect(sheet.rowCount).toBe(2);
    // A formula-looking name shows as typed, held as text by the Text format.
    expect(values(2)).toEqual(['=Second, "new"', 2, 100, 0.6, 0, -0.6, "CNY"]);
    expect(sheet.getRow(2).getCell(1).numFmt).toBe("@");
  });

  it("exports the trend as CSV in English, the filters honoured", async () => {
    const lines = (bytes: Buffer) =>
      bytes
        .toString("utf8")
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n");
    const all = lines((await download(analyst(), "table=trend&locale=en&preset=today")).bytes);
    expect(all[0]).toBe(
      "Day,Orders offered a payment request,Paid orders,Conversion (%),GMV,Fees,Refunded,Net revenue,Currency",
    );
    expect(all).toHaveLength(2);
    // Net: 112.50 − 0.68 − 49.50 + 0.59.
    expect(all[1]).toMatch(/^\d{4}-\d{2}-\d{2},3,3,100,112\.50,0\.68,49\.50,62\.91,CNY$/);
    const one = await download(
      analyst(),
      `table=trend&format=csv&locale=en&preset=today&storeId=${a.store.id}`,
    );
    expect(one.bytes.toString("utf8")).toMatch(/,1,1,100,12\.50,0\.08,0\.00,12\.42,CNY\r\n$/);
  });

  it("exports the refunds per store as CSV in Chinese: count, amount, rate by amount, fees back, net", async () => {
    const text = (
      await download(analyst(), "table=stores&format=csv&locale=zh-CN&preset=today")
    ).bytes
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(text[0]).toBe(
      "门店,已付订单,交易额,手续费,退款笔数,退款金额,退款率 (%),退款退还的手续费,净收入,币种",
    );
    // Sorted by name: '=Second, "new"' (a formula-looking name, quoted) before the seed's store.
    expect(text.slice(1)).toEqual([
      // 99.00 + 1.00; fees 0.59 + 0.01; 49.50 refunded = 49.5 %; 0.59 back; net 100 − 0.60 − 49.50 + 0.59.
      `"'=Second, ""new""",2,100.00,0.60,1,49.50,49.5,0.59,50.49,CNY`,
      `${a.store.name},1,12.50,0.08,0,0.00,0,0.00,12.42,CNY`,
    ]);
  });

  it("puts the refund figures in the methods table, headed in the user's language", async () => {
    const text = (
      await download(analyst(), "table=methods&format=csv&locale=en&preset=today")
    ).bytes
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(text[0]).toContain(
      "Promotion cost,Share of full price (%),Refunds,Refunded,Refund rate (%),Fees returned on refunds,Net revenue,Net per order",
    );
  });

  it("refuses staff an export like the screen does", async () => {
    const { res } = await download(a.people.staff, "table=methods&format=csv&preset=today");
    expect(res.status).toBe(403);
  });
});

import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { stores } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor } from "@/test/fixtures";
import { notify, seedPayments, testProviders, type PaymentsSeed } from "@/test/payments";
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
}

beforeAll(async () => {
  a = await seedPayments(db, "Export");
  const [second] = await db
    .insert(stores)
    .values({ merchantId: a.merchant.id, name: '=Second, "new"' })
    .returning();
  secondStoreId = second!.id;
  await paidOrder(a.store.id, 1250n);
  await paidOrder(secondStoreId, 9900n);
  await paidOrder(secondStoreId, 100n);
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
    expect(values(2)).toEqual(['\'=Second, "new"', 2, 100, 0.6, 0, -0.6, "CNY"]);
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
      "Day,Orders offered a payment request,Paid orders,Conversion (%),GMV,Fees,Currency",
    );
    expect(all).toHaveLength(2);
    expect(all[1]).toMatch(/^\d{4}-\d{2}-\d{2},3,3,100,112\.50,0\.68,CNY$/);
    const one = await download(
      analyst(),
      `table=trend&format=csv&locale=en&preset=today&storeId=${a.store.id}`,
    );
    expect(one.bytes.toString("utf8")).toMatch(/,1,1,100,12\.50,0\.08,CNY\r\n$/);
  });

  it("refuses staff an export like the screen does", async () => {
    const { res } = await download(a.people.staff, "table=methods&format=csv&preset=today");
    expect(res.status).toBe(403);
  });
});

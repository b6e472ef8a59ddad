import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db/open";
import { stores } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { contextFor } from "@/db/testing/fixtures";
import { notify, seedPayments, testProviders, type PaymentsSeed } from "@/db/testing/payments";
import type { Db } from "@/db/types";
import { createAttempt } from "@/server/payments/payment-request.service";
import { createOrderInput } from "@/server/payments/order.schema";
import { createOrder } from "@/server/payments/order.service";
import { createCaller } from "@/server/trpc/root";
import { buildExportTable, exportQuery } from "./export";
import { toCsv, toXlsx } from "./export.logic";

const engine = process.env.TEST_ENGINE ?? "pglite";

let opened: OpenDatabase;
let db: Db;
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
  opened = await createTestDatabase();
  db = opened.db;
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
afterAll(() => opened.close());

const analyst = () => createCaller(contextFor(db, a.people.analyst));

describe(`analytics exports (${engine})`, () => {
  it("exports the store-filtered method table as an XLSX that opens, in Chinese, amounts in yuan", async () => {
    const table = await buildExportTable(
      analyst(),
      exportQuery.parse({
        table: "whatIf",
        format: "xlsx",
        locale: "zh-CN",
        preset: "today",
        storeId: secondStoreId,
        targetMethodId: a.cash.id,
      }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await toXlsx(table)) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    const sheet = workbook.worksheets[0]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([
      "门店",
      "笔数",
      "交易额 (CNY)",
      "实收手续费 (CNY)",
      "按另一费率计 (CNY)",
      "差额 (CNY)",
    ]);
    // Only the second store: 99.00 + 1.00, fee 0.6 % = 59.4 → 59 and 0.6 → 1 fen.
    expect(sheet.rowCount).toBe(2);
    expect(values(2)).toEqual(['\'=Second, "new"', 2, 100, 0.6, 0, -0.6]);
  });

  it("exports the trend as CSV in English, the filters honoured", async () => {
    const all = await buildExportTable(
      analyst(),
      exportQuery.parse({ table: "trend", format: "csv", locale: "en", preset: "today" }),
    );
    const csv = toCsv(all);
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Day,Orders offered a request,Paid orders,Conversion (%),GMV (CNY),Fees (CNY)",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2},3,3,100,112\.50,0\.68$/);
    const one = await buildExportTable(
      analyst(),
      exportQuery.parse({
        table: "trend",
        format: "csv",
        locale: "en",
        preset: "today",
        storeId: a.store.id,
      }),
    );
    expect(toCsv(one)).toMatch(/,1,1,100,12\.50,0\.08\r\n$/);
  });

  it("refuses staff an export like the screen does", async () => {
    const staff = createCaller(contextFor(db, a.people.staff));
    await expect(
      buildExportTable(
        staff,
        exportQuery.parse({ table: "methods", format: "csv", preset: "today" }),
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

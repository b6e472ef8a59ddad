import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { contextFor, labelOf } from "@/test/fixtures";
import {
  notify,
  payableOrder,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { importedStatement, openDifference, statementLine } from "@/test/reconciliation";
import { exportsByName } from "@/server/exports/export-registry";
import type { SessionUser } from "@/server/trpc/init";
import { closeDay } from "./recon-day.service";
import { resolveDifference } from "./recon-difference.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
let other: PaymentsSeed;
let orderNumber: string;
const day = "2026-07-01";

beforeAll(async () => {
  seed = await seedPayments(db, "ReconExport");
  other = await seedPayments(db, "ReconExportOther");
  const { order, attempt } = await payableOrder(db, seed, 1250n);
  await notify(db, seed.sandbox.id, attempt);
  orderNumber = order.number;
  const statement = await importedStatement(db, seed.merchant.id, seed.sandbox.id, day);
  await statementLine(db, statement, {
    kind: "payment",
    day,
    occurredAt: new Date("2026-07-01T02:00:00Z"),
    amountMinor: 1250n,
    feeMinor: 8n,
    providerTxnId: "4200001",
    merchantRef: attempt.token,
    attemptId: attempt.id,
  });
  const foreign = await statementLine(db, statement, {
    kind: "payment",
    day,
    occurredAt: new Date("2026-07-01T03:00:00Z"),
    amountMinor: 300n,
    feeMinor: 2n,
    providerTxnId: "4200002",
    state: "difference",
  });
  const differences = [
    await openDifference(db, {
      merchantId: seed.merchant.id,
      methodId: seed.sandbox.id,
      day,
      kind: "missing_here",
      lineId: foreign.id,
      theirAmountMinor: 300n,
      theirFeeMinor: 2n,
    }),
    await openDifference(db, {
      merchantId: seed.merchant.id,
      methodId: seed.sandbox.id,
      day,
      kind: "missing_there",
      attemptId: attempt.id,
      orderId: order.id,
      ourAmountMinor: 990n,
    }),
  ];
  for (const d of differences)
    await resolveDifference(
      db,
      seed.manager,
      seed.merchant.id,
      { differenceId: d.id, action: "accepted", note: "Checked with the shop" },
      { providers: testProviders },
    );
  await closeDay(db, seed.manager, seed.merchant.id, { methodId: seed.sandbox.id, day });
});

function download(name: string, user: SessionUser, query: string) {
  const req = new Request(`http://hexiao.test/api/exports/${name}?${query}`);
  return exportsByName[name]!(contextFor(db, user), req);
}

async function records(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(text.startsWith("\uFEFF")).toBe(true);
  return text.slice(1).slice(0, -2).split("\r\n");
}

describe(`the reconciliation exports (${engine})`, () => {
  it("a day's close: its figures, its lines, our side, amounts in major units", async () => {
    const analyst = { ...seed.people.analyst, locale: "en" as const };
    const res = await download("recon-close", analyst, `methodId=${seed.sandbox.id}&day=${day}`);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="recon-close-${day}.csv"`,
    );
    const [header, ...rows] = await records(res);
    expect(header).toBe(
      "Row,Day,Payment method,Status,Statement,Line,Time,Type,Provider transaction no.,Our reference,Order no.,Store,Currency,Amount,Their fee,Our fee,Refunds,Net,Expected settlement,Difference,Difference status,Resolution,Note",
    );
    expect(rows).toHaveLength(4);
    // Gross 12.50 + 3.00, their fees 0.08 + 0.02, no refunds; settled one day later.
    expect(rows[0]).toBe(
      `Close,${day},Sandbox wallet,Closed,,,,,,,,,CNY,15.50,0.10,0.08,0.00,15.40,2026-07-02,,,,`,
    );
    expect(rows[1]).toMatch(
      new RegExp(
        `^Statement line,${day},Sandbox wallet,Matched,statement-${day}.csv,1,2026-07-01 10:00:00 \\+08:00,Payment,4200001,[^,]+,${orderNumber},${seed.store.name},CNY,12.50,0.08,,,,,,,,$`,
      ),
    );
    expect(rows[2]).toContain(
      ",Differs,statement-2026-07-01.csv,2,2026-07-01 11:00:00 +08:00,Payment,4200002,,,,CNY,3.00,0.02,,,,,Missing here,Resolved,Accepted,Checked with the shop",
    );
    expect(rows[3]).toBe(
      `Our side,${day},Sandbox wallet,,,,,,,,${orderNumber},,CNY,9.90,,,,,,Missing at the provider,Resolved,Accepted,Checked with the shop`,
    );
  });

  it("the differences with the queue's filters, and Chinese headers in XLSX", async () => {
    const manager = { ...seed.people.manager, locale: "en" as const };
    const [header, ...rows] = await records(
      await download("recon-differences", manager, `from=${day}&to=${day}&kind=missing_here`),
    );
    expect(header!.split(",").slice(0, 4)).toEqual([
      "Day",
      "Payment method",
      "Difference",
      "Difference code",
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(
      `${day},Sandbox wallet,Missing here,missing_here,Resolved,resolved,,4200002,,statement-${day}.csv,2,CNY,,3.00,,0.02,Accepted,accepted,Checked with the shop,${labelOf(seed.people.manager)},`,
    );

    const zh = { ...seed.people.owner, locale: "zh-CN" as const };
    const res = await download(
      "recon-close",
      zh,
      `methodId=${seed.sandbox.id}&day=${day}&format=xlsx`,
    );
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await res.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual([
      "行类型",
      "日期",
      "支付方式",
    ]);
    expect(sheet.getRow(2).getCell(18).value).toBe(15.4);
    expect(sheet.rowCount).toBe(5);
  });

  it("is for the roles that read reconciliation, in their own shop only", async () => {
    const query = `methodId=${seed.sandbox.id}&day=${day}`;
    expect((await download("recon-close", seed.people.staff, query)).status).toBe(403);
    expect((await download("recon-close", other.people.owner, query)).status).toBe(404);
    expect((await download("recon-close", seed.people.owner, "day=bogus")).status).toBe(400);
    const [, ...none] = await records(
      await download("recon-differences", { ...other.people.owner, locale: "en" }, ""),
    );
    expect(none).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { inChunks, readAll, utf8, withBom } from "@/test/statements/statement-bytes";
import { openStatement } from "./open-statement";
import { StatementFileError } from "./statement-file-error";

const options = { timeZone: "Asia/Shanghai" };

const columns = [
  "Transaction ID",
  "Invoice ID",
  "PayPal Reference ID",
  "PayPal Reference ID Type",
  "Transaction Event Code",
  "Transaction Initiation Date",
  "Transaction Completion Date",
  "Transaction Debit or Credit",
  "Gross Transaction Amount",
  "Gross Transaction Currency",
  "Fee Debit or Credit",
  "Fee Amount",
  "Fee Currency",
  "Transactional Status",
  "Insurance Amount",
  "Sales Tax Amount",
  "Shipping Amount",
  "Transaction Subject",
  "Transaction Note",
  "Custom Field",
];

interface Txn {
  id: string;
  invoice?: string;
  reference?: string;
  code: string;
  at: string;
  direction: "CR" | "DR";
  gross: string;
  currency: string;
  feeDirection?: "CR" | "DR";
  fee?: string;
  status?: string;
  subject?: string;
  custom?: string;
}

const q = (value: string) => `"${value.replaceAll('"', '""')}"`;

function sb(t: Txn): string {
  return [
    q("SB"),
    q(t.id),
    q(t.invoice ?? ""),
    q(t.reference ?? ""),
    q(t.reference ? "TXN" : ""),
    q(t.code),
    t.at,
    t.at,
    q(t.direction),
    t.gross,
    q(t.currency),
    q(t.feeDirection ?? ""),
    t.fee ?? "",
    q(t.fee ? t.currency : ""),
    q(t.status ?? "S"),
    "",
    "",
    "",
    q(t.subject ?? ""),
    q(""),
    q(t.custom ?? ""),
  ].join(",");
}

const txns: Txn[] = [
  {
    id: "8MC585209K746392H",
    invoice: "INV-1",
    code: "T0006",
    at: "2017/03/02 09:59:55 -0800",
    direction: "CR",
    gross: "125000",
    currency: "USD",
    feeDirection: "DR",
    fee: "3655",
    custom: "tok_a",
    subject: 'Order "42", with a comma',
  },
  {
    id: "1JU08902781691411",
    reference: "8MC585209K746392H",
    code: "T1107",
    at: "2017/03/02 12:00:00 -0800",
    direction: "DR",
    gross: "1000",
    currency: "USD",
    feeDirection: "CR",
    fee: "29",
    custom: "tok_a",
  },
  // ¥150 written with PayPal's two implied decimals.
  {
    id: "5TY05013RG002845M",
    invoice: "INV-3",
    code: "T0002",
    at: "2017/03/02 13:00:00 -0800",
    direction: "CR",
    gross: "15000",
    currency: "JPY",
  },
  {
    id: "3X1234",
    code: "T1503",
    at: "2017/03/02 14:00:00 -0800",
    direction: "DR",
    gross: "500",
    currency: "USD",
  },
];

function report(
  body: Txn[],
  footer?: { section?: number; report?: number },
  cutAfter?: string,
): string {
  const rows = [
    '"RH",2017/03/03 02:00:00 -0800,"A","XYZ123",008,',
    '"FH",01',
    '"SH",2017/03/02 00:00:00 -0800,2017/03/02 23:59:59 -0800,"XYZ123",""',
    ["CH", ...columns].map(q).join(","),
    ...body.map(sb),
    `"SF",${footer?.section ?? body.length}`,
    `"SC",${footer?.section ?? body.length}`,
    `"RF",${footer?.report ?? body.length}`,
    `"RC",${footer?.report ?? body.length}`,
    `"FF",${footer?.report ?? body.length}`,
  ];
  const end = cutAfter ? rows.findIndex((r) => r.startsWith(cutAfter)) + 1 : rows.length;
  return rows.slice(0, end).join("\r\n") + "\r\n";
}

async function refusal(bytes: Uint8Array): Promise<StatementFileError> {
  try {
    await readAll(await openStatement(inChunks(bytes), options));
  } catch (error) {
    if (error instanceof StatementFileError) return error;
    throw error;
  }
  throw new Error("The file was read without an error");
}

describe("the PayPal Transaction Detail Report", () => {
  it("reads payments, refunds and other rows by event code, CR/DR and the CH names", async () => {
    const reader = await openStatement(inChunks(withBom(report(txns))), options);
    expect(reader.format).toBe("paypal_trr");
    const lines = await readAll(reader);
    expect(
      lines.map((l) => [l.kind, l.currency, l.amountMinor, l.feeMinor, l.providerStatus]),
    ).toEqual([
      ["payment", "USD", 125000n, 3655n, "T0006"],
      ["refund", "USD", 1000n, -29n, "T1107"],
      ["payment", "JPY", 150n, 0n, "T0002"],
      ["other", "USD", 500n, 0n, "T1503"],
    ]);
    expect(lines[0]).toMatchObject({
      lineNo: 5,
      providerTxnId: "8MC585209K746392H",
      merchantRef: "tok_a",
      providerRefundId: null,
    });
    expect(lines[0]?.occurredAt.toISOString()).toBe("2017-03-02T17:59:55.000Z");
    expect(lines[0]?.raw).toContain('"Order ""42"", with a comma"');
    expect(lines[1]).toMatchObject({
      providerTxnId: "8MC585209K746392H",
      providerRefundId: "1JU08902781691411",
      merchantRef: "tok_a",
    });
    // Without a custom field, the invoice id is our reference.
    expect(lines[2]?.merchantRef).toBe("INV-3");
    const summary = reader.summary();
    expect(summary.declared).toEqual({
      lineCount: 4,
      paymentsMinor: null,
      refundsMinor: null,
      feesMinor: null,
    });
    expect(summary.counted.lineCount).toBe(4);
    // Two currencies: no one currency for the sums.
    expect(summary.currency).toBeNull();
    expect(summary.period).toEqual({
      from: new Date("2017-03-02T08:00:00.000Z"),
      to: new Date("2017-03-03T08:00:00.000Z"),
    });
  });

  it("reads the report in UTF-16 with its BOM, little- or big-endian, tab-separated too", async () => {
    const utf8Lines = await readAll(await openStatement(inChunks(utf8(report(txns))), options));
    const utf16 = (text: string, endian: "le" | "be") => {
      const le = Buffer.from(`\uFEFF${text}`, "utf16le");
      return endian === "le" ? le : le.swap16();
    };
    for (const endian of ["le", "be"] as const) {
      // 7-byte chunks split characters (two bytes each) across chunk borders.
      const reader = await openStatement(inChunks(utf16(report(txns), endian), 7), options);
      expect(reader.encoding).toBe(`utf-16${endian}`);
      expect(await readAll(reader)).toEqual(utf8Lines);
    }
    const tabbed = report(txns).replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/gm, "\t");
    const reader = await openStatement(inChunks(utf16(tabbed, "le")), options);
    expect((await readAll(reader)).map((l) => l.amountMinor)).toEqual(
      utf8Lines.map((l) => l.amountMinor),
    );
  });

  it("keeps a quoted field with commas and a quote whole across 1- and 7-byte chunks", async () => {
    const bytes = utf8(report(txns));
    const whole = await readAll(await openStatement(inChunks(bytes), options));
    for (const size of [1, 7]) {
      expect(await readAll(await openStatement(inChunks(bytes, size), options))).toEqual(whole);
    }
  });

  it("reports footer counts that disagree with the rows, without refusing", async () => {
    const reader = await openStatement(
      inChunks(utf8(report(txns.slice(0, 2), { report: 3 }))),
      options,
    );
    await readAll(reader);
    expect(reader.summary().declared?.lineCount).toBe(3);
    expect(reader.summary().counted.lineCount).toBe(2);
  });

  it("reads an empty report and refuses one cut before its report footer or mid-row", async () => {
    const empty = await openStatement(inChunks(utf8(report([]))), options);
    expect(await readAll(empty)).toEqual([]);
    expect(empty.summary().declared?.lineCount).toBe(0);

    const cut = await refusal(utf8(report(txns, undefined, '"SC"')));
    expect(cut.messageKey).toBe("statementTruncated");
    expect(cut.details).toMatchObject({ expected: "the report footer (RF)" });

    const text = report(txns);
    const midRow = await refusal(utf8(text.slice(0, text.indexOf("125000") + 3)));
    expect(midRow.details).toMatchObject({ expected: "the rest of line 5" });
  });

  it("names the line and column of an amount that is not a whole number", async () => {
    const bad = await refusal(utf8(report([{ ...txns[0]!, gross: "1250.00" }])));
    expect(bad.messageKey).toBe("statementBadAmount");
    expect(bad.details).toMatchObject({ line: 5, column: "Gross Transaction Amount" });
  });
});

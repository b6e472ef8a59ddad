import { describe, expect, it } from "vitest";
import { gbk, inChunks, readAll, utf8 } from "@/test/statements/statement-bytes";
import { genericCsvMapping } from "./generic-csv.schema";
import { openStatement, previewCsv } from "./open-statement";
import { StatementFileError } from "./statement-file-error";
import type { GenericCsvMapping } from "./types";

const mapping: GenericCsvMapping = {
  columns: {
    providerTxnId: "Txn",
    occurredAt: "Time",
    amount: "Amount",
    fee: "Fee",
    merchantRef: "Reference",
  },
  currency: "EUR",
  timeZone: "Europe/Berlin",
  decimal: ",",
};

async function refusal(
  bytes: Uint8Array,
  m: GenericCsvMapping = mapping,
): Promise<StatementFileError> {
  try {
    await readAll(await openStatement(inChunks(bytes), { timeZone: "UTC", mapping: m }));
  } catch (error) {
    if (error instanceof StatementFileError) return error;
    throw error;
  }
  throw new Error("The file was read without an error");
}

describe("a generic CSV read through the merchant's mapping", () => {
  it("reads semicolons, comma decimals, quoted fields, times in the mapping's zone; negative is a refund", async () => {
    const text = [
      "Txn;Time;Amount;Fee;Reference;Note",
      'A1;2026-07-01 10:00:00;"1.250,00";"0,35";tok_a;"Café; ""terrasse"""',
      "A2;2026-07-01T10:00:00Z;-0,04;0;tok_b;",
      "A3;2026-07-01 23:30;0,01;;tok_c;",
    ].join("\r\n");
    const reader = await openStatement(inChunks(utf8(text), 7), { timeZone: "UTC", mapping });
    expect(reader.format).toBe("generic_csv");
    const lines = await readAll(reader);
    expect(lines.map((l) => [l.kind, l.amountMinor, l.feeMinor, l.currency])).toEqual([
      ["payment", 125000n, 35n, "EUR"],
      ["refund", 4n, 0n, "EUR"],
      ["payment", 1n, 0n, "EUR"],
    ]);
    // Berlin summer time is UTC+2; a time with its own zone keeps it.
    expect(lines.map((l) => l.occurredAt.toISOString())).toEqual([
      "2026-07-01T08:00:00.000Z",
      "2026-07-01T10:00:00.000Z",
      "2026-07-01T21:30:00.000Z",
    ]);
    expect(lines[0]).toMatchObject({ providerTxnId: "A1", merchantRef: "tok_a" });
    expect(lines[1]).toMatchObject({ providerTxnId: null, providerRefundId: "A2" });
    expect(reader.summary()).toMatchObject({ declared: null, currency: "EUR" });
  });

  it("takes refunds from the type column when the mapping has one, and GBK text", async () => {
    const text = [
      "单号,时间,金额,类型",
      "X1,2026-07-01 10:00:00,12.50,支付",
      "X2,2026-07-01 11:00:00,2.50,退款",
    ].join("\n");
    const m: GenericCsvMapping = {
      columns: { providerTxnId: "单号", occurredAt: "时间", amount: "金额", type: "类型" },
      refundTypes: ["退款"],
      currency: "CNY",
      timeZone: "Asia/Shanghai",
      decimal: ".",
    };
    const reader = await openStatement(inChunks(gbk(text), 1), { timeZone: "UTC", mapping: m });
    expect((await readAll(reader)).map((l) => [l.kind, l.amountMinor, l.providerStatus])).toEqual([
      ["payment", 1250n, "支付"],
      ["refund", 250n, "退款"],
    ]);
    expect(reader.encoding).toBe("gbk");
  });

  it("decides GBK at the first Chinese bytes even when the header is ASCII", async () => {
    const ascii = Array.from({ length: 40 }, (_, i) => `T${i},2026-07-01 10:00:00,1.00,ok`);
    const text = ["id,time,amount,note", ...ascii, "T99,2026-07-01 10:00:00,1.00,备注"].join("\n");
    const m: GenericCsvMapping = {
      columns: { providerTxnId: "id", occurredAt: "time", amount: "amount" },
      currency: "CNY",
      timeZone: "Asia/Shanghai",
      decimal: ".",
    };
    const reader = await openStatement(inChunks(gbk(text), 7), { timeZone: "UTC", mapping: m });
    const lines = await readAll(reader);
    expect(lines).toHaveLength(41);
    expect(lines.at(-1)?.raw).toContain("备注");
    expect(reader.encoding).toBe("gbk");
  });

  it("refuses a header without a mapped column, naming it, and a file without a mapping", async () => {
    const missing = await refusal(utf8("Txn;Time;Total\nA1;2026-07-01 10:00:00;1,00\n"));
    expect(missing.messageKey).toBe("statementMissingColumn");
    expect(missing.details).toEqual({ column: "Amount" });

    const noMapping = openStatement(inChunks(utf8("Txn;Time;Amount\n")), { timeZone: "UTC" });
    await expect(noMapping).rejects.toMatchObject({ messageKey: "statementUnknownLayout" });
  });

  it("validates the mapping it is saved with", () => {
    expect(genericCsvMapping.parse({ ...mapping, currency: "eur" }).currency).toBe("EUR");
    expect(genericCsvMapping.safeParse({ ...mapping, timeZone: "Mars/Olympus" }).success).toBe(
      false,
    );
    expect(genericCsvMapping.safeParse({ ...mapping, decimal: ";" }).success).toBe(false);
    expect(
      genericCsvMapping.safeParse({ ...mapping, columns: { ...mapping.columns, amount: " " } })
        .success,
    ).toBe(false);
  });
});

describe("the CSV preview for the mapping dialog", () => {
  it("shows the encoding, the header and up to five rows, leaving out a line cut by the head", () => {
    const rows = Array.from({ length: 8 }, (_, i) => `A${i};"${i},50";"x; y"`);
    const text = ["Txn;Amount;Note", ...rows].join("\r\n");
    const head = utf8(text).subarray(0, 60);
    const preview = previewCsv(head);
    expect(preview.encoding).toBe("utf-8");
    expect(preview.delimiter).toBe(";");
    expect(preview.headers).toEqual(["Txn", "Amount", "Note"]);
    expect(preview.rows[0]).toEqual(["A0", "0,50", "x; y"]);
    // 60 bytes hold the header and two whole rows; the third is cut and left out.
    expect(preview.rows).toHaveLength(2);
    expect(previewCsv(utf8(text)).rows).toHaveLength(5);
  });

  it("reads a GBK head with tabs", () => {
    const preview = previewCsv(gbk("单号\t金额\r\nX1\t12.50\r\n"));
    expect(preview).toEqual({
      encoding: "gbk",
      delimiter: "\t",
      headers: ["单号", "金额"],
      rows: [["X1", "12.50"]],
    });
  });

  it("reads a UTF-16 head by its BOM, as Excel saves Unicode text", () => {
    const preview = previewCsv(Buffer.from("\uFEFF单号\t金额\r\nX1\t12.50\r\n", "utf16le"));
    expect(preview).toEqual({
      encoding: "utf-16le",
      delimiter: "\t",
      headers: ["单号", "金额"],
      rows: [["X1", "12.50"]],
    });
  });
});

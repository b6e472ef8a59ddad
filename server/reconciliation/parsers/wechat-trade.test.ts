import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { inChunks, readAll, utf8, withBom, zipOf } from "@/test/statements/statement-bytes";
import { buildWechatBill, type WechatBillRow } from "@/test/statements/wechat-bill";
import { openStatement } from "./open-statement";
import { StatementFileError } from "./statement-file-error";
import {
  wechatBillHeader,
  wechatBillRecord,
  wechatDetailColumns,
  wechatSummaryColumns,
} from "./wechat-trade";

const options = { timeZone: "Europe/Paris" };

const rows: WechatBillRow[] = [
  {
    time: "2026-11-26 00:05:09",
    txnId: "4200000925202611260000000001",
    merchantRef: "tok_a",
    amount: "0.01",
    fee: "0.00000",
  },
  {
    time: "2026-11-26 10:00:00",
    txnId: "4200000925202611260000000002",
    merchantRef: "tok_b",
    amount: "1250.00",
    fee: "7.50000",
  },
  {
    time: "2026-11-26 11:30:00",
    txnId: "4200000925202611260000000002",
    merchantRef: "tok_b",
    status: "REFUND",
    refundId: "50300000000000000001",
    refundRef: "ref_1",
    refundAmount: "100.00",
    fee: "-0.60000",
  },
  {
    time: "2026-11-26 12:00:00",
    txnId: "4200000925202611260000000003",
    merchantRef: "tok_c",
    amount: "6.00",
    fee: "0.03600",
  },
];

async function open(bytes: Uint8Array, size?: number) {
  return openStatement(inChunks(bytes, size), options);
}

async function refusal(bytes: Uint8Array): Promise<StatementFileError> {
  try {
    const reader = await open(bytes);
    await readAll(reader);
  } catch (error) {
    if (error instanceof StatementFileError) return error;
    throw error;
  }
  throw new Error("The file was read without an error");
}

describe("the WeChat Pay trade bill", () => {
  it("reads payments and refunds from the current 27-column ALL bill, exact to the fen", async () => {
    const text = buildWechatBill(rows);
    expect(text.startsWith("\uFEFF交易时间,公众账号ID")).toBe(true);
    expect(text).toContain("\r\n`2026-11-26 00:05:09,`wx");
    const reader = await open(utf8(text));
    expect(reader.format).toBe("wechat_trade");
    expect(reader.encoding).toBe("utf-8");
    const lines = await readAll(reader);
    expect(lines.map((l) => [l.kind, l.amountMinor, l.feeMinor])).toEqual([
      ["payment", 1n, 0n],
      ["payment", 125000n, 750n],
      ["refund", 10000n, -60n],
      // 0.03600 yuan is 3.6 fen: rounded half up to 4.
      ["payment", 600n, 4n],
    ]);
    const [first, , refund] = lines;
    // China time: 00:05:09 on the 26th in Shanghai is 16:05:09 on the 25th in UTC.
    expect(first?.occurredAt.toISOString()).toBe("2026-11-25T16:05:09.000Z");
    expect(first).toMatchObject({
      lineNo: 2,
      providerTxnId: "4200000925202611260000000001",
      merchantRef: "tok_a",
      providerRefundId: null,
      merchantRefundRef: null,
      currency: "CNY",
      providerStatus: "SUCCESS",
    });
    expect(first?.raw.startsWith("`2026-11-26 00:05:09,`wx")).toBe(true);
    expect(refund).toMatchObject({
      providerTxnId: "4200000925202611260000000002",
      providerRefundId: "50300000000000000001",
      merchantRefundRef: "ref_1",
      merchantRef: "tok_b",
    });
    const summary = reader.summary();
    expect(summary.counted).toEqual({
      lineCount: 4,
      paymentsMinor: 125601n,
      refundsMinor: 10000n,
      feesMinor: 694n,
    });
    // Fees are checked exactly: 7.5 − 0.6 + 0.036 = 6.936 yuan against the lines' 6.94 in fen.
    expect(summary.declared).toEqual({
      lineCount: 4,
      paymentsMinor: 125601n,
      refundsMinor: 10000n,
      feesMinor: 694n,
    });
    expect(summary.currency).toBe("CNY");
    expect(summary.period).toBeNull();
  });

  it("gives the same lines whatever the chunk borders (inside the BOM, characters and rows)", async () => {
    const bytes = utf8(buildWechatBill(rows));
    const whole = await readAll(await open(bytes));
    for (const size of [1, 7]) {
      const reader = await open(bytes, size);
      expect(await readAll(reader)).toEqual(whole);
      expect(reader.summary().counted.lineCount).toBe(4);
    }
  });

  it("reads the bill gzipped, as /v3/bill/tradebill gives it with tar_type=GZIP", async () => {
    const bytes = utf8(buildWechatBill(rows));
    const whole = await readAll(await open(bytes));
    const progress: number[] = [];
    const packed = gzipSync(bytes);
    for (const size of [1, 64 * 1024]) {
      const reader = await openStatement(inChunks(packed, size), {
        ...options,
        onProgress: (read) => progress.push(read),
      });
      expect(reader.format).toBe("wechat_trade");
      expect(await readAll(reader)).toEqual(whole);
      expect(reader.summary().declared?.lineCount).toBe(4);
    }
    // Progress counts the bytes uploaded, not those unpacked.
    expect(progress.at(-1)).toBe(packed.length);
  });

  it("reads the bill zipped alone, as a merchant platform download or a re-packed file", async () => {
    const bytes = utf8(buildWechatBill(rows));
    const whole = await readAll(await open(bytes));
    const zip = zipOf([{ name: utf8("微信支付账单(20261126-20261126).csv"), data: bytes }]);
    expect(await readAll(await open(zip, 100))).toEqual(whole);
    // Two files, neither Alipay's 业务明细: which one is the statement is not guessed.
    const two = zipOf([
      { name: utf8("a.csv"), data: bytes },
      { name: utf8("b.csv"), data: bytes },
    ]);
    expect((await refusal(two)).messageKey).toBe("statementZipWithoutDetail");
  });

  it("refuses a gzip that is cut or corrupt, or unpacks to far more than a bill", async () => {
    const packed = gzipSync(utf8(buildWechatBill(rows)));
    const cut = await refusal(packed.subarray(0, packed.length - 20));
    expect(cut.messageKey).toBe("statementGzipUnreadable");
    // One row 80,000 times: about 17 MB of text that gzips to some tens of KB.
    const [header = "", row = ""] = buildWechatBill(rows).split("\r\n");
    const bomb = gzipSync(utf8(`${header}\r\n${`${row}\r\n`.repeat(80_000)}`));
    expect(bomb.length * 100).toBeLessThan(16 * 1024 * 1024);
    const refused = await refusal(bomb);
    expect(refused.messageKey).toBe("statementZipTooLarge");
    expect(refused.details).toEqual({ limitMb: 16 });
  });

  it("reads the legacy 24-column bill with its 5-column summary and full-width time colons", async () => {
    const text = buildWechatBill([{ ...rows[1]!, time: "2014-11-10 16：33：45" }, rows[2]!], {
      legacy: true,
    });
    expect(text).toContain("子商户号");
    expect(text).toContain("总交易单数,总交易额,总退款金额,总企业红包退款金额,手续费总金额");
    const reader = await open(utf8(text));
    const lines = await readAll(reader);
    expect(lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ["payment", 125000n],
      ["refund", 10000n],
    ]);
    expect(lines[0]?.occurredAt.toISOString()).toBe("2014-11-10T08:33:45.000Z");
    expect(reader.summary().declared).toEqual({
      lineCount: 2,
      paymentsMinor: 125000n,
      refundsMinor: 10000n,
      feesMinor: 690n,
    });
  });

  it("takes 订单金额 as a payment's amount when a merchant coupon lowers 应结订单金额", async () => {
    const text = buildWechatBill([{ ...rows[3]!, amount: "6.00", settledAmount: "5.00" }]);
    const [line] = await readAll(await open(utf8(text)));
    expect(line?.amountMinor).toBe(600n);
  });

  it("reads a revoked payment as moving no money, and blank lines before the header", async () => {
    const text = buildWechatBill([{ ...rows[3]!, status: "REVOKED" }]).replace(
      "\uFEFF",
      "\uFEFF\r\n",
    );
    const reader = await open(utf8(text));
    const [line] = await readAll(reader);
    expect(line).toMatchObject({
      lineNo: 3,
      kind: "other",
      providerStatus: "REVOKED",
      amountMinor: 600n,
    });
    expect(reader.summary().counted).toMatchObject({ lineCount: 1, paymentsMinor: 0n });
  });

  it("reads an empty day: header, no rows, a summary of zeros", async () => {
    const text =
      "\uFEFF" +
      wechatBillHeader(wechatDetailColumns) +
      wechatBillHeader(wechatSummaryColumns) +
      wechatBillRecord(["0", "0.00", "0.00", "0.00", "0.00000", "0.00", "0.00"]);
    const reader = await open(utf8(text));
    expect(await readAll(reader)).toEqual([]);
    expect(reader.summary().declared).toEqual({
      lineCount: 0,
      paymentsMinor: 0n,
      refundsMinor: 0n,
      feesMinor: 0n,
    });
    expect(reader.summary().counted.lineCount).toBe(0);
  });

  it("reads SUCCESS and REFUND bills by their own columns, and a summary row with no line break", async () => {
    const refundBill =
      "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\n" +
      "`2019-07-23 20:53:36,`wx1,`1900,`0,`,`4200001,`T1,`o1,`JSAPI,`REFUND,`CFT,`CNY,`0.00,`0.00,`2019-07-23 20:53:36,`2019-07-23 20:53:40,`5030001,`R1,`0.01,`0.00,`ORIGINAL,`SUCCESS,`x,`y,`0.00000,`0.60%,`0.00,`0.01,`\n" +
      "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n" +
      "`1,`0.00,`0.01,`0.00,`0.00000,`0.00,`0.01";
    const reader = await open(withBom(refundBill));
    const [line] = await readAll(reader);
    expect(line).toMatchObject({ kind: "refund", amountMinor: 1n, providerRefundId: "5030001" });
    // When the refund succeeded, not when it was asked for.
    expect(line?.occurredAt.toISOString()).toBe("2019-07-23T12:53:40.000Z");
    expect(reader.summary().declared?.refundsMinor).toBe(1n);

    const successBill =
      "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注\r\n" +
      "`2019-07-23 18:46:41,`X,`X,`X,`,`4200002,`T2,`X,`JSAPI,`SUCCESS,`CFT,`CNY,`0.01,`0.00,`X,`X,`0.00000,`0.60%,`0.01,`\r\n" +
      "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n" +
      "`1,`0.01,`0.00,`0.00,`0.00000,`0.01,`0.00\r\n";
    const success = await open(withBom(successBill));
    expect((await readAll(success)).map((l) => [l.kind, l.amountMinor])).toEqual([["payment", 1n]]);
  });

  it("reports a summary that disagrees with the rows, without refusing the file", async () => {
    const text = buildWechatBill(rows, {
      summary: { count: "45.0", payments: "1250.02", fees: "6.90000" },
    });
    const reader = await open(utf8(text));
    await readAll(reader);
    const { declared, counted } = reader.summary();
    expect(declared).toEqual({
      lineCount: 45,
      paymentsMinor: 125002n,
      refundsMinor: 10000n,
      feesMinor: 690n,
    });
    expect(counted).toEqual({
      lineCount: 4,
      paymentsMinor: 125601n,
      refundsMinor: 10000n,
      feesMinor: 694n,
    });
  });

  it("refuses a file cut before its summary, in its summary, or in the middle of a row", async () => {
    const noSummary = await refusal(utf8(buildWechatBill(rows, { withoutSummary: true })));
    expect(noSummary.messageKey).toBe("statementTruncated");
    expect(noSummary.details).toMatchObject({
      expected: "the summary header (总交易单数,…)",
      line: 5,
    });

    const full = buildWechatBill(rows);
    const headerOnly = full.slice(0, full.lastIndexOf("`4,"));
    expect((await refusal(utf8(headerOnly))).details?.expected).toBe(
      "the summary row after 总交易单数",
    );

    const bytes = Buffer.from(utf8(full));
    const midRow = bytes.subarray(0, bytes.indexOf("`1250.00") + 3);
    const cut = await refusal(midRow);
    expect(cut.messageKey).toBe("statementTruncated");
    expect(cut.details).toMatchObject({ expected: "the rest of line 3", line: 3 });
    expect(cut.code).toBe("VALIDATION");

    // Cut inside the three bytes of 测 in 商品名称.
    const midChar = bytes.subarray(0, bytes.indexOf("测试商品") + 2);
    expect((await refusal(midChar)).details).toMatchObject({ expected: "the rest of line 2" });
  });

  it("names the line and column of a value that is not an amount or a date", async () => {
    const badAmount = await refusal(utf8(buildWechatBill([{ ...rows[1]!, amount: "12.5O" }])));
    expect(badAmount.messageKey).toBe("statementBadAmount");
    expect(badAmount.details).toMatchObject({ line: 2, column: "订单金额", value: "12.5O" });

    const badDate = await refusal(
      utf8(buildWechatBill([{ ...rows[1]!, time: "2026-02-30 10:00:00" }])),
    );
    expect(badDate.messageKey).toBe("statementBadDate");
    expect(badDate.details).toMatchObject({ line: 2, column: "交易时间" });
  });
});

describe("reading a long WeChat bill", () => {
  it("keeps memory flat over 500,000 lines generated as they are read", async () => {
    const total = 500_000;
    const encoder = new TextEncoder();
    async function* bill(): AsyncGenerator<Uint8Array> {
      yield encoder.encode("\uFEFF" + wechatBillHeader(wechatDetailColumns));
      let chunk = "";
      for (let i = 0; i < total; i++) {
        chunk += buildRow(i);
        if (chunk.length > 60_000) {
          yield encoder.encode(chunk);
          chunk = "";
        }
      }
      yield encoder.encode(
        chunk +
          wechatBillHeader(wechatSummaryColumns) +
          wechatBillRecord([String(total), "0.00", "0.00", "0.00", "0.00000", "0.00", "0.00"]),
      );
    }
    const template = buildWechatBill([rows[1]!]).split("\r\n")[1]!;
    const buildRow = (i: number) =>
      `${template.replace("4200000925202611260000000002", `42${i}`)}\r\n`;

    // The live heap, after a full collection: garbage counts for nothing (how much of it the
    // collector lets pile up depends on the heap the worker already has from earlier files).
    const liveHeap = () => {
      if (!global.gc) throw new Error("Vitest's workers run with --expose-gc (vitest.config.ts)");
      global.gc();
      return process.memoryUsage().heapUsed;
    };
    const before = liveHeap();
    let peak = before;
    const reader = await openStatement(bill(), options);
    let count = 0;
    let numbered = true;
    for await (const line of reader.lines) {
      count++;
      if (count % 50_000 === 0) peak = Math.max(peak, liveHeap());
      numbered &&= line.lineNo === count + 1;
    }
    expect(count).toBe(total);
    expect(numbered).toBe(true);
    expect(reader.summary().counted.lineCount).toBe(total);
    expect(reader.summary().declared?.lineCount).toBe(total);
    // The file is ~190 MB of text; holding it (or its lines) would take far more than this.
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  });
});

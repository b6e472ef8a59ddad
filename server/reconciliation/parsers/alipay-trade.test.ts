import { describe, expect, it } from "vitest";
import { gbk, inChunks, readAll, utf8, zipOf } from "@/test/statements/statement-bytes";
import { openStatement } from "./open-statement";
import { StatementFileError } from "./statement-file-error";

const options = { timeZone: "America/New_York" };

const header =
  "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";

/** A row as Alipay writes it: a tab after id-like fields, amounts plain. */
function row(v: {
  trade: string;
  ref: string;
  type: "交易" | "退款";
  created: string;
  done: string;
  amount: string;
  refundRef?: string;
  fee?: string;
}): string {
  return [
    `${v.trade}\t`,
    `${v.ref}\t`,
    `${v.type}\t`,
    "下单测试",
    v.created,
    v.done,
    "alipay_store\t",
    "alipay_store\t",
    "alipay\t",
    "\t",
    "*津水(602***@qq.com)\t",
    v.amount,
    v.amount,
    "0.00",
    "0.00",
    "0.00",
    "0.00",
    "0.00",
    "",
    "0.00\t",
    "0.00",
    `${v.refundRef ?? ""}\t`,
    v.fee ?? "0.00",
    "0.00",
    "下单测试",
  ].join(",");
}

const rows = [
  row({
    trade: "2019091622001458860515315453",
    ref: "tok_a",
    type: "交易",
    created: "2019-09-16 10:55:16",
    done: "2019-09-16 10:55:23",
    amount: "1250.00",
    fee: "-7.50",
  }),
  row({
    trade: "2019091622001458860515315453",
    ref: "tok_a",
    type: "退款",
    created: "2019-09-16 10:55:16",
    done: "2019-09-16 10:56:48",
    amount: "-0.04",
    refundRef: "re_test_1568602607356",
    fee: "0.01",
  }),
  row({
    trade: "2019091622001458860513822558",
    ref: "tok_b",
    type: "交易",
    created: "2019-09-16 11:07:03",
    done: "2019-09-16 11:07:09",
    amount: "0.01",
  }),
];

function detailFile(
  body: string[],
  footer = [
    "#交易合计：2笔，商家实收共1250.01元，商家优惠共0.00元",
    "#退款合计：1笔，商家实收退款共-0.04元，商家优惠退款共0.00元",
  ],
): string {
  return [
    "#支付宝业务明细查询",
    "#账号：[20880211096256330156]",
    "#起始日期：[2019年09月16日 00:00:00]   终止日期：[2019年09月17日 00:00:00]",
    "#-----------------------------------------业务明细列表----------------------------------------",
    header,
    ...body,
    "#-----------------------------------------业务明细列表结束------------------------------------",
    ...footer,
    "#导出时间：[2019年09月17日 05:46:49]",
    "",
  ].join("\r\n");
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

describe("the Alipay 业务明细", () => {
  it("encodes the test's GBK from Node's own GBK decoder", () => {
    expect([...gbk("支付宝")]).toEqual([0xd6, 0xa7, 0xb8, 0xb6, 0xb1, 0xa6]);
    expect([...gbk("（元）")]).toEqual([0xa3, 0xa8, 0xd4, 0xaa, 0xa3, 0xa9]);
    expect(new TextDecoder("gbk").decode(gbk(detailFile(rows)))).toBe(detailFile(rows));
  });

  it("reads a GBK file: trades and refunds, tab-padded fields, the period, the footer's totals", async () => {
    const reader = await openStatement(inChunks(gbk(detailFile(rows))), options);
    expect(reader.format).toBe("alipay_trade");
    const lines = await readAll(reader);
    expect(reader.encoding).toBe("gbk");
    expect(lines.map((l) => [l.lineNo, l.kind, l.amountMinor, l.feeMinor])).toEqual([
      [6, "payment", 125000n, 750n],
      [7, "refund", 4n, -1n],
      [8, "payment", 1n, 0n],
    ]);
    expect(lines[1]).toMatchObject({
      providerTxnId: "2019091622001458860515315453",
      merchantRef: "tok_a",
      providerRefundId: null,
      merchantRefundRef: "re_test_1568602607356",
      currency: "CNY",
      providerStatus: "退款",
    });
    // 完成时间, China time: when the refund completed.
    expect(lines[1]?.occurredAt.toISOString()).toBe("2019-09-16T02:56:48.000Z");
    expect(lines[0]?.merchantRefundRef).toBeNull();
    const summary = reader.summary();
    expect(summary.period).toEqual({
      from: new Date("2019-09-15T16:00:00.000Z"),
      to: new Date("2019-09-16T16:00:00.000Z"),
    });
    expect(summary.declared).toEqual({
      lineCount: 3,
      paymentsMinor: 125001n,
      refundsMinor: 4n,
      feesMinor: null,
    });
    expect(summary.counted).toEqual({
      lineCount: 3,
      paymentsMinor: 125001n,
      refundsMinor: 4n,
      feesMinor: 749n,
    });
  });

  it("reads the same lines in 1- and 7-byte chunks (borders inside GBK characters) and as UTF-8", async () => {
    const whole = await readAll(await openStatement(inChunks(gbk(detailFile(rows))), options));
    for (const size of [1, 7]) {
      const lines = await readAll(
        await openStatement(inChunks(gbk(detailFile(rows)), size), options),
      );
      expect(lines).toEqual(whole);
    }
    const asUtf8 = await openStatement(inChunks(utf8(detailFile(rows)), 7), options);
    expect(await readAll(asUtf8)).toEqual(whole);
    expect(asUtf8.encoding).toBe("utf-8");
  });

  it("opens the downloaded zip at its 业务明细 entry, not the 汇总 one, names in GBK", async () => {
    const summaryFile = "#支付宝业务汇总查询\r\n#-----业务汇总列表-----\r\n门店编号,门店名称\r\n";
    const zip = zipOf([
      { name: gbk("20880211096256330156_20190916_业务明细(汇总).csv"), data: gbk(summaryFile) },
      { name: gbk("20880211096256330156_20190916_业务明细.csv"), data: gbk(detailFile(rows)) },
    ]);
    const progress: number[] = [];
    const reader = await openStatement(inChunks(zip, 100), {
      ...options,
      onProgress: (bytes) => progress.push(bytes),
    });
    expect(reader.format).toBe("alipay_trade");
    expect((await readAll(reader)).map((l) => l.amountMinor)).toEqual([125000n, 4n, 1n]);
    expect(reader.encoding).toBe("gbk");
    expect(progress.at(-1)).toBe(zip.length);

    const onlySummary = zipOf([{ name: gbk("x_业务明细(汇总).csv"), data: gbk(summaryFile) }]);
    expect((await refusal(onlySummary)).messageKey).toBe("statementZipWithoutDetail");
  });

  it("refuses a zip whose 业务明细 unpacks to far more than a statement (a zip bomb), importing nothing", async () => {
    // 100,000 copies of one trade: about 20 MB of text deflated to a few tens of KB. Read to
    // the end, it would be 100,000 lines whose footer merely disagrees.
    const text = gbk(detailFile(Array.from({ length: 100_000 }, () => rows[2]!)));
    expect(text.length).toBeGreaterThan(16 * 1024 * 1024);
    const zip = zipOf([{ name: gbk("20880211096256330156_20190916_业务明细.csv"), data: text }]);
    expect(zip.length * 100).toBeLessThan(text.length);
    const refused = await refusal(zip);
    expect(refused.messageKey).toBe("statementZipTooLarge");
    expect(refused.details).toEqual({ limitMb: 16 });
  });

  it("reports a footer that disagrees with the rows (count and 商家实收), without refusing", async () => {
    const reader = await openStatement(
      inChunks(
        gbk(
          detailFile(rows, [
            "#交易合计：6笔，商家实收共1250.06元，商家优惠共0.00元",
            "#退款合计：1笔，商家实收退款共-0.05元，商家优惠退款共0.00元",
          ]),
        ),
      ),
      options,
    );
    await readAll(reader);
    expect(reader.summary().declared).toEqual({
      lineCount: 7,
      paymentsMinor: 125006n,
      refundsMinor: 5n,
      feesMinor: null,
    });
  });

  it("reads an empty day and refuses a file cut before its footer or in a row", async () => {
    const empty = await openStatement(
      inChunks(
        gbk(
          detailFile(
            [],
            [
              "#交易合计：0笔，商家实收共0.00元，商家优惠共0.00元",
              "#退款合计：0笔，商家实收退款共0.00元，商家优惠退款共0.00元",
            ],
          ),
        ),
      ),
      options,
    );
    expect(await readAll(empty)).toEqual([]);
    expect(empty.summary().declared?.lineCount).toBe(0);
    expect(empty.summary().currency).toBe("CNY");

    const text = detailFile(rows);
    const withoutRefundTotal = text.slice(0, text.indexOf("#退款合计"));
    expect((await refusal(gbk(withoutRefundTotal))).details).toMatchObject({
      expected: "the refund total (#退款合计：…)",
    });
    const inRow = text.slice(0, text.indexOf("0.01,0.01"));
    const cut = await refusal(gbk(inRow));
    expect(cut.messageKey).toBe("statementTruncated");
    expect(cut.details).toMatchObject({ expected: "the rest of line 8" });
  });

  it("names the line and column of a bad amount", async () => {
    const bad = await refusal(gbk(detailFile([rows[0]!.replace("1250.00", "1250.0O")])));
    expect(bad.messageKey).toBe("statementBadAmount");
    expect(bad.details).toMatchObject({ line: 6, column: "订单金额（元）", value: "1250.0O" });
  });

  it("refuses a row an unquoted comma shifted (an amount written 1,250.00), naming its line", async () => {
    // Split at its comma, 1,250.00 became 订单金额 1 and moved every later column one right.
    const shifted = rows[0]!.replace("1250.00,1250.00", "1,250.00,1,250.00");
    const refused = await refusal(gbk(detailFile([shifted, rows[1]!, rows[2]!])));
    expect(refused.messageKey).toBe("statementColumnCount");
    expect(refused.details).toEqual({ line: 6, found: 27, expected: 25 });
    // A comma ending a row adds an empty field, which moves nothing: the row is read.
    const trailing = await readAll(
      await openStatement(inChunks(gbk(detailFile([`${rows[0]!},`, rows[1]!, rows[2]!]))), options),
    );
    expect(trailing.map((l) => l.amountMinor)).toEqual([125000n, 4n, 1n]);
  });
});

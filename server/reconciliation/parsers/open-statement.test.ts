import { describe, expect, it } from "vitest";
import { gbk, inChunks, readAll, utf8, withBom, zipOf } from "@/test/statements/statement-bytes";
import { buildWechatBill, type WechatBillRow } from "@/test/statements/wechat-bill";
import { CsvTokenizer, detectDelimiter, splitLine } from "./csv-tokenizer";
import { openStatement } from "./open-statement";
import { decodeLines, maxLineChars, type TextState } from "./statement-text";
import { decimalToMinor, parseTime } from "./statement-values";

describe("opening a statement", () => {
  it("refuses a file no layout recognises, listing the layouts it reads", async () => {
    const unknown = openStatement(inChunks(utf8("date,what,amount\n2026-01-01,x,1\n")), {
      timeZone: "UTC",
    });
    await expect(unknown).rejects.toMatchObject({
      code: "VALIDATION",
      messageKey: "statementUnknownLayout",
      message: expect.stringContaining("WeChat Pay trade bill") as unknown,
    });
    // Alipay's summary (汇总) alone is not the detail.
    const summaryOnly = openStatement(inChunks(utf8("#支付宝业务汇总查询\n")), { timeZone: "UTC" });
    await expect(summaryOnly).rejects.toMatchObject({ messageKey: "statementUnknownLayout" });
  });

  it("names a provider's balance ledger and the trade statement to bring instead", async () => {
    const refused = (bytes: Uint8Array) =>
      openStatement(inChunks(bytes), { timeZone: "Asia/Shanghai" }).then(
        () => null,
        (error: { messageKey: string }) => error.messageKey,
      );
    // WeChat Pay's 资金账单 (downloadfundflow): its header first, every cell backticked.
    const fundFlow = withBom(
      "记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）,账户结余（元）,资金变更提交申请人,备注,业务凭证号\r\n" +
        "`2026-03-01 10:00:00,`4200001234202603011234567890,`1900000109202603011234,`交易,`交易,`收入,`25.00,`1025.00,`system,`,`\r\n",
    );
    expect(await refused(fundFlow)).toBe("statementWechatFundFlow");
    // Alipay's 账务明细 (bill_type signcustomer), GBK, alone or in its downloaded zip beside
    // its 汇总, which is never read.
    const ledger = gbk(
      "#支付宝账务明细查询\r\n#账号：[20880211096256330156]\r\n" +
        "#-----账务明细列表-----\r\n账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注\r\n",
    );
    expect(await refused(ledger)).toBe("statementAlipayAccountLedger");
    const zip = zipOf([
      {
        name: gbk("20880211096256330156_20260301_账务明细(汇总).csv"),
        data: gbk("#支付宝账务明细汇总\r\n"),
      },
      { name: gbk("20880211096256330156_20260301_账务明细.csv"), data: ledger },
    ]);
    expect(await refused(zip)).toBe("statementAlipayAccountLedger");
  });

  it("lets go of its source when it refuses the file or the reader stops early", async () => {
    let closed = 0;
    async function* source(text: string): AsyncGenerator<Uint8Array> {
      try {
        yield utf8(text);
        yield utf8("more,lines\n");
      } finally {
        closed++;
      }
    }
    await expect(openStatement(source("nonsense,header\n"), { timeZone: "UTC" })).rejects.toThrow();
    expect(closed).toBe(1);

    const exportHead =
      "id,Type,Source,Amount,Currency,Created (UTC)\ntxn_1,charge,ch_1,1.00,usd,2026-01-01 00:00\n";
    const reader = await openStatement(source(exportHead), { timeZone: "UTC" });
    for await (const line of reader.lines) {
      expect(line.providerTxnId).toBe("ch_1");
      break;
    }
    expect(closed).toBe(2);
  });

  it("refuses an empty file and one of blank lines", async () => {
    for (const text of ["", "\r\n\r\n"]) {
      await expect(openStatement(inChunks(utf8(text)), { timeZone: "UTC" })).rejects.toMatchObject({
        messageKey: "statementEmpty",
      });
    }
  });

  it("refuses a line longer than any statement's before holding it whole", async () => {
    // No line break in 3 MB (a binary, a minified export): it took minutes, growing with the
    // square of the line's length, before the layout was even chosen.
    const oneLine = utf8("a".repeat(3 * maxLineChars));
    await expect(openStatement(inChunks(oneLine), { timeZone: "UTC" })).rejects.toMatchObject({
      messageKey: "statementLineTooLong",
      details: { line: 1, limit: maxLineChars },
    });
    // A long line within the limit, over many chunks, is read whole; a later one over it is named.
    const decoded = async (text: string) => {
      const state: TextState = { encoding: "utf-8", endedMidLine: false, lineCount: 0 };
      const lines: number[] = [];
      for await (const batch of decodeLines(inChunks(utf8(text), 1000), state))
        lines.push(...batch.map((line) => line.text.length));
      return lines;
    };
    expect(await decoded(`x\n${"é".repeat(400_000)}\r\ny`)).toEqual([1, 400_000, 1]);
    await expect(decoded(`a,b\n1,2\n${"3,".repeat(maxLineChars)}\n`)).rejects.toMatchObject({
      messageKey: "statementLineTooLong",
      details: { line: 3 },
    });
  });

  it("refuses bytes that are not text in the encoding chosen, naming the line", async () => {
    const bom = [0xef, 0xbb, 0xbf];
    const text = utf8("交易时间,微信订单号\r\n`2026-01-01 00:00:00,`1\r\n`");
    const bytes = new Uint8Array([...bom, ...text, 0xff, 0xfe, 0x41, 0x0d, 0x0a]);
    const read = async () => readAll(await openStatement(inChunks(bytes), { timeZone: "UTC" }));
    await expect(read()).rejects.toMatchObject({
      messageKey: "statementBadText",
      details: { line: 3, encoding: "utf-8" },
    });
  });
});

describe("figures a statement's columns cannot hold", () => {
  const at = "2026-03-01 10:00:00";
  const row = (over: Partial<WechatBillRow>): WechatBillRow => ({
    time: at,
    txnId: "4200000000000000001",
    merchantRef: "X",
    amount: "1.00",
    ...over,
  });
  const read = async (text: string) =>
    readAll(await openStatement(inChunks(utf8(text)), { timeZone: "Asia/Shanghai" }));

  it("refuses an amount beyond what an amount column holds, naming its line", async () => {
    // 10²⁰ yuan in fen is past PostgreSQL's bigint: the import failed as an internal error.
    const bill = buildWechatBill([row({}), row({ amount: "100000000000000000000.00" })]);
    await expect(read(bill)).rejects.toMatchObject({
      messageKey: "statementFigureTooLarge",
      details: { line: 3 },
    });
  });

  it("refuses lines whose amounts add up past what a total holds, naming the line", async () => {
    const big = "50000000000000000.00"; // 5·10¹⁸ fen each: two of them pass 2⁶³
    const bill = buildWechatBill([row({ amount: big }), row({ txnId: "42002", amount: big })]);
    await expect(read(bill)).rejects.toMatchObject({
      messageKey: "statementFigureTooLarge",
      details: { line: 3 },
    });
  });

  it("refuses a stated line count beyond what a count holds", async () => {
    const bill = buildWechatBill([row({})], { summary: { count: "99999999999" } });
    await expect(read(bill)).rejects.toMatchObject({ messageKey: "statementFigureTooLarge" });
  });

  it("refuses a null character (or UTF-16 without its BOM) as text that is not text, naming the line", async () => {
    // PostgreSQL's text cannot hold U+0000: a reference carrying one failed the import's insert.
    const bill = buildWechatBill([row({}), row({ txnId: "42003", merchantRef: "X\u0000Y" })]);
    await expect(read(bill)).rejects.toMatchObject({
      messageKey: "statementBadText",
      details: { line: 3 },
    });
    const utf16 = new Uint8Array(Buffer.from("id,amount\r\n1,2\r\n", "utf16le"));
    const reading = openStatement(inChunks(utf16), { timeZone: "UTC" }).then(readAll);
    await expect(reading).rejects.toMatchObject({
      messageKey: "statementBadText",
      details: { line: 1 },
    });
  });
});

describe("the CSV tokenizer", () => {
  it("splits RFC 4180 fields: quotes doubled, delimiters and line breaks inside quotes", () => {
    const tokenizer = new CsvTokenizer({ delimiter: ",", quoted: true });
    expect(tokenizer.push({ no: 1, text: 'a,"b,c","say ""hi""",' })?.fields).toEqual([
      "a",
      "b,c",
      'say "hi"',
      "",
    ]);
    expect(tokenizer.push({ no: 2, text: 'x,"two' })).toBeNull();
    expect(tokenizer.unfinishedAt).toBe(2);
    expect(tokenizer.push({ no: 3, text: 'lines",y' })).toEqual({
      lineNo: 2,
      fields: ["x", "two\nlines", "y"],
      raw: 'x,"two\nlines",y',
    });
    expect(tokenizer.unfinishedAt).toBeNull();
  });

  it("leaves quotes alone in unquoted layouts and detects the delimiter", () => {
    expect(splitLine('`a"b,`c', { delimiter: ",", quoted: false })).toEqual(['`a"b', "`c"]);
    expect(detectDelimiter("a;b;c")).toBe(";");
    expect(detectDelimiter("a\tb,c\td")).toBe("\t");
    expect(detectDelimiter('"x;y",z')).toBe(",");
  });

  it("detects the delimiter splitLine splits most, quotes and all", () => {
    const mostSplitting = (line: string) => {
      const counts = ([",", ";", "\t"] as const).map(
        (delimiter) => [delimiter, splitLine(line, { delimiter, quoted: true }).length] as const,
      );
      return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
    };
    const lines = [
      "",
      ";",
      '"a,b";c;d',
      '"a;b;c",d,e',
      '"a"";"";b",c',
      'a;"b,c,d,e',
      '"x"y;z;w,v',
      'a,b"c;d;e"',
      '"";"";"",a,b,c,d',
      "\t\t;;,",
      '"a\tb"\t"c"\td,e',
    ];
    for (const line of lines)
      expect([line, detectDelimiter(line)]).toEqual([line, mostSplitting(line)]);
  });

  it("counts a header's fields without building them: a million columns allocate nothing", () => {
    const header = Array.from({ length: 1_000_000 }, (_, i) => `"col ${i}"`).join(";");
    if (!global.gc) throw new Error("Vitest's workers run with --expose-gc (vitest.config.ts)");
    global.gc();
    const before = process.memoryUsage().heapUsed;
    expect(detectDelimiter(header)).toBe(";");
    // Building the fields took 40 MB and more (a string per column, for each candidate).
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(1_000_000);
  });
});

describe("statement values", () => {
  it("turns decimal text into exact minor units", () => {
    expect(decimalToMinor("0.01", 2)).toBe(1n);
    expect(decimalToMinor("1,250.00", 2)).toBe(125000n);
    expect(decimalToMinor("-0.04", 2)).toBe(-4n);
    expect(decimalToMinor("1.250,5", 2, ",")).toBe(125050n);
    expect(decimalToMinor("1500", 0)).toBe(1500n);
    expect(decimalToMinor("1500.00", 0)).toBe(1500n);
    expect(decimalToMinor("1500.5", 0)).toBeNull();
    expect(decimalToMinor("45.0", 0)).toBe(45n);
    expect(decimalToMinor("12,50", 2)).toBeNull();
    expect(decimalToMinor("", 2)).toBeNull();
    expect(decimalToMinor("1e3", 2)).toBeNull();
    // 手续费's five decimals, rounded half up on their size.
    expect(decimalToMinor("0.00500", 2, ".", "halfUp")).toBe(1n);
    expect(decimalToMinor("0.00499", 2, ".", "halfUp")).toBe(0n);
    expect(decimalToMinor("-0.03600", 2, ".", "halfUp")).toBe(-4n);
    expect(decimalToMinor("99999999999999999.99", 2)).toBe(9999999999999999999n);
  });

  it("reads times with their own offset, or in the zone given, across a DST change", () => {
    expect(parseTime("2017/03/02 09:59:55 -0800", "UTC")?.toISOString()).toBe(
      "2017-03-02T17:59:55.000Z",
    );
    expect(parseTime("2026-03-29 01:30:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-03-29T00:30:00.000Z",
    );
    expect(parseTime("2026-03-29 03:30:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    expect(parseTime("2026-11-26T10:00:00.250+08:00", "UTC")?.toISOString()).toBe(
      "2026-11-26T02:00:00.250Z",
    );
    expect(parseTime("1764150000", "UTC")?.toISOString()).toBe("2025-11-26T09:40:00.000Z");
    expect(parseTime("2026-13-01 00:00:00", "UTC")).toBeNull();
    expect(parseTime("26/11/2026", "UTC")).toBeNull();
    // Date.UTC reads the years 0–99 as 1900–1999: a line of year 0099 is no date, not 1999's.
    expect(parseTime("0099-03-02 09:59:55", "UTC")).toBeNull();
    expect(parseTime("1969-12-31 23:59:59", "UTC")).toBeNull();
    expect(parseTime("1970-01-01 00:00:00", "UTC")?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
  });
});

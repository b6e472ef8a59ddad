import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/test/db";
import { FakeProviders, type ProviderKind } from "@/test/fake-providers";
import { testEncryptionKey } from "@/test/fixtures";
import { payableOrder, requestOn, seedPayments, type PaymentsSeed } from "@/test/payments";
import { confirmSandboxPayment } from "@/server/connectors/sandbox/sandbox-wallet.service";
import { connectorFor } from "@/server/connectors/registry";
import { sandboxBehaviourInput } from "@/server/payments/payment-method.schema";
import { loadMethodContext, setSandboxBehaviour } from "@/server/payments/payment-method.service";
import { connectorDeps } from "@/server/payments/provider-request.service";
import { chinaTime } from "@/server/connectors/wechat-pay/wechat-bill.logic";
import { addDays, localDate, localDayStart } from "@/server/time/local-date.logic";
import { DomainError } from "@/server/errors";
import { openStatement } from "./parsers/open-statement";
import { downloadStatement } from "./statement-download.service";

const { db } = setupTestDatabase();
const fake = new FakeProviders();
let seed: PaymentsSeed;
let methods: Record<ProviderKind, string>;
const deps = { key: testEncryptionKey };
const chinaDay = (at = new Date()) => chinaTime(at).slice(0, 10);
const text = (bytes: Uint8Array, encoding = "utf-8") =>
  new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);

beforeAll(async () => {
  seed = await seedPayments(db, "Statements");
  await fake.start();
  methods = await fake.methods(db, seed);
});
afterAll(async () => {
  await fake.stop();
});

/** A payment made at the fake provider, paid; and, when asked, a refund of part of it. */
async function paidAt(kind: ProviderKind, currency: string, amountMinor: bigint, refundMinor = 0n) {
  const { attempt } = await requestOn(db, seed, methods[kind], currency, amountMinor);
  const p = fake.markPaid(attempt.token);
  const refund = refundMinor
    ? fake.refund(`RF-${attempt.token}`, p, refundMinor, "re_", false)
    : null;
  return { attempt, p, refund: refund?.refund ?? null };
}

/** The file as the statement reader reads it: one reader for downloads and uploads. */
async function readBack(bytes: Uint8Array) {
  const reader = await openStatement(
    (async function* () {
      yield bytes;
    })(),
    { timeZone: "Asia/Shanghai" },
  );
  const lines = [];
  for await (const line of reader.lines) lines.push(line);
  return { format: reader.format, lines, summary: reader.summary() };
}

async function failure(run: () => Promise<unknown>) {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe("WeChat Pay: tradebill, then its download_url, checked by SHA-1", () => {
  it("downloads the day's bill (gzipped on the wire), signed like every v3 call", async () => {
    const { p, refund } = await paidAt("wechat_pay", "CNY", 2350n, 500n);
    const file = await downloadStatement(
      db,
      seed.merchant.id,
      { methodId: methods.wechat_pay, day: chinaDay() },
      deps,
    );
    const body = text(file.bytes);
    expect(body.startsWith("\uFEFF交易时间,公众账号ID,")).toBe(true);
    expect(body).toContain(`\`${p.txnId},\`${p.token},`);
    expect(body).toContain(
      `\`REFUND,\`OTHERS,\`CNY,\`0.00,\`0.00,\`${refund!.id},\`${refund!.key},\`5.00,`,
    );
    expect(body.endsWith("\r\n")).toBe(true);
    expect(file.fileName).toMatch(/^wechatpay-tradebill-\d+-\d{4}-\d\d-\d\d\.csv$/);
    expect(
      fake.calls.some((c) => c.includes("/v3/bill/tradebill?") && c.includes("tar_type=GZIP")),
    ).toBe(true);
    expect(fake.calls.some((c) => c.startsWith("GET /wechat/v3/billdownload/file?token="))).toBe(
      true,
    );
    expect(fake.refusedCalls).toEqual([]);
    const read = await readBack(file.bytes);
    expect(read.format).toBe("wechat_trade");
    expect(read.lines.find((l) => l.merchantRef === p.token)).toMatchObject({
      kind: "payment",
      providerTxnId: p.txnId,
      amountMinor: 2350n,
      feeMinor: 14n,
    });
    expect(
      read.lines.find((l) => l.kind === "refund" && l.merchantRefundRef === refund!.key),
    ).toMatchObject({
      providerRefundId: refund!.id,
      amountMinor: 500n,
    });
  });

  it("refuses a bill whose SHA-1 is not the hash_value given: nothing to import", async () => {
    await paidAt("wechat_pay", "CNY", 990n);
    fake.wechat.tamperNextBill = true;
    const err = await failure(() =>
      downloadStatement(
        db,
        seed.merchant.id,
        { methodId: methods.wechat_pay, day: chinaDay() },
        deps,
      ),
    );
    expect(err.messageKey).toBe("statementDownloadFailed");
    expect(err.details?.code).toBe("HASH_MISMATCH");
  });

  it("passes on WeChat Pay's own word for a day with no bill", async () => {
    const err = await failure(() =>
      downloadStatement(
        db,
        seed.merchant.id,
        { methodId: methods.wechat_pay, day: "2020-01-01" },
        deps,
      ),
    );
    expect(err.details).toMatchObject({
      code: "NO_STATEMENT_EXIST",
      message: "要查询的账单不存在",
    });
  });
});

describe("Alipay: bill.downloadurl.query, then the zip", () => {
  it("returns the zip Alipay's link serves, its GBK detail naming our payment", async () => {
    const { p, refund } = await paidAt("alipay", "CNY", 1800n, 300n);
    const file = await downloadStatement(
      db,
      seed.merchant.id,
      { methodId: methods.alipay, day: chinaDay() },
      deps,
    );
    expect([...file.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(file.fileName).toMatch(/\.zip$/);
    // Stored uncompressed by the fake: the GBK text can be read straight out of the archive.
    const inside = text(file.bytes, "gbk");
    expect(inside).toContain("#支付宝业务明细查询");
    expect(inside).toContain(`${p.txnId}\t,${p.token}\t,交易\t,`);
    expect(inside).toContain(`${refund!.key}\t`);
    expect(fake.alipay.calls).toContain("alipay.data.dataservice.bill.downloadurl.query");
    const read = await readBack(file.bytes);
    expect(read.format).toBe("alipay_trade");
    expect(read.lines.find((l) => l.merchantRef === p.token && l.kind === "payment")).toMatchObject(
      {
        providerTxnId: p.txnId,
        amountMinor: 1800n,
      },
    );
    expect(
      read.lines.find((l) => l.kind === "refund" && l.merchantRefundRef === refund!.key),
    ).toMatchObject({
      amountMinor: 300n,
    });
  });
});

describe("Stripe: balance transactions of the merchant's local day, as the export's CSV", () => {
  it("pages through every transaction with starting_after and writes one line each", async () => {
    const { p, refund } = await paidAt("stripe", "USD", 2500n, 700n);
    // More than a page of 100: the rest come with starting_after.
    for (let i = 0; i < 120; i++)
      fake.markPaid(fake.newPayment(`bulk-${i}`, 100n + BigInt(i), "USD", "ch_").token);
    const day = localDate(new Date(), "Asia/Shanghai");
    const file = await downloadStatement(
      db,
      seed.merchant.id,
      { methodId: methods.stripe, day },
      deps,
    );
    // Asked for the shop's local day, not Stripe's UTC day: the import's period.
    expect(file.period).toEqual({
      from: localDayStart(day, "Asia/Shanghai"),
      to: localDayStart(addDays(day, 1), "Asia/Shanghai"),
    });
    const lines = text(file.bytes).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description",
    );
    expect(lines).toHaveLength(1 + 122);
    expect(lines.find((l) => l.includes(`,${p.txnId},`))).toMatch(
      /^txn_\w+,charge,ch_\w+,25\.00,1\.03,23\.97,usd,\d{4}-\d\d-\d\d \d\d:\d\d,/,
    );
    expect(lines.find((l) => l.includes(`,${refund!.id},`))).toMatch(
      /,refund,re_\w+,-7\.00,0\.00,-7\.00,usd,/,
    );
    expect(
      fake.calls.filter((c) => c.startsWith("GET /stripe/v1/balance_transactions")).length,
    ).toBe(2);
    expect(fake.calls.some((c) => c.includes("starting_after=txn_"))).toBe(true);
    const read = await readBack(file.bytes);
    expect(read.format).toMatch(/^stripe_/);
    expect(read.lines).toHaveLength(122);
    expect(read.lines.find((l) => l.providerTxnId === p.txnId)).toMatchObject({
      kind: "payment",
      currency: "USD",
      amountMinor: 2500n,
      feeMinor: 103n,
    });
    expect(read.lines.find((l) => l.kind === "refund")).toMatchObject({ amountMinor: 700n });
  });
});

describe("PayPal: Transaction Search of the local day, written as the TRR", () => {
  it("writes RH/FH/SH/CH, an SB row per transaction with minor units and CR/DR, and the footers", async () => {
    const { p, refund } = await paidAt("paypal", "USD", 4000n, 1500n);
    const day = localDate(new Date(), "Asia/Shanghai");
    const file = await downloadStatement(
      db,
      seed.merchant.id,
      { methodId: methods.paypal, day },
      deps,
    );
    const rows = text(file.bytes).trimEnd().split("\r\n");
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      '"RH"',
      '"FH"',
      '"SH"',
      '"CH"',
      ...rows.filter((r) => r.startsWith('"SB"')).map(() => '"SB"'),
      '"SF"',
      '"SC"',
      '"RF"',
      '"RC"',
      '"FF"',
    ]);
    const header = rows[3]!.split(",");
    expect(header.slice(0, 3)).toEqual(['"CH"', '"Transaction ID"', '"Invoice ID"']);
    const payment = rows.find((r) => r.startsWith(`"SB","${p.txnId}"`))!.split(",");
    const col = (name: string) => header.indexOf(`"${name}"`);
    expect(payment[col("Transaction Event Code")]).toBe('"T0006"');
    expect(payment[col("Transaction Debit or Credit")]).toBe('"CR"');
    expect(payment[col("Gross Transaction Amount")]).toBe("4000");
    expect(payment[col("Fee Debit or Credit")]).toBe('"DR"');
    expect(payment[col("Fee Amount")]).toBe("189");
    expect(payment[col("Custom Field")]).toBe(`"${p.token}"`);
    const back = rows.find((r) => r.startsWith(`"SB","${refund!.id}"`))!.split(",");
    expect(back[col("Transaction Debit or Credit")]).toBe('"DR"');
    expect(back[col("Gross Transaction Amount")]).toBe("1500");
    expect(back[col("PayPal Reference ID")]).toBe(`"${p.txnId}"`);
    const read = await readBack(file.bytes);
    expect(read.format).toBe("paypal_trr");
    expect(read.lines.find((l) => l.merchantRef === p.token && l.kind === "payment")).toMatchObject(
      {
        providerTxnId: p.txnId,
        amountMinor: 4000n,
        feeMinor: 189n,
      },
    );
    expect(read.lines.find((l) => l.kind === "refund")).toMatchObject({ amountMinor: 1500n });
  });
});

describe("the sandbox wallet's own statement, in WeChat Pay's layout", () => {
  // A demo shop of its own: beside connected real providers the wallet is not offered.
  let demo: PaymentsSeed;
  beforeAll(async () => {
    demo = await seedPayments(db, "Sandbox statements");
  });
  async function sandboxPaid(
    amountMinor: bigint,
    outcome: "pay" | "no_callback" | "cancel" = "pay",
  ) {
    const { attempt } = await payableOrder(db, demo, amountMinor);
    await confirmSandboxPayment(
      db,
      { token: attempt.token, pin: "123456", outcome },
      testEncryptionKey,
      () => {},
    );
    return attempt;
  }
  const sandboxFile = () =>
    downloadStatement(db, demo.merchant.id, { methodId: demo.sandbox.id, day: chinaDay() }, deps);
  const details = (body: string) => body.split("\r\n").filter((l) => l.startsWith("`"));

  it("lists what the wallet took and refunded, byte for byte in the ALL layout, with the method's fees", async () => {
    const paid = await sandboxPaid(1000n);
    const lost = await sandboxPaid(2345n, "no_callback");
    await sandboxPaid(500n, "cancel");
    const method = (await loadMethodContext(db, demo.sandbox.id, testEncryptionKey))!;
    await connectorFor("sandbox")!.requestRefund(
      method.context,
      {
        attemptToken: paid.token,
        amountMinor: paid.amountMinor,
        currency: "CNY",
        providerRef: null,
        providerTxnId: "x",
        refundId: "RF-1",
        refundMinor: 400n,
        reason: null,
      },
      connectorDeps(db, {}),
    );
    const file = await sandboxFile();
    const body = text(file.bytes);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = details(body);
    // The summary row is back-ticked too: three detail rows (two payments, one refund) and it.
    expect(rows).toHaveLength(4);
    const [p1, p2, r1, summary] = rows;
    expect(p1).toMatch(
      new RegExp(
        `^\`\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\`wxsandbox,\`1900000000,\`0,\`,\`SBX\\w+,\`${paid.token},\`oSandboxPayer0+,\`NATIVE,\`SUCCESS,\`OTHERS,\`CNY,\`10.00,\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`[^,]*,\`,\`0.06000,\`0.60%,\`10.00,\`0.00,\`$`,
      ),
    );
    expect(p2).toContain(`\`${lost.token},`);
    expect(p2).toContain(",`23.45,`0.00,`0,`0,`0.00,`0.00,`,`,`");
    expect(p2).toContain(",`0.14000,`0.60%,`23.45,");
    expect(r1).toContain(
      `\`REFUND,\`OTHERS,\`CNY,\`0.00,\`0.00,\`SBR-RF-1,\`RF-1,\`4.00,\`0.00,\`ORIGINAL,\`SUCCESS,`,
    );
    // Proportional: 6 fen × 400/1000 = 2.4 → 2 fen back.
    expect(r1).toContain(",`-0.02000,`0.60%,`0.00,`4.00,`");
    expect(summary).toBe("`3,`33.45,`4.00,`0.00,`0.18,`33.45,`4.00");
    const read = await readBack(file.bytes);
    expect(read.format).toBe("wechat_trade");
    expect(read.lines.map((l) => [l.kind, l.merchantRef, l.amountMinor, l.feeMinor])).toEqual([
      ["payment", paid.token, 1000n, 6n],
      ["payment", lost.token, 2345n, 14n],
      ["refund", paid.token, 400n, -2n],
    ]);
    // The file's own totals agree with its lines.
    expect(read.summary.declared).toMatchObject({
      lineCount: 3,
      paymentsMinor: 3345n,
      refundsMinor: 400n,
      feesMinor: 18n,
    });
    expect(body).toContain(
      "\r\n总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n",
    );
  });

  it("writes the differences the method's statementQuirks ask for", async () => {
    // Set as the settings screen sets sandbox behaviour: through its schema, audited.
    expect(
      sandboxBehaviourInput.safeParse({
        id: demo.sandbox.id,
        duplicateDeliveries: false,
        outOfOrderDeliveries: false,
        statementQuirks: { feeDriftBps: 1.5 },
      }).success,
    ).toBe(false);
    const { id, ...behaviour } = sandboxBehaviourInput.parse({
      id: demo.sandbox.id,
      duplicateDeliveries: false,
      outOfOrderDeliveries: false,
      statementQuirks: {
        feeDriftBps: 40,
        omitOne: true,
        foreignPayment: true,
        changeAmountOfOne: true,
      },
    });
    await setSandboxBehaviour(db, demo.manager, demo.merchant.id, id, behaviour);
    const body = text((await sandboxFile()).bytes);
    const rows = details(body);
    const payments = rows.filter((r) => r.includes("`SUCCESS,"));
    // The first payment (10.00) left out; the last one (23.45) a fen more; one we never took.
    expect(payments.some((r) => r.includes(",`10.00,"))).toBe(false);
    expect(payments.some((r) => r.includes(",`23.46,`0.00,"))).toBe(true);
    expect(payments.some((r) => r.includes(`\`FOREIGN-${chinaDay()},`))).toBe(true);
    // 1.00 % instead of 0.60 %: 23.46 → 0.23.
    expect(payments.find((r) => r.includes(",`23.46,"))).toContain(",`0.23000,`1.00%,");
  });

  it("cash has no statement to download", async () => {
    const err = await failure(() =>
      downloadStatement(db, demo.merchant.id, { methodId: demo.cash.id, day: chinaDay() }, deps),
    );
    expect(err.messageKey).toBe("noStatementDownload");
  });

  it("another shop's method is not found", async () => {
    const other = await seedPayments(db, "Other statements");
    const err = await failure(() =>
      downloadStatement(
        db,
        other.merchant.id,
        { methodId: demo.sandbox.id, day: chinaDay() },
        deps,
      ),
    );
    expect(err.code).toBe("NOT_FOUND");
  });
});

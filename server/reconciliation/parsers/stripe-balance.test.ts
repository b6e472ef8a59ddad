import { describe, expect, it } from "vitest";
import { inChunks, readAll, utf8 } from "@/test/statements/statement-bytes";
import { openStatement } from "./open-statement";
import { StatementFileError } from "./statement-file-error";

const options = { timeZone: "Asia/Shanghai" };

const reportHeader =
  "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,customer_facing_amount,customer_facing_currency,automatic_payout_id,charge_id,payment_metadata[attempt_token],refund_metadata[refund_id]";

const report = [
  reportHeader,
  'txn_1,2026-11-26 01:02:03,2026-11-28 00:00:00,usd,"1,250.00",36.55,"1,213.45",charge,ch_1,"Order 42, table ""7""",1250.00,usd,,ch_1,tok_a,',
  "txn_2,2026-11-26 02:00:00,2026-11-28 00:00:00,usd,-10.00,0.00,-10.00,refund,re_1,,10.00,usd,,ch_1,tok_a,rf_1",
  "txn_3,2026-11-26 03:00:00,2026-11-26 03:00:00,jpy,1500,45,1455,charge,ch_2,,1500,jpy,,ch_2,tok_b,",
  "txn_4,2026-11-26 04:00:00,2026-11-26 04:00:00,usd,-1213.45,0.00,-1213.45,payout,po_1,,,,,,,",
].join("\n");

const exportFile = [
  '"id","Type","Source","Amount","Fee","Net","Currency","Created (UTC)","Available On (UTC)","Description","attempt_token (metadata)"',
  '"txn_9","charge","ch_9","0.01","0.30","-0.29","eur","2026-11-26 10:00","2026-11-28 00:00","",tok_z',
  '"txn_8","stripe_fee","","-2.00","0.00","-2.00","eur","2026-11-26 11:00","2026-11-26 11:00","Radar",""',
].join("\r\n");

async function refusal(bytes: Uint8Array): Promise<StatementFileError> {
  try {
    await readAll(await openStatement(inChunks(bytes), options));
  } catch (error) {
    if (error instanceof StatementFileError) return error;
    throw error;
  }
  throw new Error("The file was read without an error");
}

describe("Stripe's balance transactions", () => {
  it("reads the itemized balance report: charges, refunds, the rest; decimals by currency", async () => {
    const reader = await openStatement(inChunks(utf8(report)), options);
    expect(reader.format).toBe("stripe_itemized");
    const lines = await readAll(reader);
    expect(lines.map((l) => [l.kind, l.currency, l.amountMinor, l.feeMinor])).toEqual([
      ["payment", "USD", 125000n, 3655n],
      ["refund", "USD", 1000n, 0n],
      ["payment", "JPY", 1500n, 45n],
      ["other", "USD", 121345n, 0n],
    ]);
    expect(lines[0]).toMatchObject({
      providerTxnId: "ch_1",
      merchantRef: "tok_a",
      providerRefundId: null,
      providerStatus: "charge",
    });
    expect(lines[0]?.occurredAt.toISOString()).toBe("2026-11-26T01:02:03.000Z");
    expect(lines[1]).toMatchObject({
      providerTxnId: "ch_1",
      providerRefundId: "re_1",
      merchantRefundRef: "rf_1",
    });
    expect(reader.summary().declared).toBeNull();
    expect(reader.summary().counted.lineCount).toBe(4);
  });

  it("reads a report run without source_id by its charge_id, and refuses one with neither", async () => {
    // Report columns are the merchant's choice (docs.stripe.com/reports/balance): charge_id
    // names the charge of a charge and of a refund alike.
    const header =
      "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,charge_id";
    const withCharge = [
      header,
      "txn_1,2026-11-26 01:02:03,usd,12.50,0.66,11.84,charge,ch_1",
      "txn_2,2026-11-26 02:00:00,usd,-2.50,0.00,-2.50,refund,ch_1",
    ].join("\n");
    const lines = await readAll(await openStatement(inChunks(utf8(withCharge)), options));
    expect(lines.map((l) => [l.kind, l.providerTxnId, l.providerRefundId, l.amountMinor])).toEqual([
      ["payment", "ch_1", null, 1250n],
      ["refund", "ch_1", null, 250n],
    ]);
    const neither = await refusal(utf8(`${header.replace(",charge_id", "")}\n`));
    expect(neither.messageKey).toBe("statementMissingColumn");
    expect(neither.details).toEqual({ column: "source_id" });
  });

  it("reads the balance transactions export by its own header names", async () => {
    const reader = await openStatement(inChunks(utf8(exportFile), 7), options);
    expect(reader.format).toBe("stripe_balance");
    const lines = await readAll(reader);
    expect(lines.map((l) => [l.kind, l.amountMinor, l.feeMinor, l.merchantRef])).toEqual([
      ["payment", 1n, 30n, "tok_z"],
      ["other", 200n, 0n, null],
    ]);
    expect(lines[0]?.occurredAt.toISOString()).toBe("2026-11-26T10:00:00.000Z");
    expect(reader.summary().currency).toBe("EUR");
  });

  it("keeps quoted fields whole across 1-byte chunks, and refuses a half last line", async () => {
    const whole = await readAll(await openStatement(inChunks(utf8(report)), options));
    expect(await readAll(await openStatement(inChunks(utf8(report), 1), options))).toEqual(whole);

    const cut = await refusal(utf8(report.slice(0, report.indexOf("1455") + 2)));
    expect(cut.messageKey).toBe("statementTruncated");
    expect(cut.details).toMatchObject({ expected: "the rest of line 4" });

    const openQuote = await refusal(utf8(report.slice(0, report.indexOf("Order 42") + 5)));
    expect(openQuote.messageKey).toBe("statementTruncated");
  });

  it("refuses a yen amount with decimals, naming line and column", async () => {
    const bad = await refusal(utf8(report.replace("jpy,1500,", "jpy,1500.5,")));
    expect(bad.messageKey).toBe("statementBadAmount");
    expect(bad.details).toMatchObject({ line: 4, column: "gross", value: "1500.5" });
  });
});

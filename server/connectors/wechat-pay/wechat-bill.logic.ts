import { minorToMajorString } from "@/server/money/currency";
import {
  wechatBillHeader,
  wechatBillRecord,
  wechatDetailColumns,
  wechatSummaryColumns,
} from "@/server/reconciliation/parsers/wechat-trade";

/*
 * WeChat Pay's trade bill (交易账单), ALL type, written byte for byte as the platform writes it
 * (our provider notes §5a, from the official SDK fixture): UTF-8 with a BOM, CRLF, commas, no
 * quoting; a plain header, detail rows whose every field starts with a back-tick (so Excel
 * keeps long numbers), then the summary header and one summary row, back-ticked too. Amounts
 * in yuan; 手续费 with 5 decimals; 费率 a percentage. Used by the sandbox wallet's own
 * statement and the reconciliation bench. The layout (column names, how a line is written) is
 * the parser's (server/reconciliation/parsers/wechat-trade.ts): one definition for both ways.
 */

/** One detail row: a payment (交易状态 SUCCESS) or a refund (REFUND) of a payment. */
export interface WechatBillRow {
  at: Date;
  appId: string;
  mchId: string;
  /** 微信订单号. */
  txnId: string;
  /** 商户订单号: our attempt token. */
  outTradeNo: string;
  currency: string;
  /** The payment's amount (订单金额); on a refund row, the refunded payment's (not written). */
  orderMinor: bigint;
  /** Set on a refund row: WeChat's refund id, ours, and how much went back. */
  refund?: { id: string; ref: string; amountMinor: bigint };
  /** The fee on this row: charged on a payment, given back (negative) on a refund. */
  feeMinor: bigint;
  rateBps: number;
  subject: string;
}

const chinaOffsetMs = 8 * 3600_000;

/** WeChat's times: `yyyy-MM-dd HH:mm:ss` in China time (UTC+8, no DST). */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + chinaOffsetMs).toISOString().slice(0, 19).replace("T", " ");
}

/** The instant a China-time day starts: a bill's day is China's, whatever the shop's zone. */
export function chinaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`));
}

const yuan = (minor: bigint, currency: string) => minorToMajorString(minor, currency);
/** 手续费 carries 5 decimals ("0.06000"): our fees are whole fen, so three zeros follow. */
const fee = (minor: bigint, currency: string) => `${yuan(minor, currency)}000`;
/** 费率 as WeChat prints it: 60 bp → "0.60%". */
const rate = (bps: number) => `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, "0")}%`;

/** Fields free of the separators the layout cannot quote. */
const plain = (text: string) => text.replace(/[,\r\n`]/g, " ");

function detail(row: WechatBillRow): string[] {
  const c = row.currency;
  const refund = row.refund;
  return [
    chinaTime(row.at),
    row.appId,
    row.mchId,
    "0",
    "",
    row.txnId,
    row.outTradeNo,
    "oSandboxPayer0000000000000000",
    "NATIVE",
    refund ? "REFUND" : "SUCCESS",
    "OTHERS",
    c,
    // 应结订单金额 is 0.00 on a refund row; what went back is in 退款金额.
    yuan(refund ? 0n : row.orderMinor, c),
    "0.00",
    refund?.id ?? "0",
    refund?.ref ?? "0",
    yuan(refund?.amountMinor ?? 0n, c),
    "0.00",
    refund ? "ORIGINAL" : "",
    refund ? "SUCCESS" : "",
    plain(row.subject),
    "",
    fee(row.feeMinor, c),
    rate(row.rateBps),
    // 订单金额 too is 0.00 on a refund row (as in the platform's bills).
    yuan(refund ? 0n : row.orderMinor, c),
    yuan(refund?.amountMinor ?? 0n, c),
    "",
  ];
}

/**
 * The bill's text, piece by piece (header, one line per row, the summary last), so a long
 * bill can be streamed to a file; the summary's totals are counted as the rows pass. The first
 * piece starts with the BOM. Rows must share one currency.
 */
export function* wechatBillText(
  rows: Iterable<WechatBillRow>,
  currency: string,
): Generator<string> {
  yield `\uFEFF${wechatBillHeader(wechatDetailColumns)}`;
  let count = 0;
  let settled = 0n;
  let refunded = 0n;
  let fees = 0n;
  for (const row of rows) {
    count++;
    if (row.refund) refunded += row.refund.amountMinor;
    else settled += row.orderMinor;
    fees += row.feeMinor;
    yield wechatBillRecord(detail(row));
  }
  yield wechatBillHeader(wechatSummaryColumns);
  yield wechatBillRecord([
    String(count),
    yuan(settled, currency),
    yuan(refunded, currency),
    "0.00",
    yuan(fees, currency),
    // 订单总金额: without vouchers (代金券), what was ordered is what settles.
    yuan(settled, currency),
    yuan(refunded, currency),
  ]);
}

/** The whole bill as bytes (for a day's statement; the bench streams wechatBillText instead). */
export function wechatBillBytes(rows: Iterable<WechatBillRow>, currency: string): Uint8Array {
  return new Uint8Array(Buffer.from([...wechatBillText(rows, currency)].join(""), "utf8"));
}

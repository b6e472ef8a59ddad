import { minorDigits } from "@/server/money/currency";
import { columnCount, truncated, unexpectedLine } from "./statement-file-error";
import type { LayoutReader, StatementLayout } from "./statement-layout";
import {
  HeaderIndex,
  absolute,
  orNull,
  rawText,
  readAmount,
  readCurrency,
  readTime,
} from "./statement-values";
import type { CsvRecord } from "./csv-tokenizer";
import type { StatementLine, StatementLineKind } from "./types";

/*
 * WeChat Pay 交易账单 (v3 /v3/bill/tradebill, v2 downloadbill): UTF-8 with a BOM, CRLF, a plain
 * header, detail rows whose every field starts with a back-tick (so Excel keeps long ids as
 * text), then a summary header and one summary row. Columns are found by name: ALL, SUCCESS
 * and REFUND bills differ, and merchants onboarded before 2018-11 get the older 24 columns.
 * Sources: pay.weixin.qq.com get-trade-bill, and the SDKs' fixtures (provider-formats.md §5a).
 */

/** The current ALL-bill detail header, in order (27 columns). */
export const wechatDetailColumns = [
  "交易时间",
  "公众账号ID",
  "商户号",
  "特约商户号",
  "设备号",
  "微信订单号",
  "商户订单号",
  "用户标识",
  "交易类型",
  "交易状态",
  "付款银行",
  "货币种类",
  "应结订单金额",
  "代金券金额",
  "微信退款单号",
  "商户退款单号",
  "退款金额",
  "充值券退款金额",
  "退款类型",
  "退款状态",
  "商品名称",
  "商户数据包",
  "手续费",
  "费率",
  "订单金额",
  "申请退款金额",
  "费率备注",
] as const;

/** The current summary header (7 columns). */
export const wechatSummaryColumns = [
  "总交易单数",
  "应结订单总金额",
  "退款总金额",
  "充值券退款总金额",
  "手续费总金额",
  "订单总金额",
  "申请退款总金额",
] as const;

/** The detail header of merchants onboarded before 2018-11 (24 columns). */
export const wechatLegacyDetailColumns = [
  "交易时间",
  "公众账号ID",
  "商户号",
  "子商户号",
  "设备号",
  "微信订单号",
  "商户订单号",
  "用户标识",
  "交易类型",
  "交易状态",
  "付款银行",
  "货币种类",
  "总金额",
  "企业红包金额",
  "微信退款单号",
  "商户退款单号",
  "退款金额",
  "企业红包退款金额",
  "退款类型",
  "退款状态",
  "商品名称",
  "商户数据包",
  "手续费",
  "费率",
] as const;

/** The legacy summary header (5 columns). */
export const wechatLegacySummaryColumns = [
  "总交易单数",
  "总交易额",
  "总退款金额",
  "总企业红包退款金额",
  "手续费总金额",
] as const;

/** The zone of a bill's times: China Standard Time. */
export const wechatBillTimeZone = "Asia/Shanghai";

/** 交易状态 of a refund row; of a payment row it is SUCCESS (REVOKED and others move no money). */
export const wechatRefundStatus = "REFUND";
export const wechatPaymentStatus = "SUCCESS";

/** The 手续费 column has five decimals (0.01000): kept exact to compare with its total. */
const feeDecimals = 5;

/** One header or summary-header line as WeChat writes it: plain names, CRLF. */
export function wechatBillHeader(names: readonly string[]): string {
  return `${names.join(",")}\r\n`;
}

/**
 * One detail or summary row as WeChat writes it: every value after a back-tick, CRLF. WeChat
 * does not quote, so a value must hold no comma or line break (a writer drops them).
 */
export function wechatBillRecord(values: readonly string[]): string {
  return `${values.map((v) => `\`${v}`).join(",")}\r\n`;
}

const tick = (value: string) => (value.startsWith("`") ? value.slice(1) : value).trim();

/** A summary value: "45", "45.0", "0.47", "0.01000". */
function summaryAmount(
  fields: string[],
  index: HeaderIndex,
  names: [string, ...string[]],
  lineNo: number,
  digits: number,
): bigint | null {
  const column = index.find(...names);
  if (!column) return null;
  return readAmount(tick(fields[column.index] ?? ""), lineNo, column.name, digits);
}

function openWechat(): LayoutReader {
  let header: HeaderIndex | null = null;
  let columns: ReturnType<typeof detailColumns> | null = null;
  let summaryHeader: HeaderIndex | null = null;
  let summary: CsvRecord | null = null;
  let lastCurrency = "CNY";
  /** Σ手续费 in units of 10⁻⁵ of the currency's major unit (exact), and in minor units as stored. */
  let exactFees = 0n;

  const detailLine = (record: CsvRecord): StatementLine => {
    if (!header || !columns) throw unexpectedLine(record.lineNo, "the bill's header");
    const fields = record.fields;
    if (fields.length !== header.names.length) {
      throw columnCount(record.lineNo, fields.length, header.names.length);
    }
    const cell = (c: { index: number }) => tick(fields[c.index] ?? "");
    const lineNo = record.lineNo;
    const currency = columns.currency
      ? readCurrency(cell(columns.currency) || "CNY", lineNo, columns.currency.name)
      : "CNY";
    lastCurrency = currency;
    const digits = minorDigits(currency);
    const status = cell(columns.status);
    const kind: StatementLineKind =
      status === wechatPaymentStatus
        ? "payment"
        : status === wechatRefundStatus
          ? "refund"
          : "other";
    const feeText = cell(columns.fee);
    const exactFee = readAmount(feeText, lineNo, columns.fee.name, feeDecimals);
    exactFees += exactFee;
    // 手续费 has 5 decimals; the fee is kept in fen, rounded half up on its size (四舍五入),
    // so a fee given back on a refund rounds like the fee charged.
    const feeMinor = readAmount(feeText, lineNo, columns.fee.name, digits, { rounding: "halfUp" });
    let amountMinor: bigint;
    let occurredAt = readTime(cell(columns.time), lineNo, columns.time.name, wechatBillTimeZone);
    let refund = {
      providerRefundId: null as string | null,
      merchantRefundRef: null as string | null,
    };
    let providerStatus = status;
    if (kind === "refund") {
      const refundAmount = columns.refundAmount;
      if (!refundAmount || !columns.refundId || !columns.refundRef) {
        throw unexpectedLine(
          lineNo,
          "a bill with refund columns (微信退款单号, 退款金额) for a REFUND row",
        );
      }
      amountMinor = readAmount(cell(refundAmount), lineNo, refundAmount.name, digits);
      refund = {
        providerRefundId: orNull(cell(columns.refundId)),
        merchantRefundRef: orNull(cell(columns.refundRef)),
      };
      // 交易时间 of a refund row is when it was asked for; a REFUND bill also says when it succeeded.
      const doneAt = columns.refundDoneAt ? cell(columns.refundDoneAt) : "";
      if (doneAt && columns.refundDoneAt) {
        occurredAt = readTime(doneAt, lineNo, columns.refundDoneAt.name, wechatBillTimeZone);
      }
      if (columns.refundStatus) providerStatus = cell(columns.refundStatus) || status;
    } else {
      amountMinor = paymentAmount(cell, columns, lineNo, digits);
    }
    return {
      lineNo,
      kind,
      occurredAt,
      providerTxnId: orNull(cell(columns.txn)),
      merchantRef: orNull(cell(columns.ref)),
      ...refund,
      currency,
      amountMinor: absolute(amountMinor),
      feeMinor,
      providerStatus,
      raw: rawText(record),
    };
  };

  return {
    read(record) {
      const first = record.fields[0] ?? "";
      if (summary) {
        if (record.raw.trim() === "") return null;
        throw unexpectedLine(record.lineNo, "the end of the file after the summary row");
      }
      if (summaryHeader) {
        if (record.raw.trim() === "") return null;
        summary = record;
        return null;
      }
      if (!header) {
        header = new HeaderIndex(record.fields.map(tick));
        columns = detailColumns(header);
        return null;
      }
      if (first.startsWith("`")) return detailLine(record);
      if (first.trim() === "总交易单数") {
        summaryHeader = new HeaderIndex(record.fields.map(tick));
        return null;
      }
      if (record.raw.trim() === "") return null;
      throw unexpectedLine(
        record.lineNo,
        "a bill row (starting with `) or the summary header (总交易单数)",
      );
    },

    end(counted, lastLine) {
      if (!summaryHeader) throw truncated("the summary header (总交易单数,…)", lastLine);
      if (!summary) throw truncated("the summary row after 总交易单数", lastLine);
      const row: CsvRecord = summary;
      if (row.fields.length < summaryHeader.names.length) {
        throw columnCount(row.lineNo, row.fields.length, summaryHeader.names.length);
      }
      const digits = minorDigits(lastCurrency);
      const count = summaryAmount(row.fields, summaryHeader, ["总交易单数"], row.lineNo, 0);
      // Payments are summed from 订单金额 when the bill has it, so they are checked against its
      // total; older bills state 应结订单总金额 (总交易额 before 2018-11) for 应结订单金额 (总金额).
      const paymentsTotal = columns?.orderAmount
        ? ["订单总金额", "应结订单总金额"]
        : ["应结订单总金额", "总交易额"];
      const payments = summaryAmount(
        row.fields,
        summaryHeader,
        paymentsTotal as [string, ...string[]],
        row.lineNo,
        digits,
      );
      const refunds = summaryAmount(
        row.fields,
        summaryHeader,
        ["退款总金额", "总退款金额"],
        row.lineNo,
        digits,
      );
      const feesExact = summaryAmount(
        row.fields,
        summaryHeader,
        ["手续费总金额"],
        row.lineNo,
        feeDecimals,
      );
      // Fees are stored per line in fen; the stated total is compared exactly (5 decimals)
      // with the exact sum, so rounding each line never shows as a difference. A difference
      // is reported in fen, added to what was counted.
      const fees =
        feesExact === null
          ? null
          : counted.feesMinor + roundFeeDifference(feesExact - exactFees, digits);
      return {
        period: null,
        declared: {
          lineCount: count === null ? null : Number(count),
          paymentsMinor: payments,
          refundsMinor: refunds,
          feesMinor: fees,
        },
        currency: lastCurrency,
      };
    },
  };
}

/** A difference in 10⁻⁵ units as minor units, half up on its size. */
function roundFeeDifference(difference: bigint, digits: number): bigint {
  const scale = 10n ** BigInt(feeDecimals - digits);
  const size = absolute(difference);
  const rounded = (size + scale / 2n) / scale;
  return difference < 0n ? -rounded : rounded;
}

function detailColumns(header: HeaderIndex) {
  return {
    time: header.column("交易时间"),
    txn: header.column("微信订单号"),
    ref: header.column("商户订单号"),
    status: header.column("交易状态"),
    currency: header.find("货币种类"),
    orderAmount: header.find("订单金额"),
    settledAmount: header.column("应结订单金额", "总金额"),
    refundId: header.find("微信退款单号"),
    refundRef: header.find("商户退款单号"),
    refundAmount: header.find("退款金额"),
    refundStatus: header.find("退款状态"),
    refundDoneAt: header.find("退款成功时间"),
    fee: header.column("手续费"),
  };
}

/**
 * A payment's amount: 订单金额 (the order's total, what we asked the payer for) when the bill
 * has it. 应结订单金额 is 订单金额 less 免充值券 (coupons the merchant funds), so it differs
 * from the attempt's amount whenever such a coupon was used; bills before 2018-11 have only
 * 总金额, the order total under its old name.
 */
function paymentAmount(
  cell: (c: { index: number }) => string,
  columns: ReturnType<typeof detailColumns>,
  lineNo: number,
  digits: number,
): bigint {
  const column =
    columns.orderAmount && cell(columns.orderAmount) ? columns.orderAmount : columns.settledAmount;
  return readAmount(cell(column), lineNo, column.name, digits);
}

export const wechatTradeLayout: StatementLayout = {
  format: "wechat_trade",
  recognises(firstLine) {
    const names = firstLine.split(",").map(tick);
    return names.includes("交易时间") && names.includes("微信订单号");
  },
  dialect: () => ({ delimiter: ",", quoted: false }),
  open: openWechat,
};

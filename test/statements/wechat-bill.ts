import {
  wechatBillHeader,
  wechatBillRecord,
  wechatDetailColumns,
  wechatLegacyDetailColumns,
  wechatLegacySummaryColumns,
  wechatSummaryColumns,
} from "@/server/reconciliation/parsers/wechat-trade";

/** One row of a WeChat ALL bill; amounts in yuan as WeChat writes them ("0.01"). */
export interface WechatBillRow {
  /** China time, "2026-11-26 10:00:00". */
  time: string;
  txnId: string;
  merchantRef: string;
  /** SUCCESS (a payment, the default), REFUND, REVOKED. */
  status?: string;
  /** 订单金额 (and 应结订单金额) of a payment. */
  amount?: string;
  /** 应结订单金额 when a merchant-funded coupon makes it differ from 订单金额. */
  settledAmount?: string;
  /** 手续费, five decimals ("0.06000"); negative on a refund that gives the fee back. */
  fee?: string;
  refundId?: string;
  refundRef?: string;
  refundAmount?: string;
  currency?: string;
}

export interface WechatBillOptions {
  /** The 24-column layout of merchants onboarded before 2018-11 (5-column summary). */
  legacy?: boolean;
  /** Summary values to write instead of the computed ones (to make a file disagree with itself). */
  summary?: Partial<Record<"count" | "payments" | "refunds" | "fees", string>>;
  /** Leave the summary header and row out (a file cut before them). */
  withoutSummary?: boolean;
}

/** Sum of decimal strings, in 10⁻⁵ units, written back with `decimals` decimals. */
function sum(values: string[], decimals: number): string {
  let total = 0n;
  for (const value of values) {
    // A test's deliberately bad value is left out of the sums.
    if (!/^-?\d+(\.\d+)?$/.test(value)) continue;
    const negative = value.startsWith("-");
    const [int = "0", frac = ""] = value.replace("-", "").split(".");
    const units = BigInt(int) * 100000n + BigInt(frac.padEnd(5, "0").slice(0, 5));
    total += negative ? -units : units;
  }
  const sign = total < 0n ? "-" : "";
  const size = (total < 0n ? -total : total).toString().padStart(6, "0");
  const whole = size.slice(0, -5);
  return `${sign}${whole}.${size.slice(-5, -5 + decimals || undefined).padEnd(decimals, "0")}`;
}

function detailValues(row: WechatBillRow, legacy: boolean): string[] {
  const refund = row.status === "REFUND";
  const amount = refund ? "0.00" : (row.amount ?? "0.00");
  const byName: Record<string, string> = {
    交易时间: row.time,
    公众账号ID: "wx2421b1c4370ec43b",
    商户号: "1900000109",
    特约商户号: "0",
    子商户号: "0",
    设备号: "",
    微信订单号: row.txnId,
    商户订单号: row.merchantRef,
    用户标识: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
    交易类型: "NATIVE",
    交易状态: row.status ?? "SUCCESS",
    付款银行: "OTHERS",
    货币种类: row.currency ?? "CNY",
    应结订单金额: refund ? "0.00" : (row.settledAmount ?? amount),
    总金额: amount,
    代金券金额: "0.00",
    企业红包金额: "0.00",
    微信退款单号: row.refundId ?? "0",
    商户退款单号: row.refundRef ?? "0",
    退款金额: refund ? (row.refundAmount ?? "0.00") : "0.00",
    充值券退款金额: "0.00",
    企业红包退款金额: "0.00",
    退款类型: refund ? "ORIGINAL" : "",
    退款状态: refund ? "SUCCESS" : "",
    商品名称: "测试商品",
    商户数据包: "",
    手续费: row.fee ?? "0.00000",
    费率: "0.60%",
    订单金额: amount,
    申请退款金额: refund ? (row.refundAmount ?? "0.00") : "0.00",
    费率备注: "",
  };
  const columns = legacy ? wechatLegacyDetailColumns : wechatDetailColumns;
  return columns.map((name) => byName[name] ?? "");
}

/**
 * A WeChat Pay ALL trade bill as WeChat serves it: BOM, CRLF, the plain header, back-tick
 * fields, the summary header and its row computed from the rows (or overridden).
 */
export function buildWechatBill(rows: WechatBillRow[], options: WechatBillOptions = {}): string {
  const legacy = options.legacy ?? false;
  const details = rows.map((row) => detailValues(row, legacy));
  let text = "\uFEFF" + wechatBillHeader(legacy ? wechatLegacyDetailColumns : wechatDetailColumns);
  for (const values of details) text += wechatBillRecord(values);
  if (options.withoutSummary) return text;
  const payments = sum(
    rows.filter((r) => r.status !== "REFUND").map((r) => r.amount ?? "0"),
    2,
  );
  const refunds = sum(
    rows.filter((r) => r.status === "REFUND").map((r) => r.refundAmount ?? "0"),
    2,
  );
  const fees = sum(
    rows.map((r) => r.fee ?? "0"),
    5,
  );
  const o = options.summary ?? {};
  const count = o.count ?? String(rows.length);
  if (legacy) {
    text += wechatBillHeader(wechatLegacySummaryColumns);
    text += wechatBillRecord([
      count,
      o.payments ?? payments,
      o.refunds ?? refunds,
      "0.00",
      o.fees ?? fees,
    ]);
  } else {
    text += wechatBillHeader(wechatSummaryColumns);
    text += wechatBillRecord([
      count,
      o.payments ?? payments,
      o.refunds ?? refunds,
      "0.00",
      o.fees ?? fees,
      o.payments ?? payments,
      o.refunds ?? refunds,
    ]);
  }
  return text;
}

import { assertRowFits, truncated, unexpectedLine } from "./statement-file-error";
import type { LayoutReader, StatementLayout } from "./statement-layout";
import { HeaderIndex, absolute, orNull, rawText, readAmount, readTime } from "./statement-values";
import type { CsvRecord } from "./csv-tokenizer";
import type { StatementLineKind } from "./types";

/*
 * Alipay 业务明细 (bill_type=trade): GBK (UTF-8 accepted), `#` comment lines with the period,
 * the header, rows whose id-like fields carry a tab before the comma, then `#` footer lines
 * with the totals. Refund rows repeat the trade's 支付宝交易号 with negative amounts.
 * Sources: provider-formats.md §5b (samples and parsers consistent with each other).
 */

export const alipayDetailTitle = "#支付宝业务明细查询";
/** The zone of the file's times and period. */
export const alipayTimeZone = "Asia/Shanghai";
const digits = 2; // The file is in yuan (元); its amounts have two decimals.

const periodPattern =
  /起始日期：\[(\d{4})年(\d{1,2})月(\d{1,2})日\s*([\d:]+)\][\s\S]*终止日期：\[(\d{4})年(\d{1,2})月(\d{1,2})日\s*([\d:]+)\]/;
const tradeTotalPattern =
  /交易合计：(\d+)笔，商家实收共(-?[\d,.]+)元(?:，商家优惠共(-?[\d,.]+)元)?/;
const refundTotalPattern =
  /退款合计：(\d+)笔，商家实收退款共(-?[\d,.]+)元(?:，商家优惠退款共(-?[\d,.]+)元)?/;

/** Header names in full-width parentheses, whichever width the file wrote them in. */
const fullWidth = (name: string) => name.trim().replaceAll("(", "（").replaceAll(")", "）");

interface FooterTotal {
  count: number;
  received: bigint;
  discount: bigint;
}

function footerTotal(match: RegExpExecArray, lineNo: number): FooterTotal {
  return {
    count: Number(match[1]),
    received: readAmount(match[2] ?? "", lineNo, "合计", digits),
    discount: match[3] ? readAmount(match[3], lineNo, "合计", digits) : 0n,
  };
}

function openAlipay(): LayoutReader {
  let period: { from: Date; to: Date } | null = null;
  let header: HeaderIndex | null = null;
  let columns: ReturnType<typeof detailColumns> | null = null;
  let listEnded = false;
  let tradeTotal: FooterTotal | null = null;
  let refundTotal: FooterTotal | null = null;
  // The footer states 商家实收 and 商家优惠, while lines carry 订单金额: their sums by kind
  // are kept to check the footer in its own terms.
  const sums = { payment: { received: 0n, discount: 0n }, refund: { received: 0n, discount: 0n } };

  const comment = (record: CsvRecord) => {
    const text = record.raw.trim();
    if (!header) {
      const m = periodPattern.exec(text);
      if (m) {
        const at = (y?: string, mo?: string, d?: string, t?: string) =>
          readTime(`${y}-${mo}-${d} ${t}`, record.lineNo, "起始日期/终止日期", alipayTimeZone);
        period = { from: at(m[1], m[2], m[3], m[4]), to: at(m[5], m[6], m[7], m[8]) };
      }
      return;
    }
    if (text.includes("业务明细列表结束")) listEnded = true;
    const trade = tradeTotalPattern.exec(text);
    if (trade) tradeTotal = footerTotal(trade, record.lineNo);
    const refund = refundTotalPattern.exec(text);
    if (refund) refundTotal = footerTotal(refund, record.lineNo);
  };

  return {
    read(record) {
      if (record.raw.startsWith("#")) {
        comment(record);
        return null;
      }
      if (record.raw.trim() === "") return null;
      if (!header) {
        header = new HeaderIndex(record.fields.map(fullWidth));
        columns = detailColumns(header);
        return null;
      }
      if (listEnded || !columns) throw unexpectedLine(record.lineNo, "the footer (#交易合计…)");
      const fields = record.fields.map((field) => field.trim());
      assertRowFits(record.lineNo, fields, header.names.length);
      const lineNo = record.lineNo;
      const cell = (c: { index: number }) => fields[c.index] ?? "";
      const type = cell(columns.type);
      const kind: StatementLineKind =
        type === "交易" ? "payment" : type === "退款" ? "refund" : "other";
      const amount = readAmount(
        cell(columns.orderAmount),
        lineNo,
        columns.orderAmount.name,
        digits,
      );
      if (kind !== "other") {
        const sum = sums[kind];
        sum.received += readAmount(cell(columns.received), lineNo, columns.received.name, digits);
        if (columns.discount) {
          sum.discount += readAmount(
            cell(columns.discount) || "0",
            lineNo,
            columns.discount.name,
            digits,
          );
        }
      }
      // 服务费's sign is not documented (third-party code reads it negative when charged):
      // its size is the fee, charged on a trade and given back on a refund.
      const feeText = columns.fee ? cell(columns.fee) : "";
      const fee =
        columns.fee && feeText
          ? absolute(readAmount(feeText, lineNo, columns.fee.name, digits))
          : 0n;
      const doneText = columns.done ? cell(columns.done) : "";
      const occurredAt =
        doneText && columns.done
          ? readTime(doneText, lineNo, columns.done.name, alipayTimeZone)
          : readTime(cell(columns.created), lineNo, columns.created.name, alipayTimeZone);
      return {
        lineNo,
        kind,
        occurredAt,
        providerTxnId: orNull(cell(columns.txn)),
        merchantRef: orNull(cell(columns.ref)),
        // An Alipay refund has no id of its own: it is the trade's, told apart by our out_request_no.
        providerRefundId: null,
        merchantRefundRef:
          kind === "refund" && columns.refundRef ? orNull(cell(columns.refundRef)) : null,
        currency: "CNY",
        amountMinor: absolute(amount),
        feeMinor: kind === "refund" ? -fee : fee,
        providerStatus: type || null,
        raw: rawText(record),
      };
    },

    end(counted, lastLine) {
      if (!header) throw truncated("the header (支付宝交易号,…)", lastLine);
      if (!listEnded) throw truncated("the end-of-list line (#…业务明细列表结束…)", lastLine);
      const trade: FooterTotal | null = tradeTotal;
      const refund: FooterTotal | null = refundTotal;
      if (!trade) throw truncated("the trade total (#交易合计：…)", lastLine);
      if (!refund) throw truncated("the refund total (#退款合计：…)", lastLine);
      // Stated in 商家实收/商家优惠 terms, checked in those terms; what the footer disagrees by
      // is added to the order amounts counted, so declared ≠ counted exactly when it disagrees.
      const paymentGap =
        trade.received - sums.payment.received + (trade.discount - sums.payment.discount);
      // Refund amounts are negative in the file, positive in lines.
      const refundGap =
        refund.received - sums.refund.received + (refund.discount - sums.refund.discount);
      return {
        period,
        declared: {
          lineCount: trade.count + refund.count,
          paymentsMinor: counted.paymentsMinor + paymentGap,
          refundsMinor: counted.refundsMinor - refundGap,
          feesMinor: null,
        },
        currency: "CNY",
      };
    },
  };
}

function detailColumns(header: HeaderIndex) {
  return {
    txn: header.column("支付宝交易号"),
    ref: header.column("商户订单号"),
    type: header.column("业务类型"),
    created: header.column("创建时间"),
    done: header.find("完成时间"),
    orderAmount: header.column("订单金额（元）"),
    received: header.column("商家实收（元）"),
    discount: header.find("商家优惠（元）"),
    refundRef: header.find("退款批次号/请求号", "退款批次号"),
    fee: header.find("服务费（元）"),
  };
}

export const alipayTradeLayout: StatementLayout = {
  format: "alipay_trade",
  recognises: (firstLine) => firstLine.trim().startsWith(alipayDetailTitle),
  dialect: () => ({ delimiter: ",", quoted: false }),
  open: openAlipay,
};

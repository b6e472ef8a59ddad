import type { statementFormats, statementLineKinds } from "@/db/schema/enum-values";
import type { StatementEncoding } from "./statement-text";

export type StatementFormat = (typeof statementFormats)[number];
export type StatementLineKind = (typeof statementLineKinds)[number];

/** One statement line as the file states it, normalised. Amounts are exact minor units. */
export interface StatementLine {
  /** 1-based line number in the (decoded) file. */
  lineNo: number;
  kind: StatementLineKind;
  /** The line's time in UTC (the file's own zone applied: WeChat and Alipay files are China time). */
  occurredAt: Date;
  /** The provider's id of the payment (微信订单号, 支付宝交易号, PayPal transaction id, Stripe charge / PaymentIntent). On a refund line, the payment it refunds when the file says so. */
  providerTxnId: string | null;
  /** Our reference as the provider echoes it (商户订单号 / out_trade_no / custom field = the attempt's token). */
  merchantRef: string | null;
  providerRefundId: string | null;
  /** Our refund id as the provider echoes it (商户退款单号 / 退款批次号 / out_request_no). */
  merchantRefundRef: string | null;
  /** ISO 4217, upper case. */
  currency: string;
  /** Always ≥ 0: what was paid, or on a refund line what went back. */
  amountMinor: bigint;
  /** The provider's fee on this line: positive when charged, negative when given back. */
  feeMinor: bigint;
  /** The provider's own status or type word (SUCCESS, 交易, T0006, charge, …). */
  providerStatus: string | null;
  /** The line as in the file, capped at 1,000 characters. */
  raw: string;
}

/** Sums over lines; money in minor units of `currency`. */
export interface StatementTotals {
  lineCount: number;
  paymentsMinor: bigint;
  refundsMinor: bigint;
  feesMinor: bigint;
}

/** What is known after every line has been read. */
export interface StatementSummary {
  /** The period the file says it covers (UTC instants, end exclusive), when it says so. */
  period: { from: Date; to: Date } | null;
  currency: string | null;
  /** The file's own totals (summary row, footer), null when the format carries none. Fields the format does not state are null. */
  declared: {
    lineCount: number | null;
    paymentsMinor: bigint | null;
    refundsMinor: bigint | null;
    feesMinor: bigint | null;
  } | null;
  /** The sums of the lines read. */
  counted: StatementTotals;
}

/** The merchant's column mapping for a generic CSV (saved per method). */
export interface GenericCsvMapping {
  /** Header names (exact, trimmed) of the columns. */
  columns: {
    providerTxnId: string;
    occurredAt: string;
    amount: string;
    fee?: string;
    type?: string;
    merchantRef?: string;
    currency?: string;
  };
  /** Values of the type column that mean a refund (others are payments); without a type column, a negative amount is a refund. */
  refundTypes?: string[];
  /** The currency when the file has no currency column. */
  currency: string;
  /** IANA zone of times without an offset. */
  timeZone: string;
  /** Decimal separator of amounts ("." or ","). */
  decimal: "." | ",";
}

export interface ReadStatementOptions {
  /** Needed for a generic CSV; a file no known layout recognises is read with it when given. */
  mapping?: GenericCsvMapping;
  /** The merchant's zone, for formats whose times carry none and no documented zone. */
  timeZone: string;
  /** Called as bytes are consumed, for the progress bar. */
  onProgress?: (bytesRead: number) => void;
}

/**
 * An opened statement: its layout and encoding recognised from its first bytes, its lines
 * streamed (memory stays flat however long the file), and its summary once they are read.
 * Reading throws StatementFileError (a DomainError with a message key) on an unknown,
 * malformed or truncated file.
 */
export interface StatementReader {
  format: StatementFormat;
  encoding: StatementEncoding;
  lines: AsyncIterable<StatementLine>;
  /** Valid only after `lines` has been read to its end. */
  summary(): StatementSummary;
  /** Lets go of the file without reading its lines (one refused for its layout). */
  close(): Promise<void>;
}

import { minorDigits } from "@/server/money/currency";
import { assertRowFits } from "./statement-file-error";
import { detectDelimiter, splitLine } from "./csv-tokenizer";
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
import type { StatementFormat, StatementLineKind } from "./types";

/*
 * Stripe's balance transactions, in two CSV shapes, told apart by their header:
 * - the balance report ("Balance change from activity", itemized): snake_case columns
 *   balance_transaction_id, created_utc, currency, gross, fee, net, reporting_category,
 *   source_id, charge_id, payment_metadata[key]…;
 * - the Dashboard/API export of balance transactions: id, Type, Source, Amount, Fee, Net,
 *   Currency, Created (UTC), Description, and metadata as "key (metadata)".
 * Amounts are decimal major units (JPY whole yen), times UTC; there are no totals in the file.
 * Sources: docs.stripe.com/reports/balance (report columns), docs.stripe.com/api/balance_transactions.
 */

/** Our attempt token and refund id ride in Stripe metadata under these keys (see the connector). */
const attemptTokenKey = "attempt_token";
const refundIdKey = "refund_id";

const paymentTypes = new Set(["charge", "payment"]);
const refundTypes = new Set(["refund", "payment_refund"]);

interface StripeColumns {
  id: { index: number; name: string };
  created: { index: number; name: string };
  currency: { index: number; name: string };
  gross: { index: number; name: string };
  fee: { index: number; name: string } | null;
  type: { index: number; name: string };
  /** The balance transaction's source: the charge (ch_…, py_…), the refund (re_…), the payout… */
  source: { index: number; name: string } | null;
  charge: { index: number; name: string } | null;
  attemptToken: { index: number; name: string } | null;
  refundId: { index: number; name: string } | null;
}

const reportColumns = (h: HeaderIndex): StripeColumns => ({
  id: h.column("balance_transaction_id"),
  created: h.column("created_utc", "created"),
  currency: h.column("currency"),
  gross: h.column("gross", "amount"),
  fee: h.find("fee"),
  type: h.column("reporting_category"),
  // Both are columns the merchant may leave out of the report; without either, no line
  // could be told to be which payment.
  source: h.find("source_id") ?? (h.find("charge_id") ? null : h.column("source_id")),
  charge: h.find("charge_id"),
  attemptToken: h.find(`payment_metadata[${attemptTokenKey}]`),
  refundId: h.find(`refund_metadata[${refundIdKey}]`),
});

const exportColumns = (h: HeaderIndex): StripeColumns => ({
  id: h.column("id"),
  created: h.column("Created (UTC)", "created"),
  currency: h.column("Currency"),
  gross: h.column("Amount"),
  fee: h.find("Fee"),
  type: h.column("Type"),
  source: h.column("Source"),
  charge: null,
  attemptToken: h.find(`${attemptTokenKey} (metadata)`, `metadata[${attemptTokenKey}]`),
  refundId: h.find(`${refundIdKey} (metadata)`, `metadata[${refundIdKey}]`),
});

function openStripe(columnsOf: (h: HeaderIndex) => StripeColumns, timeZone: string): LayoutReader {
  let header: HeaderIndex | null = null;
  let columns: StripeColumns | null = null;
  // created_utc / Created (UTC) are UTC; a report's plain `created` is in the zone the merchant
  // ran it in, taken to be the shop's.
  let createdZone = "UTC";

  return {
    read(record: CsvRecord) {
      if (record.raw.trim() === "") return null;
      if (!header || !columns) {
        header = new HeaderIndex(record.fields.map((f) => f.trim()));
        columns = columnsOf(header);
        createdZone = /utc/i.test(columns.created.name) ? "UTC" : timeZone;
        return null;
      }
      const fields = record.fields;
      assertRowFits(record.lineNo, fields, header.names.length);
      const lineNo = record.lineNo;
      const cell = (c: { index: number }) => (fields[c.index] ?? "").trim();
      const type = cell(columns.type);
      const kind: StatementLineKind = paymentTypes.has(type)
        ? "payment"
        : refundTypes.has(type)
          ? "refund"
          : "other";
      const currency = readCurrency(cell(columns.currency), lineNo, columns.currency.name);
      const digits = minorDigits(currency);
      const gross = readAmount(cell(columns.gross), lineNo, columns.gross.name, digits);
      const feeText = columns.fee ? cell(columns.fee) : "";
      const fee =
        columns.fee && feeText ? readAmount(feeText, lineNo, columns.fee.name, digits) : 0n;
      const metadata = (c: { index: number } | null) => (c ? orNull(cell(c)) : null);
      const source = metadata(columns.source);
      return {
        lineNo,
        kind,
        occurredAt: readTime(cell(columns.created), lineNo, columns.created.name, createdZone),
        // A charge's source is the charge (ch_…, py_…); a refund's is the refund (re_…), and the
        // report names the charge it gives back in charge_id.
        providerTxnId:
          kind === "refund" ? metadata(columns.charge) : (source ?? metadata(columns.charge)),
        merchantRef: metadata(columns.attemptToken),
        providerRefundId: kind === "refund" ? source : null,
        merchantRefundRef: kind === "refund" ? metadata(columns.refundId) : null,
        currency,
        amountMinor: absolute(gross),
        // Stripe's fee is positive when charged; a fee given back is negative.
        feeMinor: fee,
        providerStatus: type || null,
        raw: rawText(record),
      };
    },
    end: () => ({ period: null, declared: null }),
  };
}

function headerNames(firstLine: string): string[] {
  return splitLine(firstLine, { delimiter: detectDelimiter(firstLine), quoted: true }).map((f) =>
    f.trim(),
  );
}

function stripeLayout(
  format: StatementFormat,
  required: string[],
  columnsOf: (h: HeaderIndex) => StripeColumns,
): StatementLayout {
  return {
    format,
    recognises(firstLine) {
      const names = headerNames(firstLine);
      return required.every((name) => names.includes(name));
    },
    dialect: (firstLine) => ({ delimiter: detectDelimiter(firstLine), quoted: true }),
    open: (options) => openStripe(columnsOf, options.timeZone),
  };
}

/** The itemized balance report (balance change from activity). */
export const stripeReportLayout = stripeLayout(
  "stripe_itemized",
  ["balance_transaction_id", "reporting_category", "currency"],
  reportColumns,
);

/** The balance transactions export (Dashboard, or the API's fields in the same names). */
export const stripeBalanceLayout = stripeLayout(
  "stripe_balance",
  ["id", "Type", "Source", "Amount", "Currency"],
  exportColumns,
);

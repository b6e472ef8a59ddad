import { minorDigits } from "@/server/money/currency";
import { assertRowFits, missingColumn } from "./statement-file-error";
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
import type { GenericCsvMapping, ReadStatementOptions, StatementLineKind } from "./types";

/*
 * Any CSV a merchant's provider gives, read through the merchant's column mapping: quoted
 * (RFC 4180), comma, semicolon or tab, "," or "." decimals, times in the mapping's zone unless
 * they carry an offset. Refunds are the rows whose type is one of the mapping's refund types,
 * or, without a type column, the rows with a negative amount.
 */

function mapped(mapping: GenericCsvMapping): string[] {
  return Object.values(mapping.columns).filter((name): name is string => Boolean(name));
}

function openGeneric(options: ReadStatementOptions): LayoutReader {
  const mapping = options.mapping;
  if (!mapping) throw new Error("A generic CSV is read with a mapping");
  const refundTypes = new Set((mapping.refundTypes ?? []).map((t) => t.trim().toLowerCase()));
  let header: HeaderIndex | null = null;
  let columns: ReturnType<typeof mappedColumns> | null = null;

  return {
    read(record) {
      if (record.raw.trim() === "") return null;
      if (!header || !columns) {
        header = new HeaderIndex(record.fields.map((f) => f.trim()));
        columns = mappedColumns(header, mapping);
        return null;
      }
      const fields = record.fields;
      assertRowFits(record.lineNo, fields, header.names.length);
      const lineNo = record.lineNo;
      const cell = (c: { index: number }) => (fields[c.index] ?? "").trim();
      const currency = columns.currency
        ? readCurrency(cell(columns.currency) || mapping.currency, lineNo, columns.currency.name)
        : mapping.currency;
      const digits = minorDigits(currency);
      const decimal = mapping.decimal;
      const amount = readAmount(cell(columns.amount), lineNo, columns.amount.name, digits, {
        decimal,
      });
      const feeText = columns.fee ? cell(columns.fee) : "";
      const fee =
        columns.fee && feeText
          ? readAmount(feeText, lineNo, columns.fee.name, digits, { decimal })
          : 0n;
      const type = columns.type ? cell(columns.type) : null;
      const kind: StatementLineKind =
        type === null
          ? amount < 0n
            ? "refund"
            : "payment"
          : refundTypes.has(type.toLowerCase())
            ? "refund"
            : "payment";
      const id = orNull(cell(columns.providerTxnId));
      return {
        lineNo,
        kind,
        occurredAt: readTime(
          cell(columns.occurredAt),
          lineNo,
          columns.occurredAt.name,
          mapping.timeZone,
        ),
        // One id column: on a refund row it is the refund's id (the file names no payment).
        providerTxnId: kind === "refund" ? null : id,
        merchantRef: columns.merchantRef ? orNull(cell(columns.merchantRef)) : null,
        providerRefundId: kind === "refund" ? id : null,
        merchantRefundRef: null,
        currency,
        amountMinor: absolute(amount),
        feeMinor: fee,
        providerStatus: type || null,
        raw: rawText(record),
      };
    },
    end: () => ({ period: null, declared: null, currency: mapping.currency }),
  };
}

function mappedColumns(header: HeaderIndex, mapping: GenericCsvMapping) {
  const { columns } = mapping;
  const optional = (name: string | undefined) => (name ? header.column(name) : null);
  return {
    providerTxnId: header.column(columns.providerTxnId),
    occurredAt: header.column(columns.occurredAt),
    amount: header.column(columns.amount),
    fee: optional(columns.fee),
    type: optional(columns.type),
    merchantRef: optional(columns.merchantRef),
    currency: optional(columns.currency),
  };
}

export const genericCsvLayout: StatementLayout = {
  format: "generic_csv",
  /** A header with every mapped column; a header missing one is refused naming it. */
  recognises(firstLine, options) {
    if (!options.mapping) return false;
    const names = splitLine(firstLine, { delimiter: detectDelimiter(firstLine), quoted: true }).map(
      (f) => f.trim(),
    );
    const missing = mapped(options.mapping).find((name) => !names.includes(name));
    if (missing) throw missingColumn(missing);
    return true;
  },
  dialect: (firstLine) => ({ delimiter: detectDelimiter(firstLine), quoted: true }),
  open: openGeneric,
};

import { minorDigits } from "@/server/money/currency";
import { splitLine, detectDelimiter } from "./csv-tokenizer";
import { assertRowFits, badAmount, truncated, unexpectedLine } from "./statement-file-error";
import type { LayoutReader, StatementLayout } from "./statement-layout";
import {
  HeaderIndex,
  orNull,
  parseTime,
  rawText,
  readCurrency,
  readTime,
} from "./statement-values";
import type { CsvRecord } from "./csv-tokenizer";
import type { StatementLineKind } from "./types";

/*
 * PayPal Transaction Detail Report (TRR, SFTP/website): every row starts with its type —
 * RH report header, FH file header, SH section header, CH column header, SB section body
 * (one transaction), SF section footer, SC section count, RF report footer, RC report count,
 * FF file footer. Amounts are unsigned whole numbers with CR/DR beside them; dates look like
 * `2017/03/02 09:59:55 -0800`. Source: developer.paypal.com/docs/reports/sftp-reports/transaction-detail
 * and the T-code reference (provider-formats.md §5c).
 */

/** Event codes of a payment received (T00xx: Express Checkout T0006, subscription T0002…). */
const paymentCodePrefix = "T00";
/** The event code of a refund the merchant gave. */
export const paypalRefundCode = "T1107";

/** Column names, spaces collapsed (settlement files write "Transaction  Debit or Credit"). */
const clean = (name: string) => name.trim().replace(/\s+/g, " ");

/**
 * "Money amount fields are unsigned, with no … decimal separator … 100,00 yen and $100.00 USD
 * are both represented as 10000" (PayPal): two implied decimals whatever the currency, so the
 * value is scaled to the currency's own minor unit (yen: ÷100, which must divide exactly).
 */
function reportAmount(value: string, lineNo: number, column: string, currency: string): bigint {
  const text = value.trim();
  if (!/^\d+$/.test(text)) throw badAmount(lineNo, column, value);
  const hundredths = BigInt(text);
  const digits = minorDigits(currency);
  if (digits >= 2) return hundredths * 10n ** BigInt(digits - 2);
  const divisor = 10n ** BigInt(2 - digits);
  if (hundredths % divisor !== 0n) throw badAmount(lineNo, column, value);
  return hundredths / divisor;
}

/** The record count a footer row states (its first value), or null when it has none. */
function statedCount(record: CsvRecord): number | null {
  const value = (record.fields[1] ?? "").trim();
  return /^\d+$/.test(value) ? Number(value) : null;
}

function openPaypal(options: { timeZone: string }): LayoutReader {
  let header: HeaderIndex | null = null;
  let columns: ReturnType<typeof detailColumns> | null = null;
  let periodFrom: Date | null = null;
  let periodTo: Date | null = null;
  let sectionCount = 0;
  let total = 0;
  let sawFileHeader = false;
  const seen = new Set<string>();
  /** Each stated count beside the count read, in file order. */
  const checks: { stated: number; read: number }[] = [];

  const section = (record: CsvRecord) => {
    // SH: report period start, end (the end is its last second: made exclusive).
    const from = parseTime(record.fields[1] ?? "", options.timeZone);
    const to = parseTime(record.fields[2] ?? "", options.timeZone);
    if (from && (!periodFrom || from.getTime() < periodFrom.getTime())) periodFrom = from;
    if (to) {
      const end = new Date(to.getTime() + 1000);
      if (!periodTo || end.getTime() > periodTo.getTime()) periodTo = end;
    }
    sectionCount = 0;
  };

  return {
    read(record) {
      const type = (record.fields[0] ?? "").trim();
      if (record.raw.trim() === "") return null;
      seen.add(type);
      switch (type) {
        case "RH":
          return null;
        case "FH":
          sawFileHeader = true;
          return null;
        case "SH":
          section(record);
          return null;
        case "CH":
          header = new HeaderIndex(record.fields.map(clean));
          columns = detailColumns(header);
          return null;
        case "SF":
        case "SC": {
          const stated = statedCount(record);
          if (stated !== null) checks.push({ stated, read: sectionCount });
          return null;
        }
        case "RF":
        case "RC":
        case "FF": {
          const stated = statedCount(record);
          if (stated !== null) checks.push({ stated, read: total });
          return null;
        }
        case "SB":
          break;
        default:
          throw unexpectedLine(
            record.lineNo,
            "a row starting with RH, FH, SH, CH, SB, SF, SC, RF, RC or FF",
          );
      }
      if (!header || !columns)
        throw unexpectedLine(record.lineNo, "the column header (CH) before the rows");
      const fields = record.fields;
      assertRowFits(record.lineNo, fields, header.names.length);
      sectionCount++;
      total++;
      const lineNo = record.lineNo;
      const cell = (c: { index: number }) => (fields[c.index] ?? "").trim();
      const code = cell(columns.code);
      const credit = cell(columns.direction) === "CR";
      const status = columns.status ? cell(columns.status) : "";
      // Only a completed (S) credit of a payment code is money received; pending, denied and
      // the payments we sent are something else.
      const succeeded = status === "" || status === "S";
      const kind: StatementLineKind =
        code.startsWith(paymentCodePrefix) && credit && succeeded
          ? "payment"
          : code === paypalRefundCode && succeeded
            ? "refund"
            : "other";
      const currency = readCurrency(cell(columns.currency), lineNo, columns.currency.name);
      const amountMinor = reportAmount(cell(columns.gross), lineNo, columns.gross.name, currency);
      const feeText = columns.fee ? cell(columns.fee) : "";
      let feeMinor = 0n;
      if (feeText && columns.fee) {
        const feeCurrency = columns.feeCurrency ? cell(columns.feeCurrency) || currency : currency;
        const fee = reportAmount(
          feeText,
          lineNo,
          columns.fee.name,
          readCurrency(feeCurrency, lineNo, "Fee Currency"),
        );
        // A fee debited is charged; a fee credited (on a refund) is given back.
        feeMinor = columns.feeDirection && cell(columns.feeDirection) === "CR" ? -fee : fee;
      }
      const completed = columns.completed ? cell(columns.completed) : "";
      const occurredAt =
        completed && columns.completed
          ? readTime(completed, lineNo, columns.completed.name, options.timeZone)
          : readTime(cell(columns.initiated), lineNo, columns.initiated.name, options.timeZone);
      const id = orNull(cell(columns.id));
      const merchantRef =
        orNull(columns.custom ? cell(columns.custom) : "") ??
        orNull(columns.invoice ? cell(columns.invoice) : "");
      return {
        lineNo,
        kind,
        occurredAt,
        // A refund points at the payment it gives back by its PayPal Reference ID.
        providerTxnId:
          kind === "refund" ? orNull(columns.reference ? cell(columns.reference) : "") : id,
        merchantRef,
        providerRefundId: kind === "refund" ? id : null,
        merchantRefundRef: null,
        currency,
        amountMinor,
        feeMinor,
        providerStatus: code || null,
        raw: rawText(record),
      };
    },

    end(counted, lastLine) {
      if (!seen.has("RF")) throw truncated("the report footer (RF)", lastLine);
      if (!seen.has("RC")) throw truncated("the report record count (RC)", lastLine);
      if (sawFileHeader && !seen.has("FF")) throw truncated("the file footer (FF)", lastLine);
      // The footers' counts are the file's own totals: the first one that disagrees with the
      // rows read is the one reported (as the count the file states overall).
      const off = checks.find((check) => check.stated !== check.read);
      const from: Date | null = periodFrom;
      const to: Date | null = periodTo;
      return {
        period: from && to ? { from, to } : null,
        declared: {
          lineCount: off ? counted.lineCount + (off.stated - off.read) : counted.lineCount,
          paymentsMinor: null,
          refundsMinor: null,
          feesMinor: null,
        },
      };
    },
  };
}

function detailColumns(header: HeaderIndex) {
  return {
    id: header.column("Transaction ID"),
    invoice: header.find("Invoice ID"),
    reference: header.find("PayPal Reference ID"),
    code: header.column("Transaction Event Code"),
    initiated: header.column("Transaction Initiation Date"),
    completed: header.find("Transaction Completion Date"),
    direction: header.column("Transaction Debit or Credit"),
    gross: header.column("Gross Transaction Amount"),
    currency: header.column("Gross Transaction Currency"),
    feeDirection: header.find("Fee Debit or Credit"),
    fee: header.find("Fee Amount"),
    feeCurrency: header.find("Fee Currency"),
    status: header.find("Transactional Status"),
    custom: header.find("Custom Field"),
  };
}

export const paypalTrrLayout: StatementLayout = {
  format: "paypal_trr",
  recognises(firstLine) {
    const [type] = splitLine(firstLine, { delimiter: detectDelimiter(firstLine), quoted: true });
    return type?.trim() === "RH";
  },
  dialect: (firstLine) => ({ delimiter: detectDelimiter(firstLine), quoted: true }),
  open: openPaypal,
};

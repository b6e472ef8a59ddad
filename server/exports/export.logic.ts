import { minorDigits, minorToMajorString } from "@/server/money/currency";
import { localTimestamp } from "@/server/time/local-date.logic";
import { csvRecord, defuseFormula, utf8Bom } from "./csv.logic";

/** An amount in minor units of its currency; exported in major units ("12.50", "1200"). */
export interface Money {
  minor: bigint;
  currency: string;
}

/**
 * What a column yields for a row: text (people's words, or a code already translated), a
 * count or ratio, an amount, an instant (shown in the shop's zone with its offset), or empty.
 */
export type ExportValue = string | number | bigint | Money | Date | null | undefined;

/** One column of an export, declared once and written alike to CSV and XLSX. */
export interface ExportColumn<Row> {
  /** In the user's language. */
  header: string;
  value: (row: Row) => ExportValue;
}

/** What an export streams: its columns and its rows, page by page (keyset pages from SQL). */
export interface ExportSource<Row> {
  /** The file's name without extension (ASCII); also the sheet's name. */
  name: string;
  columns: ExportColumn<Row>[];
  pages: AsyncIterable<Row[]>;
}

export function money(
  minor: bigint | null | undefined,
  currency: string | null | undefined,
): Money | null {
  return minor === null || minor === undefined || !currency ? null : { minor, currency };
}

function isMoney(value: ExportValue): value is Money {
  return typeof value === "object" && value !== null && !(value instanceof Date);
}

/** A value as CSV text: amounts exact in major units, times in the shop's zone, text defused. */
export function cellText(value: ExportValue, timeZone: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return defuseFormula(value);
  if (value instanceof Date) return localTimestamp(value, timeZone);
  if (isMoney(value)) return minorToMajorString(value.minor, value.currency);
  return value.toString();
}

/** The header record, after the byte-order mark. */
export function csvHeader(columns: readonly ExportColumn<never>[]): string {
  return utf8Bom + csvRecord(columns.map((c) => defuseFormula(c.header)));
}

export function csvRows<Row>(
  columns: readonly ExportColumn<Row>[],
  rows: readonly Row[],
  timeZone: string,
): string {
  return rows
    .map((row) => csvRecord(columns.map((c) => cellText(c.value(row), timeZone))))
    .join("");
}

/** Beyond this an amount as a spreadsheet number would no longer be exact. */
const exactNumberLimit = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A value for an XLSX cell: amounts as numbers shown with the currency's decimals (so they add
 * up in Excel), times as the same text as in CSV. People's text is a string cell, which a
 * spreadsheet never runs; text that looks like a formula also gets the Text format ("@"), so
 * it shows as typed (no CSV apostrophe) and stays text if someone edits the cell.
 */
export function xlsxCell(
  value: ExportValue,
  timeZone: string,
): { value: string | number | null; numFmt?: string } {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === "number") return { value };
  if (typeof value === "bigint") {
    const abs = value < 0n ? -value : value;
    return abs <= exactNumberLimit ? { value: Number(value) } : { value: value.toString() };
  }
  if (isMoney(value)) {
    const text = minorToMajorString(value.minor, value.currency);
    const abs = value.minor < 0n ? -value.minor : value.minor;
    if (abs > exactNumberLimit) return { value: text };
    const digits = minorDigits(value.currency);
    return { value: Number(text), numFmt: digits > 0 ? `0.${"0".repeat(digits)}` : "0" };
  }
  if (typeof value === "string" && defuseFormula(value) !== value) {
    return { value, numFmt: textFormat };
  }
  return { value: cellText(value, timeZone) };
}

/** Excel's (and LibreOffice's) Text number format: what is typed into the cell stays text. */
const textFormat = "@";

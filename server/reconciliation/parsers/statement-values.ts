import { tzOffset } from "@date-fns/tz";
import { DomainError } from "@/server/errors";
import { minorDigits } from "@/server/money/currency";
import { badAmount, badCurrency, badDate, missingColumn } from "./statement-file-error";
import type { CsvRecord } from "./csv-tokenizer";

/*
 * Reading one cell of a statement into exact values: amounts into minor units by string
 * arithmetic (never through a float), times into UTC instants, currency codes checked. Each
 * reader names the line and the column in its error, so a person can find the cell.
 */

/** How digits beyond the currency's minor unit are treated: refused, or rounded half up. */
export type Rounding = "exact" | "halfUp";

const amountPatterns = {
  // Groups of three after an optional first group of one to three: "1,250.00", "1 250,00".
  ".": /^([+\-\u2212]?)(\d{1,3}(?:[, \u00a0']\d{3})+|\d*)(?:\.(\d*))?$/,
  ",": /^([+\-\u2212]?)(\d{1,3}(?:[. \u00a0']\d{3})+|\d*)(?:,(\d*))?$/,
} as const;

/**
 * A decimal amount ("0.01", "1,250.00", "-0.04", "1200", "0.01000") in minor units of a
 * currency with `digits` decimals, or null when the text is not an amount (or, with "exact",
 * has a non-zero digit below the minor unit). "halfUp" rounds the magnitude half up, so a
 * charged fee and the same fee given back round to the same size (四舍五入).
 */
export function decimalToMinor(
  text: string,
  digits: number,
  decimal: "." | "," = ".",
  rounding: Rounding = "exact",
): bigint | null {
  const match = amountPatterns[decimal].exec(text.trim());
  if (!match) return null;
  const integer = (match[2] ?? "").replace(/\D/g, "");
  const fraction = match[3] ?? "";
  if (integer.length + fraction.length === 0) return null;
  let kept = fraction.slice(0, digits).padEnd(digits, "0");
  const dropped = fraction.slice(digits);
  let roundUp = false;
  if (dropped.length > 0) {
    if (rounding === "exact") {
      if (/[1-9]/.test(dropped)) return null;
    } else {
      roundUp = dropped.charCodeAt(0) >= 53; /* "5" */
    }
  }
  if (kept === "") kept = "0";
  let minor = BigInt(integer || "0") * 10n ** BigInt(digits) + BigInt(kept);
  if (roundUp) minor += 1n;
  return match[1] && match[1] !== "+" ? -minor : minor;
}

/** The cell's amount, or a StatementFileError naming the line and column. */
export function readAmount(
  value: string,
  lineNo: number,
  column: string,
  digits: number,
  options: { decimal?: "." | ","; rounding?: Rounding } = {},
): bigint {
  const minor = decimalToMinor(value, digits, options.decimal, options.rounding);
  if (minor === null) throw badAmount(lineNo, column, value);
  return minor;
}

/** The cell's currency code, upper-cased; refused when it is not an ISO 4217 code we account in. */
export function readCurrency(value: string, lineNo: number, column: string): string {
  const code = value.trim().toUpperCase();
  try {
    minorDigits(code);
  } catch (error) {
    if (error instanceof DomainError) throw badCurrency(lineNo, column, value);
    throw error;
  }
  return code;
}

// "2019-09-16 10:55:23", "2017/03/02 09:59:55 -0800", "2024-01-05T12:34:56.123Z", "2024-01-05 12:34",
// "2014-11-10 16：33：45" (old WeChat bills wrote full-width colons), a bare date.
const timePattern =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Offsets by zone and wall-clock hour: zones change offset on the hour, and a file's lines share a few hours. */
const offsetCache = new Map<string, number>();

function offsetMinutes(timeZone: string, wallMs: number): number {
  const key = `${timeZone}|${Math.floor(wallMs / 3_600_000)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    // The offset at the wall time read as UTC is off by the offset itself near a change;
    // asking again at the corrected instant settles it (a skipped hour moves forward).
    const first = tzOffset(timeZone, new Date(wallMs));
    offset = tzOffset(timeZone, new Date(wallMs - first * 60_000));
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/**
 * A date and time in UTC: its own offset when it has one, else the wall clock of `timeZone`.
 * Digits-only text of 9–11 digits is Unix seconds. Null when it is not a valid time.
 */
export function parseTime(text: string, timeZone: string): Date | null {
  const value = text.trim();
  if (/^\d{9,11}$/.test(value)) return new Date(Number(value) * 1000);
  const m = timePattern.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(
    (part) => Number(part ?? 0),
  ) as [number, number, number, number, number, number];
  const millis = Number((m[7] ?? "").slice(0, 3).padEnd(3, "0"));
  // No provider's statement predates 1970 (and Date.UTC would read 0099 as 1999).
  if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59)
    return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 31 February over into March: such a date is not a date.
  if (new Date(wall).getUTCDate() !== day) return null;
  const zone = m[8]?.toUpperCase();
  let offset: number;
  if (zone === undefined) {
    offset = offsetMinutes(timeZone, wall);
    if (Number.isNaN(offset)) return null;
  } else if (zone === "Z" || zone === "UTC" || zone === "GMT") {
    offset = 0;
  } else {
    const digits = zone.replace(":", "");
    const sign = digits.startsWith("-") ? -1 : 1;
    offset = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
  }
  return new Date(wall - offset * 60_000);
}

export function readTime(value: string, lineNo: number, column: string, timeZone: string): Date {
  const at = parseTime(value, timeZone);
  if (!at) throw badDate(lineNo, column, value);
  return at;
}

/** Where each header name sits; `column()` refuses a file without a column the layout needs. */
export class HeaderIndex {
  private readonly at = new Map<string, number>();

  constructor(readonly names: readonly string[]) {
    names.forEach((name, i) => {
      if (!this.at.has(name)) this.at.set(name, i);
    });
  }

  /** The first of `names` the header has, or null. */
  find(...names: string[]): { name: string; index: number } | null {
    for (const name of names) {
      const index = this.at.get(name);
      if (index !== undefined) return { name, index };
    }
    return null;
  }

  column(...names: [string, ...string[]]): { name: string; index: number } {
    const found = this.find(...names);
    if (!found) throw missingColumn(names[0]);
    return found;
  }
}

/** The line as stored: the record's text, capped at 1,000 characters. */
export function rawText(record: CsvRecord): string {
  return record.raw.length > 1000 ? record.raw.slice(0, 1000) : record.raw;
}

/** Empty text as null (ids the file leaves blank). */
export function orNull(value: string | undefined): string | null {
  return value ? value : null;
}

export function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}

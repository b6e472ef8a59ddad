import { DomainError } from "@/server/errors";
import { minorDigits } from "./minor-units";

export { formatMinor, minorDigits, minorToMajorString } from "./minor-units";

/** The largest amount a PostgreSQL `bigint` column holds. */
export const maxStoredMinor = 2n ** 63n - 1n;
const maxIntegerDigits = 15;

type AmountProblem = "format" | "negative" | "precision" | "tooLarge";

function invalidAmount(input: string, currency: string, reason: AmountProblem): DomainError {
  return new DomainError(
    "VALIDATION",
    "invalidAmount",
    `Not a valid ${currency} amount (${reason}): ${JSON.stringify(input)}`,
    { reason, currency, maxDecimals: minorDigits(currency), maxIntegerDigits },
  );
}

/** What a user may type before or after the number: the code and the symbols we display. */
function currencyAffixes(currency: string): string[] {
  const affixes = new Set([currency]);
  for (const locale of ["en", "zh-CN"]) {
    for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
      const part = new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay })
        .formatToParts(1)
        .find((p) => p.type === "currency");
      if (part) affixes.add(part.value);
    }
  }
  // How Chinese users write yuan amounts: "12.50元", "RMB 12.50".
  if (currency === "CNY") affixes.add("元").add("RMB");
  // Longest first, so "US$" is taken whole rather than leaving "US" behind "$".
  return [...affixes].sort((a, b) => b.length - a.length);
}

function stripAffix(text: string, affixes: string[], where: "start" | "end"): string {
  const upper = text.toUpperCase();
  for (const affix of affixes) {
    const a = affix.toUpperCase();
    if (where === "start" && upper.startsWith(a)) return text.slice(affix.length).trim();
    if (where === "end" && upper.endsWith(a)) return text.slice(0, -affix.length).trim();
  }
  return text;
}

// Thousands groups must be exactly three digits after a first group without a leading zero
// ("1,234"), so a European "12,50" or "0,125" is refused rather than read as 1250 or 125.
const amountPattern = /^([1-9]\d{0,2}(?:,\d{3})+|\d*)(?:\.(\d*))?$/;
const minusSigns = /^[-\u2212]/;

/**
 * Parses a typed amount ("12.5", "1,234.50", "¥12.50", "１２。５") into minor units, exactly.
 * Refuses (DomainError VALIDATION invalidAmount, `details.reason`) junk, negative amounts,
 * more non-zero decimals than the currency has, and more than 15 integer digits. Zero is a
 * valid amount; whether it is allowed is the caller's rule.
 */
export function parseMajorToMinor(input: string, currency: string): bigint {
  const digits = minorDigits(currency);
  // NFKC folds full-width digits, "．", "，", "￥" and "－" (Chinese keyboards) to ASCII;
  // "。" is what the period key types in Chinese punctuation mode.
  let text = input.normalize("NFKC").replaceAll("。", ".").trim();
  const affixes = currencyAffixes(currency);
  let negative = false;
  if (minusSigns.test(text)) {
    negative = true;
    text = text.slice(1).trim();
  }
  text = stripAffix(text, affixes, "start");
  if (!negative && minusSigns.test(text)) {
    negative = true;
    text = text.slice(1).trim();
  }
  text = stripAffix(text, affixes, "end");

  const match = amountPattern.exec(text);
  const integerText = (match?.[1] ?? "").replaceAll(",", "");
  let fraction = match?.[2] ?? "";
  if (!match || integerText.length + fraction.length === 0) {
    throw invalidAmount(input, currency, "format");
  }
  if (negative) throw invalidAmount(input, currency, "negative");

  // Extra zeros are exact ("1200.00" yen is 1200 yen); only a non-zero digit is lost precision.
  if (fraction.length > digits) {
    if (/[1-9]/.test(fraction.slice(digits))) throw invalidAmount(input, currency, "precision");
    fraction = fraction.slice(0, digits);
  }
  if (integerText.replace(/^0+/, "").length > maxIntegerDigits) {
    throw invalidAmount(input, currency, "tooLarge");
  }
  const minor =
    BigInt(integerText || "0") * 10n ** BigInt(digits) +
    BigInt(fraction.padEnd(digits, "0") || "0");
  // 15 integer digits of a 4-digit currency (CLF) would not fit the column.
  if (minor > maxStoredMinor) throw invalidAmount(input, currency, "tooLarge");
  return minor;
}

import { minorDigits, minorToMajorString } from "@/server/money/currency";

/**
 * A provider's decimal amount ("0.10" yuan from Alipay, "12.50" from PayPal) as exact minor
 * units, or null when it is not a plain non-negative decimal within the currency's digits (or
 * the currency is not one).
 * Strict on purpose: what a signed message says is read exactly or not at all.
 */
export function decimalToMinor(value: unknown, currency: string): bigint | null {
  if (typeof value !== "string") return null;
  const digits = digitsOf(currency);
  if (digits === null) return null;
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(value);
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the pattern's integer group always takes part in a match
  return BigInt(match[1]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
}

/** A currency's minor digits; null for a code that is not a currency (a message may name any). */
function digitsOf(currency: string): number | null {
  try {
    return minorDigits(currency);
  } catch {
    return null;
  }
}

/** Minor units as the decimal string providers take ("0.10"). */
export function minorToDecimal(amount: bigint, currency: string): string {
  return minorToMajorString(amount, currency);
}

/** An integer minor amount as JSON carries it (WeChat fen, Stripe cents); else null. */
export function integerMinor(value: unknown): bigint | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0
    ? BigInt(value)
    : null;
}

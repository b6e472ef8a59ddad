import { DomainError } from "@/server/errors";

// A currency's minor unit and the display of an amount: all that the customer's pages need
// of money in the browser (currency.ts, which parses typed amounts, re-exports them).

/**
 * ISO 4217 minor units where the ICU/CLDR data behind Intl says otherwise. CLDR gives the
 * digits people usually *display* (and pay in cash); ISO gives the unit amounts are
 * *accounted* in, which is what providers and statements use and what we store.
 * Source: ISO 4217 list one, "Minor unit" column.
 */
const isoMinorDigitOverrides: Readonly<Record<string, number>> = {
  AFN: 2,
  ALL: 2,
  COP: 2,
  HUF: 2,
  IDR: 2,
  IQD: 3,
  IRR: 2,
  KPW: 2,
  LAK: 2,
  LBP: 2,
  MGA: 2,
  MMK: 2,
  PKR: 2,
  // Older CLDR releases said 0; pinned so the stored unit cannot change with Node's ICU.
  RSD: 2,
  SLL: 2,
  SOS: 2,
  SYP: 2,
  YER: 2,
};

/** ISO marks these "N.A." (metals, funds, SDR, test codes): nothing a merchant charges in. */
const withoutMinorUnit = new Set([
  "XAG",
  "XAU",
  "XBA",
  "XBB",
  "XBC",
  "XBD",
  "XDR",
  "XPD",
  "XPT",
  "XSU",
  "XTS",
  "XUA",
  "XXX",
]);

const supportedCurrencies = new Set(Intl.supportedValuesOf("currency"));
// supportedValuesOf leaves out ISO fund codes that Intl still formats (CLF, UYW, UYI).
const currencyNames = new Intl.DisplayNames("en", { type: "currency", fallback: "none" });
const digitsCache = new Map<string, number>();

function invalidCurrency(currency: string): DomainError {
  return new DomainError("VALIDATION", "invalidCurrency", `Unknown currency: ${currency}`, {
    currency,
  });
}

/** Digits of the currency's minor unit (CNY 2, JPY 0, KWD 3), per ISO 4217. */
export function minorDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  // Exact upper-case codes only: a lower-case or unknown code is a bug upstream, and Intl
  // would otherwise quietly answer 2 for any three letters.
  if (
    !/^[A-Z]{3}$/.test(currency) ||
    !(supportedCurrencies.has(currency) || currencyNames.of(currency) !== undefined) ||
    withoutMinorUnit.has(currency)
  ) {
    throw invalidCurrency(currency);
  }
  const digits =
    isoMinorDigitOverrides[currency] ??
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ??
    2;
  digitsCache.set(currency, digits);
  return digits;
}

/** "12.50", "-3.00", "1234" (JPY): a plain decimal string, no grouping, for CSV and inputs. */
export function minorToMajorString(amount: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amount < 0n ? "-" : "";
  const absolute = (amount < 0n ? -amount : amount).toString();
  if (digits === 0) return sign + absolute;
  const padded = absolute.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * The amount in the locale's currency style ("¥1,234.50", "US$12.00"). Exact at any size:
 * Intl formats the decimal string itself, so no value passes through a float. Always shows
 * the currency's ISO minor digits, so an amount the user sees is the amount we store.
 */
export function formatMinor(amount: bigint, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(minorToMajorString(amount, currency) as `${number}`);
}

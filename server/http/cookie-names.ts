/** Cookies the console sets for its own preferences (never for identity: that is the session). */
export const cookieNames = {
  locale: "NEXT_LOCALE",
  /** The language a customer chose on the pay page, apart from the console's (customer-locale.logic.ts). */
  customerLocale: "hexiao_customer_locale",
  merchant: "hexiao_merchant",
  store: "hexiao_store",
  sidebar: "hexiao_sidebar",
} as const;

/** One year: these are preferences, not credentials. */
export const preferenceCookieMaxAge = 60 * 60 * 24 * 365;

/**
 * The first value of cookie `name` in a Cookie header, quotes taken off and percent-decoding
 * undone (a value that does not decode is kept as it is), as better-call parses cookies.
 */
export function cookieValue(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.codePointAt(0) === 34) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

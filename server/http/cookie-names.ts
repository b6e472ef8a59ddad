import { localeCookie } from "@/scripts/locale-choice.mjs";

/** Cookies the console sets for its own preferences (never for identity: that is the session). */
export const cookieNames = {
  locale: localeCookie,
  /** The language a customer chose on the pay page, apart from the console's (customer-locale.logic.ts). */
  customerLocale: "hexiao_customer_locale",
  merchant: "hexiao_merchant",
  store: "hexiao_store",
  sidebar: "hexiao_sidebar",
} as const;

/** One year: these are preferences, not credentials. */
export const preferenceCookieMaxAge = 60 * 60 * 24 * 365;

/** Cookies are read as the app server reads the language cookie before Next (one parser). */
export { cookieValue } from "@/scripts/locale-choice.mjs";

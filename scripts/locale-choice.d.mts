// Types for locale-choice.mjs, for the app's TypeScript and the tests.
export const locales: readonly ["zh-CN", "en"];
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale;
export const localeCookie: "NEXT_LOCALE";
export function isLocale(value: unknown): value is Locale;
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null;
export function cookieValue(cookieHeader: string | null | undefined, name: string): string | null;
export function cookieText(value: string | null | undefined): string | null;
export function chosenLocale(
  chosen: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale;

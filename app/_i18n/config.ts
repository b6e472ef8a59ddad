import type { Locale } from "@/scripts/locale-choice.mjs";

// The languages and the browser's preference are read by the app server too, before Next.
export {
  defaultLocale,
  isLocale,
  localeFromAcceptLanguage,
  locales,
  type Locale,
} from "@/scripts/locale-choice.mjs";

/** Each language names itself, so a user who cannot read the current one still finds theirs. */
export const localeNames: Record<Locale, string> = { "zh-CN": "简体中文", en: "English" };

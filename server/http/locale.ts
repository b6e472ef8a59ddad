import { createTranslator, type AbstractIntlMessages } from "next-intl";
import { isLocale, type Locale } from "@/app/_i18n/config";
import { chosenLocale } from "@/scripts/locale-choice.mjs";
import { loadCompiledMessages } from "@/app/_i18n/messages";
import { cookieNames, cookieValue } from "./cookie-names";

/** A translator over the whole catalogue, keys written in full ("errors.storeNotFound"). */
export type Translate = ((key: string, values?: Record<string, string | number>) => string) & {
  has: (key: string) => boolean;
};

export function translatorFor(locale: Locale): Translate {
  // The catalogues are loaded at run time, so their keys are untyped here (the message
  // catalogue test checks them instead).
  return createTranslator({
    locale,
    messages: loadCompiledMessages(locale) as AbstractIntlMessages,
  }) as unknown as Translate;
}

/**
 * The language of a route handler's answer, in the pages' order (app/_i18n/request.ts): the
 * one the link asks for, the user's saved choice, the language switch's cookie, the
 * browser's preference, Chinese.
 */
export function requestLocale(
  headers: Headers,
  asked: string | null,
  userLocale: Locale | null | undefined,
): Locale {
  if (isLocale(asked)) return asked;
  if (userLocale) return userLocale;
  return chosenLocale(
    cookieValue(headers.get("cookie"), cookieNames.locale),
    headers.get("accept-language"),
  );
}

import { LanguagesIcon } from "@/app/_components/server-icons";
import { getLocale, getTranslations } from "next-intl/server";
import { localeNames, locales, type Locale } from "@/app/_i18n/config";
import { chooseLanguage } from "./choose-language";
import { buttonClass } from "./ui/button-class";

/**
 * The language switch of the pages nobody is signed in on (the customer's pages, sign-in,
 * setup), without a script of its own: a form with a button for each other language (with
 * two languages, one button naming the other, in its own language), sent to a server action
 * (chooseLanguage). It works as soon as the page is shown, before or without the page's
 * scripts, is one tap on a phone (and one Tab and Enter on a keyboard), and costs a phone no
 * download beyond its few tags.
 */
export async function LanguageMenu() {
  const t = await getTranslations("shell");
  const locale = (await getLocale()) as Locale;
  return (
    <form action={chooseLanguage} className="flex gap-1">
      {locales
        .filter((l) => l !== locale)
        .map((l) => (
          <button
            key={l}
            type="submit"
            name="locale"
            value={l}
            className={buttonClass("ghost", "sm")}
          >
            <LanguagesIcon aria-hidden />
            {/* Heard as "Language: English", each part in its own language. */}
            <span className="sr-only">{t("language")}: </span>
            <span lang={l}>{localeNames[l]}</span>
          </button>
        ))}
    </form>
  );
}

import { CheckIcon, LanguagesIcon } from "@/app/_components/server-icons";
import { getLocale, getTranslations } from "next-intl/server";
import { localeNames, locales, type Locale } from "@/app/_i18n/config";
import { chooseLanguage } from "./choose-language";
import { buttonClass } from "./ui/button-class";

/**
 * The language menu of the pages nobody is signed in on (the customer's pages, sign-in,
 * setup), without a script of its own: a disclosure (<details>) that opens a form with one
 * button per language, sent to a server action (chooseLanguage). It works as soon as the page
 * is shown, with the keyboard as any button does (Enter or Space opens it, Tab reaches the
 * languages), and costs a phone no download beyond its markup.
 */
export async function LanguageMenu() {
  const t = await getTranslations("shell");
  const locale = (await getLocale()) as Locale;
  return (
    // Keyed by the language: the page rendered again in the new one shows the menu closed.
    <details key={locale} className="relative">
      <summary
        aria-label={t("language")}
        className={buttonClass("ghost", "sm", "cursor-pointer [&::-webkit-details-marker]:hidden")}
      >
        <LanguagesIcon aria-hidden />
        <span className="hidden sm:inline">{localeNames[locale]}</span>
      </summary>
      <form
        action={chooseLanguage}
        className="bg-popover text-popover-foreground absolute top-full right-0 z-50 mt-1.5 flex min-w-[12rem] flex-col rounded-lg border p-1 shadow-md"
      >
        {locales.map((l) => (
          <button
            key={l}
            type="submit"
            name="locale"
            value={l}
            lang={l}
            aria-current={l === locale ? "true" : undefined}
            className="hover:bg-accent hover:text-accent-foreground focus-visible:bg-accent focus-visible:text-accent-foreground flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-2 text-left text-sm outline-none"
          >
            <span aria-hidden className="flex size-4 items-center justify-center">
              {l === locale ? <CheckIcon className="size-4" /> : null}
            </span>
            {localeNames[l]}
          </button>
        ))}
      </form>
    </details>
  );
}

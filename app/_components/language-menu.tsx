import { CheckIcon, LanguagesIcon } from "@/app/_components/server-icons";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/app/_i18n/config";
import { cookieNames } from "@/server/http/cookie-names";
import { LanguageMenuButton } from "./language-menu-button";
import { buttonClass } from "./ui/button-class";

/**
 * The language menu of the pages nobody is signed in on (the customer's pages, sign-in,
 * setup): the choice is only a cookie, so this menu carries no data layer and no menu
 * library, only the menu button pattern (WAI-ARIA APG) for two items, and gets its words from
 * the server (no client i18n). On the customer's pages it is the customer's own cookie, so
 * that a cashier opening a pay link keeps the console in their language and the customer's
 * choice never becomes theirs.
 */
export async function LanguageMenu({ customer = false }: { customer?: boolean }) {
  const t = await getTranslations("shell");
  return (
    <LanguageMenuButton
      cookie={customer ? cookieNames.customerLocale : cookieNames.locale}
      locale={(await getLocale()) as Locale}
      label={t("language")}
      className={buttonClass("ghost", "sm")}
      icon={<LanguagesIcon aria-hidden />}
      check={<CheckIcon className="size-4" />}
    />
  );
}

"use server";

import { cookies, headers } from "next/headers";
import { isLocale } from "@/app/_i18n/config";
import { cookieNames, preferenceCookieMaxAge } from "@/server/http/cookie-names";
import { customerPageHeader } from "@/server/http/customer-locale.logic";

/**
 * The language menu's choice (LanguageMenu's form). A server action, so the menu needs no
 * script of its own and works before the page's scripts have loaded; setting a cookie makes
 * Next.js render the page again, in the new language. On a customer's page (marked by the
 * proxy, as app/_i18n/request.ts reads it) the choice is the customer's own cookie, so that a
 * cashier opening a pay link keeps the console in their language.
 */
export async function chooseLanguage(form: FormData) {
  const locale = form.get("locale");
  if (typeof locale !== "string" || !isLocale(locale)) return;
  const customer = (await headers()).get(customerPageHeader) !== null;
  (await cookies()).set(customer ? cookieNames.customerLocale : cookieNames.locale, locale, {
    path: "/",
    maxAge: preferenceCookieMaxAge,
    sameSite: "lax",
  });
}

import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { cache } from "react";
import { cookieNames } from "@/server/http/cookie-names";
import { customerLocale, customerPageHeader } from "@/server/http/customer-locale.logic";
import { currentUser } from "@/server/trpc/server-caller";
import { loadCompiledMessages } from "./messages";
import { chosenLocale, cookieText } from "@/scripts/locale-choice.mjs";
import type { Locale } from "./config";

/**
 * The language of this request: the signed-in user's saved choice, else the cookie set by
 * the language switch, else the browser's preference, else Chinese. The customer's pages
 * (pay page, receipt, sandbox wallet) follow the customer instead: their own switch, else
 * their browser; a cashier's saved language never reaches a customer's phone.
 */
export const resolveLocale = cache(async (): Promise<Locale> => {
  const h = await headers();
  if (h.get(customerPageHeader)) {
    const chosen = cookieText((await cookies()).get(cookieNames.customerLocale)?.value);
    return customerLocale(chosen, h.get("accept-language"));
  }
  const user = await currentUser().catch(() => null);
  if (user?.locale) return user.locale;
  // The cookies read through Next, which holds what a language switch (a server action) set
  // in this very request, as the request's header does not; their text as the route handlers
  // and the app server's refusals read it (Next keeps the quotes of NEXT_LOCALE="en").
  const chosen = cookieText((await cookies()).get(cookieNames.locale)?.value);
  return chosenLocale(chosen, h.get("accept-language"));
});

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return { locale, messages: loadCompiledMessages(locale), timeZone: "Asia/Shanghai" };
});

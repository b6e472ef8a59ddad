import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { cache } from "react";
import { cookieNames, cookieValue } from "@/server/http/cookie-names";
import { customerLocale, customerPageHeader } from "@/server/http/customer-locale.logic";
import { currentUser } from "@/server/trpc/server-caller";
import { loadCompiledMessages } from "./messages";
import { chosenLocale } from "@/scripts/locale-choice.mjs";
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
    const chosen = cookieValue(h.get("cookie"), cookieNames.customerLocale);
    return customerLocale(chosen, h.get("accept-language"));
  }
  const user = await currentUser().catch(() => null);
  if (user?.locale) return user.locale;
  // Its cookie read by the parser the route handlers and the app server's refusals use: Next's
  // keeps the quotes of NEXT_LOCALE="en", and the page then answered in Chinese.
  return chosenLocale(cookieValue(h.get("cookie"), cookieNames.locale), h.get("accept-language"));
});

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return { locale, messages: loadCompiledMessages(locale), timeZone: "Asia/Shanghai" };
});

import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { cache } from "react";
import { cookieNames } from "@/server/http/cookie-names";
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
    const chosen = (await cookies()).get(cookieNames.customerLocale)?.value;
    return customerLocale(chosen, h.get("accept-language"));
  }
  const user = await currentUser().catch(() => null);
  if (user?.locale) return user.locale;
  return chosenLocale((await cookies()).get(cookieNames.locale)?.value, h.get("accept-language"));
});

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return { locale, messages: loadCompiledMessages(locale), timeZone: "Asia/Shanghai" };
});

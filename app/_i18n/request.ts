import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { cache } from "react";
import { cookieNames } from "@/server/http/cookie-names";
import { currentUser } from "@/server/trpc/rsc";
import { loadMessages } from "./messages";
import { defaultLocale, isLocale, localeFromAcceptLanguage, type Locale } from "./config";

/**
 * The language of this request: the signed-in user's saved choice, else the cookie set by
 * the language switch, else the browser's preference, else Chinese.
 */
export const resolveLocale = cache(async (): Promise<Locale> => {
  const h = await headers();
  const user = await currentUser().catch(() => null);
  if (user?.locale) return user.locale;
  const cookie = (await cookies()).get(cookieNames.locale)?.value;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(h.get("accept-language")) ?? defaultLocale;
});

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return { locale, messages: loadMessages(locale), timeZone: "Asia/Shanghai" };
});

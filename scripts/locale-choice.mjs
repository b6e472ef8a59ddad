// The console's languages and how a request picks one when no signed-in user's saved choice
// applies: the language switch's cookie, then the browser's preference, then Chinese. Plain
// JavaScript, so that the app server's refusals (scripts/request-guards.mjs), which answer
// before Next runs, choose exactly as the pages (app/_i18n/request.ts) and route handlers
// (server/http/locale.ts) do.

export const locales = /** @type {const} */ (["zh-CN", "en"]);
export const defaultLocale = "zh-CN";

/** The cookie the language switch sets. */
export const localeCookie = "NEXT_LOCALE";

/** @param {unknown} value */
export function isLocale(value) {
  return typeof value === "string" && /** @type {readonly string[]} */ (locales).includes(value);
}

/**
 * Our locale from an Accept-Language header, by its weights: any Chinese → zh-CN, any
 * English → en; null when it names neither.
 * @param {string | null | undefined} header
 */
export function localeFromAcceptLanguage(header) {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((p) => p.tag && !Number.isNaN(p.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return null;
}

/**
 * The first value of cookie `name` in a Cookie header, quotes taken off and percent-decoding
 * undone (a value that does not decode is kept as it is), as better-call parses cookies.
 * @param {string | null | undefined} cookieHeader
 * @param {string} name
 */
export function cookieValue(cookieHeader, name) {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    return cookieText(part.slice(eq + 1).trim());
  }
  return null;
}

/**
 * A cookie's value as it was written: quotes taken off, percent-decoding undone (a value that
 * does not decode is kept as it is). For a value read by another parser that keeps the quotes
 * (Next's cookies(), which pages read because it also holds what a server action set just now).
 * @param {string | null | undefined} value
 */
export function cookieText(value) {
  if (value === null || value === undefined) return null;
  const bare = value.codePointAt(0) === 34 ? value.slice(1, -1) : value;
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
}

/**
 * A switch's choice (the value of its cookie), else the browser's preference, else Chinese.
 * @param {string | null | undefined} chosen
 * @param {string | null | undefined} acceptLanguage
 */
export function chosenLocale(chosen, acceptLanguage) {
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(acceptLanguage) ?? defaultLocale;
}

/**
 * Which session cookie a request gets: `__Secure-hexiao.session_token; Secure` or the plain
 * `hexiao.session_token`. Browsers keep a Secure cookie only from https (and from localhost),
 * so a counter tablet opening http://<the shop's PC>:3000 must get the plain one, or it signs
 * in to nothing.
 */

/** `COOKIE_SECURE`: `auto` decides per request; `true` / `false` force it. */
export type CookieSecureSetting = "auto" | "true" | "false";

export const sessionCookieName = "hexiao.session_token";
export const secureSessionCookieName = `__Secure-${sessionCookieName}`;

/** The session cookie the request carries: the Secure one, the plain one, or none. */
export function carriedSessionCookie(cookieHeader: string | null): "secure" | "plain" | null {
  if (!cookieHeader) return null;
  const names = cookieHeader.split(";").map((part) => part.split("=")[0]?.trim());
  if (names.includes(secureSessionCookieName)) return "secure";
  if (names.includes(sessionCookieName)) return "plain";
  return null;
}

/**
 * Whether a new session cookie is Secure. With `auto`: yes when the public address
 * (`APP_URL`) is https, otherwise when the request itself came over https. Next.js builds
 * the request's URL from the connection, or from `X-Forwarded-Proto` set by a proxy in front;
 * a client forging that header can only make its own cookie stricter, never weaker than
 * its connection allows (set `COOKIE_SECURE=true` behind a proxy that does not send it).
 */
export function secureCookiesFor(
  setting: CookieSecureSetting,
  appUrl: string | undefined,
  requestUrl: string,
): boolean {
  if (setting !== "auto") return setting === "true";
  if (appUrl) return new URL(appUrl).protocol === "https:";
  return new URL(requestUrl).protocol === "https:";
}

/**
 * Which auth instance serves a request. Signing in writes a new cookie, chosen by the
 * request's scheme; every other request reads (and refreshes or clears) the cookie it
 * carries, under whichever name, so sessions started before a change of address or setting
 * keep working.
 */
export function wantsSecureAuth(opts: {
  setting: CookieSecureSetting;
  appUrl: string | undefined;
  requestUrl: string;
  cookieHeader: string | null;
}): boolean {
  const isSignIn = new URL(opts.requestUrl).pathname.endsWith("/sign-in/email");
  const carried = isSignIn ? null : carriedSessionCookie(opts.cookieHeader);
  if (carried) return carried === "secure";
  return secureCookiesFor(opts.setting, opts.appUrl, opts.requestUrl);
}

import { describe, expect, it } from "vitest";
import { carriedSessionCookie, secureCookiesFor, wantsSecureAuth } from "./cookie-security.logic";

const lan = "http://counter.shop.lan:3000/api/auth/sign-in/email";
const tls = "https://hexiao.shop.example/api/auth/sign-in/email";

describe("session cookie security", () => {
  it("is Secure only when the request came over https, with no setting and no APP_URL", () => {
    expect(secureCookiesFor("auto", undefined, lan)).toBe(false);
    expect(secureCookiesFor("auto", undefined, tls)).toBe(true);
  });

  it("follows an https APP_URL, and an explicit COOKIE_SECURE over everything", () => {
    expect(secureCookiesFor("auto", "https://hexiao.shop.example", lan)).toBe(true);
    expect(secureCookiesFor("auto", "http://192.168.1.10:3000", tls)).toBe(false);
    expect(secureCookiesFor("true", undefined, lan)).toBe(true);
    expect(secureCookiesFor("false", "https://hexiao.shop.example", tls)).toBe(false);
  });

  it("finds the session cookie under either name, and nothing in look-alikes", () => {
    expect(carriedSessionCookie("a=1; __Secure-hexiao.session_token=abc.def")).toBe("secure");
    expect(carriedSessionCookie("hexiao.session_token=abc.def; NEXT_LOCALE=en")).toBe("plain");
    expect(carriedSessionCookie("xhexiao.session_token=1; hexiao.session_data=2")).toBeNull();
    expect(carriedSessionCookie(null)).toBeNull();
  });

  it("reads the cookie a request carries, whatever its scheme; a sign-in writes by scheme", () => {
    const session = (url: string, cookie: string | null) =>
      wantsSecureAuth({
        setting: "auto",
        appUrl: undefined,
        requestUrl: url,
        cookieHeader: cookie,
      });
    // A session started over https keeps working when the same browser reaches the app on localhost.
    expect(
      session("http://localhost:3000/api/auth/get-session", "__Secure-hexiao.session_token=x"),
    ).toBe(true);
    expect(session("https://hexiao.shop.example/api/auth/sign-out", "hexiao.session_token=x")).toBe(
      false,
    );
    expect(session(lan, "__Secure-hexiao.session_token=x")).toBe(false);
    expect(session(tls, "hexiao.session_token=x")).toBe(true);
  });
});

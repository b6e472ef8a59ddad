import { describe, expect, it } from "vitest";
import { defaultLocale } from "@/app/_i18n/config";
import { cookieText, cookieValue } from "@/scripts/locale-choice.mjs";
import { requestLocale } from "./locale";

describe("requestLocale", () => {
  it("takes the language switch's cookie, and passes over one that is not percent-encoded text", () => {
    const withCookie = (cookie: string) => requestLocale(new Headers({ cookie }), null, null);
    expect(withCookie("NEXT_LOCALE=en")).toBe("en");
    expect(withCookie("theme=dark; NEXT_LOCALE=zh-CN")).toBe("zh-CN");
    // A stranger's cookie: it used to throw URIError, a 500 from every file route.
    expect(withCookie("NEXT_LOCALE=%E0%A4%A")).toBe(defaultLocale);
    expect(
      requestLocale(
        new Headers({ cookie: "NEXT_LOCALE=%", "accept-language": "en-GB,en;q=0.9" }),
        null,
        null,
      ),
    ).toBe("en");
  });
});

describe("cookieText", () => {
  it("reads a value as the cookie header parser does: quotes off, percent-decoded where it decodes", () => {
    expect(cookieText('"en"')).toBe("en");
    expect(cookieText("zh-CN")).toBe("zh-CN");
    expect(cookieText("%E0%A4%A")).toBe("%E0%A4%A");
    expect(cookieText(undefined)).toBeNull();
    for (const raw of ['"en"', "zh%2DCN", "%"])
      expect(cookieText(raw)).toBe(cookieValue(`a=1; NEXT_LOCALE=${raw}`, "NEXT_LOCALE"));
  });
});

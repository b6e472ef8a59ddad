import { describe, expect, it } from "vitest";
import { isForeignOrigin } from "./same-origin.logic";

const base = { secFetchSite: null, host: "shop.example:3000", appUrl: undefined };

describe("isForeignOrigin", () => {
  it("lets this server's own pages through, by Host or by APP_URL behind a proxy", () => {
    expect(isForeignOrigin({ ...base, origin: "http://shop.example:3000" })).toBe(false);
    expect(isForeignOrigin({ ...base, origin: "https://shop.example:3000" })).toBe(false);
    expect(
      isForeignOrigin({
        ...base,
        host: "127.0.0.1:3000",
        appUrl: "https://pay.example.com",
        origin: "https://pay.example.com",
      }),
    ).toBe(false);
  });

  it("refuses another site's page, a null origin and a cross-site fetch", () => {
    expect(isForeignOrigin({ ...base, origin: "https://evil.example" })).toBe(true);
    expect(isForeignOrigin({ ...base, origin: "http://shop.example:3000.evil.example" })).toBe(
      true,
    );
    expect(isForeignOrigin({ ...base, origin: "null" })).toBe(true);
    expect(isForeignOrigin({ ...base, origin: null, secFetchSite: "cross-site" })).toBe(true);
  });

  it("lets a request without Origin through (not a browser page of another site)", () => {
    expect(isForeignOrigin({ ...base, origin: null })).toBe(false);
  });
});

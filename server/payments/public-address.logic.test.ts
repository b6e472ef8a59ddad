import { describe, expect, it } from "vitest";
import { isPublicHost, publicAddressIssues } from "./public-address.logic";

describe("the public address providers post notifications to", () => {
  it.each([
    "localhost",
    "127.0.0.1",
    "10.1.2.3",
    "172.20.0.5",
    "192.168.1.20",
    "169.254.1.1",
    "[::1]",
    "fd12::1",
    "cafe-pc",
    "till.local",
    "shop.lan",
  ])("%s is not public", (host) => {
    expect(isPublicHost(host)).toBe(false);
  });

  it.each(["pay.example.com", "8.8.8.8", "172.32.0.1", "2001:db8::1"])("%s is public", (host) => {
    expect(isPublicHost(host)).toBe(true);
  });

  it("names every problem of the internal fallback address", () => {
    expect(publicAddressIssues("http://127.0.0.1:3000", false)).toEqual([
      "noAppUrl",
      "notHttps",
      "notPublic",
    ]);
  });

  it("has nothing to say about a public https APP_URL", () => {
    expect(publicAddressIssues("https://pay.example.com", true)).toEqual([]);
  });

  it("warns about plain http even on a public name", () => {
    expect(publicAddressIssues("http://pay.example.com", true)).toEqual(["notHttps"]);
  });
});

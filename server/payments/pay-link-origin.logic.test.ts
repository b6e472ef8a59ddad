import { describe, expect, it } from "vitest";
import { isLoopbackHost, payLinkOrigin } from "./pay-link-origin.logic";

const onShopNetwork = { publicOrigin: null, networkHost: "192.168.1.20" };

describe("the pay link's address on the counter's screen", () => {
  // The shop's PC opened the console at http://localhost:3000 and the QR said localhost too:
  // the customer's phone opened its own localhost and never reached the pay page.
  it("names this machine on the shop's network when the cashier opened it by loopback", () => {
    expect(payLinkOrigin("http://localhost:3000", onShopNetwork)).toBe("http://192.168.1.20:3000");
    expect(payLinkOrigin("http://127.0.0.1:3000", onShopNetwork)).toBe("http://192.168.1.20:3000");
    expect(payLinkOrigin("http://[::1]:8080", onShopNetwork)).toBe("http://192.168.1.20:8080");
  });

  it("keeps an address the phone can open as it is", () => {
    expect(payLinkOrigin("http://192.168.1.31:3000", onShopNetwork)).toBe(
      "http://192.168.1.31:3000",
    );
    expect(payLinkOrigin("http://counter.local:3000", onShopNetwork)).toBe(
      "http://counter.local:3000",
    );
  });

  it("uses the public address (APP_URL) whichever address the cashier opened", () => {
    const reach = { publicOrigin: "https://hexiao.mycafe.example", networkHost: "192.168.1.20" };
    expect(payLinkOrigin("http://localhost:3000", reach)).toBe("https://hexiao.mycafe.example");
    expect(payLinkOrigin("http://192.168.1.20:3000", reach)).toBe("https://hexiao.mycafe.example");
  });

  it("stays on loopback when the server listens on no other address", () => {
    expect(payLinkOrigin("http://127.0.0.1:3000", { publicOrigin: null, networkHost: null })).toBe(
      "http://127.0.0.1:3000",
    );
  });

  it("knows loopback names from others", () => {
    for (const host of [
      "localhost",
      "LOCALHOST.",
      "shop.localhost",
      "127.0.0.1",
      "127.8.0.2",
      "[::1]",
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      "192.168.1.20",
      "10.0.0.1",
      "127.example",
      "localhost.example",
      "[fe80::1]",
      "::",
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

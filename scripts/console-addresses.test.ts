import { describe, expect, it } from "vitest";
import { consoleAddresses } from "./console-addresses.mjs";

/** A machine on a shop's network: loopback, Wi-Fi, a link-local leftover, IPv6. */
const interfaces = {
  lo: [
    { address: "127.0.0.1", family: "IPv4", internal: true },
    { address: "::1", family: "IPv6", internal: true },
  ],
  wlan0: [
    { address: "192.168.1.20", family: "IPv4", internal: false },
    { address: "fe80::1c2b:3aff:fe4d:5e6f", family: "IPv6", internal: false },
  ],
  eth1: [{ address: "169.254.10.3", family: "IPv4", internal: false }],
};
const reach = {
  appUrl: undefined,
  cookieSecure: "auto",
  hostname: undefined,
  port: 3000,
  interfaces,
};

describe("the console's addresses in the start-up log", () => {
  // It said only http://localhost:3000, which a counter tablet cannot open.
  it("names this machine's addresses on the shop's network when it listens on all of them", () => {
    expect(consoleAddresses(reach)).toEqual(["http://localhost:3000", "http://192.168.1.20:3000"]);
    expect(consoleAddresses({ ...reach, hostname: "0.0.0.0" })).toEqual(consoleAddresses(reach));
  });

  it("names only the public address when APP_URL is set", () => {
    expect(consoleAddresses({ ...reach, appUrl: "https://hexiao.mycafe.example/" })).toEqual([
      "https://hexiao.mycafe.example",
    ]);
  });

  it("names only the address it listens on when it listens on one", () => {
    expect(consoleAddresses({ ...reach, hostname: "127.0.0.1" })).toEqual([
      "http://127.0.0.1:3000",
    ]);
    expect(consoleAddresses({ ...reach, hostname: "::1", port: "4000" })).toEqual([
      "http://[::1]:4000",
    ]);
  });

  // A Secure session cookie is kept over plain http on localhost only.
  it("names no LAN address over which the sign-in would not stick (COOKIE_SECURE=true)", () => {
    expect(consoleAddresses({ ...reach, cookieSecure: "true" })).toEqual(["http://localhost:3000"]);
  });
});

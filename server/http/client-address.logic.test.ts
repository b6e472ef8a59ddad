import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address.logic";

describe("clientAddress", () => {
  it("is the connection's address when no proxy is trusted, whatever the client sends", () => {
    expect(clientAddress(null, "203.0.113.5", 0)).toBe("203.0.113.5");
    expect(clientAddress("198.51.100.1", "203.0.113.5", 0)).toBe("203.0.113.5");
    expect(clientAddress(null, "::ffff:203.0.113.5", 0)).toBe("203.0.113.5");
  });

  it("behind one proxy, is the address that proxy appended, not the ones the client forged", () => {
    // The client sent "1.1.1.1, 2.2.2.2"; the proxy appended the client's real address.
    expect(clientAddress("1.1.1.1, 2.2.2.2, 203.0.113.5", "10.0.0.2", 1)).toBe("203.0.113.5");
    expect(clientAddress("203.0.113.5", "10.0.0.2", 1)).toBe("203.0.113.5");
  });

  it("behind two proxies, counts two hops back", () => {
    expect(clientAddress("9.9.9.9, 203.0.113.5, 10.0.0.1", "10.0.0.2", 2)).toBe("203.0.113.5");
  });

  it("with fewer hops than proxies trusted, takes the leftmost it has", () => {
    expect(clientAddress("203.0.113.5", "10.0.0.2", 3)).toBe("203.0.113.5");
    expect(clientAddress(null, "10.0.0.2", 2)).toBe("10.0.0.2");
  });

  it("without a known connection address (development), reads the first forwarded hop", () => {
    expect(clientAddress("203.0.113.5, 10.0.0.1", null, 0)).toBe("203.0.113.5");
    expect(clientAddress(null, null, 0)).toBeNull();
  });
});

import crypto, { createHmac } from "node:crypto";
import { syncBuiltinESMExports } from "node:module";
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { verifiedToken } from "./session.service";

/** A session cookie's value as better-auth signs it: `<token>.<base64 HMAC-SHA256>`. */
function signed(token: string, secret: string) {
  return `${token}.${createHmac("sha256", secret).update(token).digest("base64")}`;
}

describe("the session cookie's signature", () => {
  const secret = "s".repeat(40);
  // Counts the HMACs computed: node:crypto's named exports follow its object once synced.
  let hmacs: MockInstance<typeof crypto.createHmac>;
  beforeAll(() => {
    hmacs = vi.spyOn(crypto, "createHmac");
    syncBuiltinESMExports();
  });
  afterAll(() => {
    hmacs.mockRestore();
    syncBuiltinESMExports();
  });

  it("is checked once for a cookie sent again and again", () => {
    const value = signed("token-sent-again", secret);
    hmacs.mockClear();
    for (let i = 0; i < 5; i++) expect(verifiedToken(value, secret)).toBe("token-sent-again");
    expect(hmacs).toHaveBeenCalledTimes(1);
  });

  it("is checked every time for a forgery, which is never taken", () => {
    const genuine = signed("token-forged", secret);
    const forged = signed("token-forged", "f".repeat(40));
    expect(verifiedToken(genuine, secret)).toBe("token-forged");
    hmacs.mockClear();
    for (let i = 0; i < 3; i++) expect(verifiedToken(forged, secret)).toBeNull();
    expect(hmacs).toHaveBeenCalledTimes(3);
  });

  it("counts only under the secret it was checked with", () => {
    const value = signed("token-other-secret", secret);
    expect(verifiedToken(value, secret)).toBe("token-other-secret");
    expect(verifiedToken(value, "o".repeat(40))).toBeNull();
    expect(verifiedToken(value, secret)).toBe("token-other-secret");
  });
});

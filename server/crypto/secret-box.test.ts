import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box";

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);

/** Flips one bit of the decoded bytes of part `index` (1 iv, 2 ciphertext, 3 tag). */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("sealSecret / openSecret", () => {
  it("opens what it sealed", () => {
    const secret = "sk_test_51H8xYz-api-key";
    expect(openSecret(sealSecret(secret, key), key)).toBe(secret);
  });

  it("keeps unicode and empty values intact", () => {
    const secret = "商户私钥 🔑 — ключ";
    expect(openSecret(sealSecret(secret, key), key)).toBe(secret);
    expect(openSecret(sealSecret("", key), key)).toBe("");
  });

  it("writes the versioned four-part format and never the plaintext", () => {
    const sealed = sealSecret("password123", key);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain("password123");
    expect(sealed).not.toContain(Buffer.from("password123").toString("base64url"));
  });

  it("uses a fresh IV each time, so equal secrets do not look equal at rest", () => {
    const a = sealSecret("same", key);
    const b = sealSecret("same", key);
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
  });

  it.each([
    [1, "iv"],
    [2, "ciphertext"],
    [3, "tag"],
  ])("refuses a value whose %s (part %i) was changed", (index) => {
    const sealed = sealSecret("merchant-key", key);
    expect(() => openSecret(tamper(sealed, index), key)).toThrow(/did not authenticate/);
  });

  it("refuses the wrong key", () => {
    expect(() => openSecret(sealSecret("merchant-key", key), otherKey)).toThrow(
      /did not authenticate/,
    );
    expect(() => openSecret(sealSecret("merchant-key", key), randomBytes(32))).toThrow();
  });

  it("binds a value to its aad: another row's id, or none, does not open it", () => {
    const sealed = sealSecret("merchant-key", key, "method-a");
    expect(openSecret(sealed, key, "method-a")).toBe("merchant-key");
    expect(() => openSecret(sealed, key, "method-b")).toThrow(/did not authenticate/);
    expect(() => openSecret(sealed, key)).toThrow(/did not authenticate/);
    expect(() => openSecret(sealSecret("merchant-key", key), key, "method-a")).toThrow(
      /did not authenticate/,
    );
  });

  it.each([
    ["empty", ""],
    ["plaintext", "just-a-password"],
    ["unknown version", "v2.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA"],
    ["too few parts", "v1.AAAAAAAAAAAAAAAA.AAAA"],
    ["too many parts", "v1.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA"],
    ["short iv", "v1.AAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA"],
    ["short tag", "v1.AAAAAAAAAAAAAAAA.AAAA.AAAA"],
    ["non-base64url characters", "v1.AAAAAAAAAAAAAAA!.AAAA.AAAAAAAAAAAAAAAAAAAAAA"],
  ])("refuses a malformed value (%s)", (_name, sealed) => {
    expect(() => openSecret(sealed, key)).toThrow(/Not a sealed secret/);
  });

  it("refuses a key of the wrong size rather than padding or truncating it", () => {
    expect(() => sealSecret("x", Buffer.alloc(16))).toThrow(/32 bytes/);
    expect(() => openSecret(sealSecret("x", key), Buffer.alloc(31))).toThrow(/32 bytes/);
  });
});

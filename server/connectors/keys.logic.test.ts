import { describe, expect, it } from "vitest";
import {
  generateSandboxKeyPair,
  signSandboxNotification,
  verifySandboxNotification,
} from "./sandbox/sandbox-signature";
import { readPublicKey } from "./keys.logic";

describe("keys read once per text", () => {
  it("gives the key read before for the same text, and a rotated key's own for new text", () => {
    const first = generateSandboxKeyPair();
    const rotated = generateSandboxKeyPair();
    expect(readPublicKey(first.publicKeyPem)).toBe(readPublicKey(first.publicKeyPem));

    const body = '{"id":"EVT-1"}';
    const signedByFirst = signSandboxNotification(body, first.privateKeyPem);
    expect(verifySandboxNotification(body, signedByFirst, first.publicKeyPem).ok).toBe(true);
    // After the merchant rotates the key, the old one's signatures no longer pass.
    expect(verifySandboxNotification(body, signedByFirst, rotated.publicKeyPem)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    const signedByRotated = signSandboxNotification(body, rotated.privateKeyPem);
    expect(verifySandboxNotification(body, signedByRotated, rotated.publicKeyPem).ok).toBe(true);
  });

  it("refuses a private key where a public one belongs, every time", () => {
    const { privateKeyPem } = generateSandboxKeyPair();
    expect(() => readPublicKey(privateKeyPem)).toThrow(/private key/);
    expect(() => readPublicKey(privateKeyPem)).toThrow(/private key/);
  });
});

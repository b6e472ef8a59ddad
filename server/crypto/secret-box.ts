import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const version = "v1";
const algorithm = "aes-256-gcm";
const keyBytes = 32;
// 12 bytes is GCM's native nonce size; random nonces are safe for far more seals than a
// merchant's credentials will ever need (NIST SP 800-38D: up to 2^32 per key).
const ivBytes = 12;
const tagBytes = 16;

function checkKey(key: Buffer): void {
  if (key.length !== keyBytes) {
    throw new Error(`Secret box key must be ${keyBytes} bytes, got ${key.length}`);
  }
}

/**
 * Encrypts a credential for storage: "v1.<iv>.<ciphertext>.<tag>", each part base64url.
 * `aad` binds the sealed value to its context (e.g. the payment method's id): it is not
 * stored, and opening with any other aad fails, so a sealed value copied to another row
 * is useless there.
 */
export function sealSecret(plaintext: string, key: Buffer, aad?: string): string {
  checkKey(key);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv(algorithm, key, iv, { authTagLength: tagBytes });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [version, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** Node's base64url decoder skips characters it does not know; we want junk refused. */
function decodePart(part: string): Buffer | null {
  const bytes = Buffer.from(part, "base64url");
  return bytes.toString("base64url") === part ? bytes : null;
}

/**
 * Decrypts what sealSecret made. Throws when the value is not one (bad format, unknown
 * version) or when it does not authenticate: a wrong key, a wrong aad or any tampering.
 */
export function openSecret(sealed: string, key: Buffer, aad?: string): string {
  checkKey(key);
  const parts = sealed.split(".");
  const [v, ...encoded] = parts;
  const decoded = encoded.map(decodePart);
  const [iv, ciphertext, tag] = decoded;
  if (
    parts.length !== 4 ||
    v !== version ||
    !iv ||
    !ciphertext ||
    !tag ||
    iv.length !== ivBytes ||
    tag.length !== tagBytes
  ) {
    throw new Error("Not a sealed secret (expected v1.<iv>.<ciphertext>.<tag>)");
  }
  const decipher = createDecipheriv(algorithm, key, iv, { authTagLength: tagBytes });
  decipher.setAuthTag(tag);
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, "utf8"));
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      "Sealed secret did not authenticate: wrong key, wrong context (aad) or tampered",
    );
  }
}

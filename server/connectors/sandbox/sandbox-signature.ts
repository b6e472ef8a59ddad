import { generateKeyPairSync, sign, verify } from "node:crypto";
import { readPrivateKey, readPublicKey } from "../keys.logic";

/**
 * The sandbox wallet signs its notifications the way real providers do: a timestamped
 * signature over the raw body (the Stripe-Signature header shape) made with a private key
 * only the "provider" holds (as Alipay RSA2 and WeChat Pay v3 do; Ed25519 here for short
 * keys and no padding choices). So the webhook path runs for real with no provider account.
 */
export function generateSandboxKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519", {
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** The signed message: the timestamp is inside it, so it cannot be swapped for a fresh one. */
function signedPayload(timestamp: number, body: string): Buffer {
  return Buffer.from(`${timestamp}.${body}`, "utf8");
}

/** The header value for a notification: `t=<unix seconds>,v1=<base64 Ed25519 signature>`. */
export function signSandboxNotification(
  body: string,
  privateKeyPem: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError(`Timestamp must be whole unix seconds: ${timestamp}`);
  }
  const signature = sign(null, signedPayload(timestamp, body), readPrivateKey(privateKeyPem));
  return `t=${timestamp},v1=${signature.toString("base64")}`;
}

export type SandboxVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "missing" | "malformed" | "stale" | "bad_signature" };

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
const ed25519SignatureBytes = 64;

/** Reads `t=…,v1=…`; several v1 entries are allowed so a key can be rotated without downtime. */
function parseHeader(header: string): { timestamp: number; signatures: Buffer[] } | null {
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const item of header.split(",")) {
    const separator = item.indexOf("=");
    if (separator < 0) return null;
    const name = item.slice(0, separator).trim();
    const value = item.slice(separator + 1).trim();
    if (name === "t") {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (name === "v1") {
      if (!base64.test(value)) return null;
      const signature = Buffer.from(value, "base64");
      if (signature.length !== ed25519SignatureBytes) return null;
      signatures.push(signature);
    }
    // Other names (a future v2) are ignored, as Stripe does, so providers can add schemes.
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * Checks a notification's signature header against the raw body. The signature is checked
 * before the age, so "stale" always means a genuine but old (possibly replayed) message,
 * and anything forged reads "bad_signature". `now` is in milliseconds, as Date.now().
 */
export function verifySandboxNotification(
  body: string,
  header: string | null,
  publicKeyPem: string,
  now = Date.now(),
  toleranceSeconds = 300,
): SandboxVerification {
  if (header === null || header.trim() === "") return { ok: false, reason: "missing" };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: "malformed" };

  const payload = signedPayload(parsed.timestamp, body);
  const publicKey = readPublicKey(publicKeyPem);
  // crypto.verify compares in constant time; no string comparison of signatures here.
  const genuine = parsed.signatures.some((signature) =>
    verify(null, payload, publicKey, signature),
  );
  if (!genuine) return { ok: false, reason: "bad_signature" };

  if (Math.abs(now - parsed.timestamp * 1000) > toleranceSeconds * 1000) {
    return { ok: false, reason: "stale" };
  }
  return { ok: true, timestamp: parsed.timestamp };
}

import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";

/**
 * Keys as merchants paste them from provider consoles. Alipay's console shows keys as bare
 * base64 without PEM armour (its "应用私钥" in PKCS#8 or PKCS#1, its "支付宝公钥" as SPKI);
 * WeChat Pay and PayPal give PEM files (a private key, a public key or a certificate).
 */
const pemArmour = /-----BEGIN [A-Z0-9 ]+-----[\s\S]+?-----END [A-Z0-9 ]+-----/;
const certificateArmour = "-----BEGIN CERTIFICATE-----";

function bareDer(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, "");
  if (compact.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, "base64");
}

/**
 * Keys already read, by kind and text: parsing a key costs more than the signature check it
 * serves, and every notification of a method reads the same one. A changed or rotated key is
 * other text, so it is read anew; the oldest entries go past the bound.
 */
const readKeys = new Map<string, unknown>();
const maxReadKeys = 256;

export function remembered<T>(
  kind: "private" | "public" | "serial" | "alipay-sn" | "alipay-root-sn",
  text: string,
  read: (text: string) => T,
) {
  const cacheKey = `${kind}\n${text}`;
  let key = readKeys.get(cacheKey) as T | undefined;
  if (key === undefined) {
    key = read(text);
    const oldest = readKeys.keys().next();
    if (readKeys.size >= maxReadKeys && !oldest.done) readKeys.delete(oldest.value);
    readKeys.set(cacheKey, key);
  }
  return key;
}

/** A private key from PEM or bare base64 DER (PKCS#8 or PKCS#1); throws when it is none. */
export function readPrivateKey(text: string): KeyObject {
  return remembered("private", text, parsePrivateKey);
}

/** A public key from a PEM public key, a PEM certificate or bare base64 SPKI DER. */
export function readPublicKey(text: string): KeyObject {
  return remembered("public", text, parsePublicKey);
}

function parsePrivateKey(text: string): KeyObject {
  const pem = pemArmour.exec(text)?.[0];
  if (pem) return createPrivateKey(pem);
  const der = bareDer(text);
  if (!der) throw new Error("not a private key");
  try {
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch {
    return createPrivateKey({ key: der, format: "der", type: "pkcs1" });
  }
}

function parsePublicKey(text: string): KeyObject {
  const pem = pemArmour.exec(text)?.[0];
  if (pem?.startsWith(certificateArmour)) return new X509Certificate(pem).publicKey;
  if (pem?.includes("PRIVATE KEY")) throw new Error("a private key where a public key belongs");
  if (pem) return createPublicKey(pem);
  const der = bareDer(text);
  if (!der) throw new Error("not a public key");
  return createPublicKey({ key: der, format: "der", type: "spki" });
}

/** The serial number of a PEM certificate, upper-case hex as WeChat Pay writes it; else null. */
export function certificateSerial(text: string): string | null {
  const pem = pemArmour.exec(text)?.[0];
  if (!pem?.startsWith(certificateArmour)) return null;
  return remembered("serial", pem, (c) => new X509Certificate(c).serialNumber.toUpperCase());
}

/** When a PEM certificate stops being valid; null when the text is no certificate. */
export function certificateExpiry(text: string): Date | null {
  const pem = pemArmour.exec(text)?.[0];
  if (!pem?.startsWith(certificateArmour)) return null;
  return new Date(new X509Certificate(pem).validTo);
}

/** Each PEM block of the text, in order: a file of several certificates is pasted at once. */
export function pemBlocks(text: string): string[] {
  return text.match(new RegExp(pemArmour.source, "g")) ?? [];
}

/**
 * Whether the text holds at least one PEM block and every block is a certificate of an RSA
 * key; text between blocks (the subject lines openssl prints) is ignored.
 */
export function isRsaCertificates(text: string): boolean {
  const blocks = pemBlocks(text);
  return (
    blocks.length > 0 &&
    blocks.every((b) => b.startsWith(certificateArmour) && isRsaKey(b, "public"))
  );
}

/** Whether the public key (or certificate) is the public half of the private key. */
export function isKeyPair(privateText: string, publicText: string): boolean {
  try {
    const spki = { type: "spki", format: "der" } as const;
    const fromPrivate = createPublicKey(readPrivateKey(privateText)).export(spki);
    return fromPrivate.equals(readPublicKey(publicText).export(spki));
  } catch {
    return false;
  }
}

/** Whether the text is an RSA key of the kind asked for (providers sign with RSA-2048+). */
export function isRsaKey(text: string, kind: "private" | "public"): boolean {
  try {
    const key = kind === "private" ? readPrivateKey(text) : readPublicKey(text);
    return key.asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
}

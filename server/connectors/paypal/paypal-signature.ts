import { createVerify, X509Certificate } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * PayPal webhook self-verification (developer.paypal.com/api/rest/webhooks/rest, "verify
 * the signature" offline): the signed message is
 * `transmission_id|transmission_time|webhook_id|crc32(raw body)`, the CRC an unsigned
 * decimal (zlib's CRC-32, as PHP crc32()), signed SHA256withRSA with the certificate the
 * PAYPAL-CERT-URL header names.
 */
export function paypalSignedMessage(
  transmissionId: string,
  transmissionTime: string,
  webhookId: string,
  rawBody: string,
): string {
  return `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(Buffer.from(rawBody, "utf8"))}`;
}

// PayPal's API hosts, live and sandbox. Anything else could hand us an attacker's key.
const certHosts = new Set([
  "api.paypal.com",
  "api-m.paypal.com",
  "api.sandbox.paypal.com",
  "api-m.sandbox.paypal.com",
]);

/** Whether a PAYPAL-CERT-URL may be fetched: https, on PayPal's own host, no port or user. */
export function isPaypalCertUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === "https:" &&
    certHosts.has(url.hostname) &&
    url.port === "" &&
    url.username === "" &&
    url.password === "" &&
    url.pathname.startsWith("/v1/notifications/certs/")
  );
}

/** Certificates by URL: PayPal rotates them rarely, and a fetch per webhook is slow. */
const certCache = new Map<string, X509Certificate>();
const maxCached = 50;

/** Puts a certificate in the cache (tests use a certificate they made for a PayPal URL). */
export function cachePaypalCertificate(url: string, pem: string): void {
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the cache is full, so it has a first key
  if (certCache.size >= maxCached) certCache.delete(certCache.keys().next().value!);
  certCache.set(url, new X509Certificate(pem));
}

/** The certificate for a URL: from the cache, or fetched once and cached. */
export async function paypalCertificate(
  url: string,
  fetchFn: typeof fetch,
  now: Date,
): Promise<X509Certificate | null> {
  if (!isPaypalCertUrl(url)) return null;
  let cert = certCache.get(url);
  if (!cert) {
    try {
      const res = await fetchFn(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) return null;
      cachePaypalCertificate(url, await res.text());
      cert = certCache.get(url);
    } catch {
      return null;
    }
  }
  // Fetched over TLS from PayPal's host, so its origin is vouched for; still refuse one out of date.
  if (
    !cert ||
    Date.parse(cert.validFrom) > now.getTime() ||
    Date.parse(cert.validTo) < now.getTime()
  )
    return null;
  return cert;
}

export function verifyPaypalSignature(
  message: string,
  signatureB64: string,
  cert: X509Certificate,
): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureB64)) return false;
  try {
    return createVerify("RSA-SHA256")
      .update(message, "utf8")
      .verify(cert.publicKey, Buffer.from(signatureB64, "base64"));
  } catch {
    return false;
  }
}

import { createHmac, createHash, timingSafeEqual } from "node:crypto";
import { timeZoneSchema } from "@/server/merchants/merchant.schema";

/**
 * The first-run setup token. Derived from the auth secret rather than stored: every instance
 * of one install prints the same token at start-up (PostgreSQL with several app instances),
 * nothing about it is written anywhere, and it is useless once a shop exists (setup then
 * refuses whatever the token). The HMAC does not reveal the secret it is derived from.
 */
export function setupTokenFor(authSecret: string): string {
  const mac = createHmac("sha256", authSecret).update("hexiao:first-run-setup:v1").digest();
  // 20 bytes in base32 without padding: 32 characters, easy to copy from a log, no look-alikes.
  return base32(mac.subarray(0, 20));
}

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Compares in constant time; spaces, dashes and case are forgiven (people retype it). */
export function setupTokenMatches(given: string, expected: string): boolean {
  const normalize = (s: string) => s.replace(/[\s-]/g, "").toUpperCase();
  // Hash both sides first so the comparison's length never depends on the input.
  const a = createHash("sha256").update(normalize(given)).digest();
  const b = createHash("sha256").update(normalize(expected)).digest();
  return timingSafeEqual(a, b) && given.length > 0;
}

/**
 * The time zone `npm run setup` offers: the machine's own (TZ, else the system's), as the web
 * setup lists the browser's first, so a shop in London set up on its own server does not start
 * on Beijing days. The product's default only when the machine names no zone a shop may choose.
 */
export function machineTimeZone(
  detected: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone,
): string {
  return detected && timeZoneSchema.safeParse(detected).success ? detected : "Asia/Shanghai";
}

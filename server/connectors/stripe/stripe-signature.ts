import { createHmac, timingSafeEqual } from "node:crypto";

/** docs.stripe.com/webhooks#verify-manually: the default tolerance, also stripe-node's. */
export const stripeToleranceSeconds = 300;

export type StripeVerification =
  { ok: true } | { ok: false; reason: "missing" | "malformed" | "stale" | "bad_signature" };

/**
 * `Stripe-Signature: t=…,v1=…[,v1=…][,v0=…]`: HMAC-SHA256 of `${t}.${raw body}` keyed with
 * the endpoint secret (whsec_…, used verbatim), hex; any v1 may match (secrets rotate).
 * As stripe-node, only an old timestamp is refused, not one in the future.
 */
export function verifyStripeSignature(
  rawBody: string,
  header: string | null,
  secret: string,
  now = Date.now(),
): StripeVerification {
  if (!header) return { ok: false, reason: "missing" };
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const item of header.split(",")) {
    const [name, value] = item.trim().split("=", 2);
    if (name === "t" && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === "v1" && value && /^[0-9a-f]{64}$/.test(value))
      signatures.push(Buffer.from(value, "hex"));
  }
  if (timestamp === null || signatures.length === 0) return { ok: false, reason: "malformed" };
  const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`, "utf8").digest();
  if (!signatures.some((s) => timingSafeEqual(s, expected)))
    return { ok: false, reason: "bad_signature" };
  if (now - timestamp * 1000 > stripeToleranceSeconds * 1000) return { ok: false, reason: "stale" };
  return { ok: true };
}

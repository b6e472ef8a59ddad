import { createHmac, hkdfSync } from "node:crypto";

/**
 * Who a customer is, as far as the shop may know: the provider's id for the buyer, or the
 * contact the order was given. Never stored: only `customerHash` of it is.
 */
export type CustomerIdentity =
  { kind: "buyer"; methodKind: string; id: string } | { kind: "contact"; value: string };

/** An e-mail in lower case; a phone number as its digits (a leading + kept); else null. */
export function normaliseContact(raw: string | null | undefined): string | null {
  const value = raw?.trim() ?? "";
  if (value.includes("@")) return value.toLowerCase();
  const digits = value.replace(/[^\d+]/g, "").replace(/(?!^)\+/g, "");
  return digits.replace(/\D/g, "").length >= 5 ? digits : null;
}

/**
 * This merchant's own key, derived (HKDF-SHA256) from the server's secret with the merchant
 * as salt: one shop's hashes say nothing about another's customers, and without the server's
 * secret a hash cannot be tested against guessed phone numbers.
 */
export function merchantCustomerKey(secret: Buffer, merchantId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, merchantId, "hexiao/customer-key/v1", 32));
}

/** The keyed hash (HMAC-SHA256, hex) that stands for a customer in this merchant's rows. */
export function customerHash(key: Buffer, identity: CustomerIdentity): string {
  const text =
    identity.kind === "buyer"
      ? `buyer:${identity.methodKind}:${identity.id}`
      : `contact:${identity.value}`;
  return createHmac("sha256", key).update(text).digest("hex");
}

/**
 * The identity to recognise an order's customer by: the provider's buyer id when it gave one
 * (the surest), else the order's contact, else none (a walk-in paying cash stays anonymous).
 */
export function identityOf(
  buyerId: string | null | undefined,
  methodKind: string,
  contact: string | null | undefined,
): CustomerIdentity | null {
  if (buyerId?.trim()) return { kind: "buyer", methodKind, id: buyerId.trim() };
  const value = normaliseContact(contact);
  return value ? { kind: "contact", value } : null;
}

/**
 * Voucher codes: 11 random characters and one check character from a 31-character alphabet
 * without look-alikes (no 0/O, 1/I/L). 31 is prime, so a weighted sum modulo 31 with distinct
 * non-zero weights catches every single wrong character (the sum moves by weight × difference,
 * never a multiple of 31) and every swap of neighbours (it moves by (w_i − w_{i+1}) × difference).
 * A typo is therefore refused before any lookup. 31^11 ≈ 2.5·10^16 codes (54 bits) to guess from.
 */
export const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const modulus = codeAlphabet.length; // 31, prime
export const codeBodyLength = 11;
export const codeLength = codeBodyLength + 1;

/** Weight of position i (0 = first body character); the check character, last, weighs 1. */
const weight = (i: number) => i + 2;

function valueOf(ch: string): number {
  return codeAlphabet.indexOf(ch);
}

/** The check character that makes the weighted sum of body + check ≡ 0 (mod 31). */
export function checkCharacter(body: string): string {
  const sum = [...body].reduce((s, ch, i) => s + weight(i) * valueOf(ch), 0);
  return codeAlphabet.charAt((modulus - (sum % modulus)) % modulus);
}

/** A new code from `random` bytes (one byte per character, rejection-sampled: no bias). */
export function generateCode(randomBytes: (n: number) => Uint8Array): string {
  let body = "";
  // 248 = 8 × 31: bytes at or above it would favour the first characters.
  while (body.length < codeBodyLength) {
    for (const byte of randomBytes(codeBodyLength * 2)) {
      if (byte < 248 && body.length < codeBodyLength) body += codeAlphabet[byte % modulus];
    }
  }
  return body + checkCharacter(body);
}

export type ParsedCode =
  | { ok: true; code: string }
  | { ok: false; reason: "bad_format" | "bad_check" }
  /** The right length, but a character codes never contain (position from 1). */
  | { ok: false; reason: "bad_character"; character: string; position: number };

/** Left out of the alphabet because each reads as another; a cashier may well type them. */
export const lookalikes = "01ILO";

/** A link's percent-encoded part as text; empty (no code) when it does not decode. */
export function decodedOrEmpty(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return "";
  }
}

/**
 * What a cashier typed or a scanner sent, as a code: any case, spaces and dashes ignored, a
 * receipt link (…/r/<code>) accepted. Only well-formed codes with a valid check character pass.
 * A code of the right length with a character outside the alphabet is reported as that
 * character (an O read for a D is not a wrong length); any other shape as `bad_format`.
 */
export function parseCode(input: string): ParsedCode {
  const fromLink = /\/r\/([^/?#\s]+)/.exec(input);
  const linked = fromLink?.[1];
  const code = (linked ? decodedOrEmpty(linked) : input).toUpperCase().replace(/[\s\-–—_.]/g, "");
  const chars = [...code];
  if (chars.length !== codeLength) return { ok: false, reason: "bad_format" };
  const bad = chars.findIndex((ch) => valueOf(ch) < 0);
  const character = chars[bad];
  if (character !== undefined)
    return { ok: false, reason: "bad_character", character, position: bad + 1 };
  // The body's characters weighted by position, the check character (the last) by one.
  const sum = chars.reduce((s, ch, i) => s + (i < codeBodyLength ? weight(i) : 1) * valueOf(ch), 0);
  return sum % modulus === 0 ? { ok: true, code } : { ok: false, reason: "bad_check" };
}

/** Shown in groups of four, as printed on the receipt: 7KQ4-MZ8C-RT2X. */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, "$1-");
}

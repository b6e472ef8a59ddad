/**
 * The keyboard shortcut of the quick key at `index`: letters, because the digits already
 * choose the payment method on the same form and type amounts into its fields.
 */
const quickKeyLetters = "qwertyuiopasdfghjklzxcvbnm";

export function quickKeyFor(index: number): string | null {
  return quickKeyLetters[index] ?? null;
}

/** The quick key a pressed letter means, or -1. */
export function quickKeyIndex(key: string): number {
  return key.length === 1 ? quickKeyLetters.indexOf(key.toLowerCase()) : -1;
}

import { parseCode } from "@/server/vouchers/voucher-code.logic";

/**
 * The item names an order's search matches, one per line (orders.items_text). Written when
 * the order is made (items never change afterwards) and indexed with trigrams.
 */
export function orderItemsText(itemNames: readonly string[]): string {
  return itemNames.map((n) => n.replace(/\s+/g, " ").trim()).join("\n");
}

/** A LIKE pattern matching `fragment` anywhere, its own % _ \ taken literally. */
export function containsPattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * What a typed search can mean: a fragment of the number or of an item name, a voucher
 * code (as the redeem screen takes it: any case, dashes and spaces ignored, a receipt link),
 * or a provider's transaction id (exact).
 */
export function parseOrderQuery(q: string): {
  pattern: string;
  inNumber: boolean;
  voucherCode: string | null;
  providerTxnId: string;
} {
  const code = parseCode(q);
  const fragment = q.replace(/\s+/g, " ");
  return {
    pattern: containsPattern(fragment),
    inNumber: couldBeInNumber(fragment),
    voucherCode: code.ok ? code.code : null,
    providerTxnId: q,
  };
}

/**
 * Whether `fragment` can be part of an order number (order-number.logic.ts: eight digits of
 * the day, a dash, the day's sequence), so that a provider's long transaction id or a word
 * skips the number's trigram index, whose digit trigrams every number shares.
 */
export function couldBeInNumber(fragment: string): boolean {
  const match = /^(\d*)(-\d*)?$/.exec(fragment);
  if (!match || fragment === "") return false;
  // Before a dash only the day's eight digits; without one, a run within the day or the
  // sequence (nine digits would be a hundred million orders in a day).
  return (match[1] ?? "").length <= 8;
}

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
  voucherCode: string | null;
  providerTxnId: string;
} {
  const code = parseCode(q);
  return {
    pattern: containsPattern(q.replace(/\s+/g, " ")),
    voucherCode: code.ok ? code.code : null,
    providerTxnId: q,
  };
}

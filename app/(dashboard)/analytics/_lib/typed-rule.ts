import { parseMajorToMinor } from "@/server/money/currency";
import { percentToBps } from "../../payment-methods/_lib/fee";

/** The target select's value for "a rate I type" (method ids are uuids, so it cannot clash). */
export const typedTarget = "typed";

/**
 * The typed rule, or which field is wrong. The rate is a percentage with at most two decimals,
 * converted to whole basis points by string arithmetic (0.38 → 38, never 37.999…); a finer
 * rate is refused rather than rounded, as every fee rule in the product is whole basis points.
 */
export function typedRule(rate: string | null, fixed: string | null, currency: string) {
  const rateBps = rate?.trim() ? percentToBps(rate) : null;
  let fixedMinor: bigint | null = 0n;
  if (fixed?.trim()) {
    try {
      fixedMinor = parseMajorToMinor(fixed, currency);
    } catch {
      fixedMinor = null;
    }
  }
  return {
    rule:
      rateBps !== null && fixedMinor !== null && fixedMinor <= 1_000_000_000n
        ? { rateBps, fixedMinor: Number(fixedMinor) }
        : null,
    rateError: Boolean(rate?.trim()) && rateBps === null,
    fixedError: fixedMinor === null,
  };
}

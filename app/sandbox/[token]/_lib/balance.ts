import { minorDigits } from "@/server/money/minor-units";

/**
 * The pretend balance the sandbox wallet shows: 8,888 in the payment's currency, or twice
 * the amount when that is more, so that "Pay" is always believable. Integer minor units.
 */
export function pretendBalance(amountMinor: bigint, currency: string): bigint {
  const base = 8888n * 10n ** BigInt(minorDigits(currency));
  return amountMinor >= base ? amountMinor * 2n : base;
}

import { minorDigits } from "@/server/money/currency";

/**
 * Amounts a customer commonly hands over for this bill: the next round 10, 20, 50 and 100
 * (in major units) above it, at most three, e.g. 36.50 → 40, 50, 100.
 */
export function quickTenders(dueMinor: bigint, currency: string): bigint[] {
  const unit = 10n ** BigInt(minorDigits(currency));
  // Currencies without minor units (JPY, KRW) count in larger notes.
  const steps = (unit === 1n ? [1000n, 5000n, 10000n] : [10n, 20n, 50n, 100n]).map((s) => s * unit);
  const found = new Set<bigint>();
  for (const step of steps) {
    const up = ((dueMinor + step - 1n) / step) * step;
    if (up > dueMinor) found.add(up);
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, 3);
}

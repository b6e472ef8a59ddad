// No imports: the close dialog (a client component) counts with it too.

/**
 * The renminbi in circulation, in fen, largest first: notes of 100, 50, 20, 10, 5 and 1 yuan,
 * coins of 1 yuan, 5 and 1 jiao. Counting a drawer by denomination is how cashiers count; the
 * 1-yuan note and coin are one line, as they are counted together.
 */
export const cnyDenominations = [10000, 5000, 2000, 1000, 500, 100, 50, 10] as const;
export type CnyDenomination = (typeof cnyDenominations)[number];

/** The total of a count by denomination ({ fen value: pieces }); pieces must be whole, ≥ 0. */
export function countTotal(pieces: Partial<Record<CnyDenomination, number>>): bigint {
  let total = 0n;
  for (const value of cnyDenominations) {
    const n = pieces[value] ?? 0;
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`pieces of ${value}: ${n}`);
    total += BigInt(value) * BigInt(n);
  }
  return total;
}

import { shiftStatuses } from "@/db/schema/enums";
import { DomainError } from "@/server/errors";

export { shiftStatuses };
export type ShiftStatus = (typeof shiftStatuses)[number];

/**
 * Where a shift may go from each status: the cashier closes an open shift by counting the
 * drawer; a manager (or the owner) confirms the count, with a note when it differs. Confirmed
 * is final: a count once accepted is not reopened.
 */
export const shiftTransitions: Record<ShiftStatus, readonly ShiftStatus[]> = {
  open: ["closed"],
  closed: ["confirmed"],
  confirmed: [],
};

export function canTransitionShift(from: ShiftStatus, to: ShiftStatus): boolean {
  return shiftTransitions[from].includes(to);
}

/** Throws DomainError INVALID_STATE invalidTransition unless the shift may go from → to. */
export function assertShiftTransition(from: ShiftStatus, to: ShiftStatus): void {
  if (!canTransitionShift(from, to))
    throw new DomainError(
      "INVALID_STATE",
      "invalidTransition",
      `The shift cannot go from ${from} to ${to}`,
      { from, to },
    );
}

/** The statuses a shift may reach `to` from: the WHERE of its one transition. */
export function shiftStatusesInto(to: ShiftStatus): ShiftStatus[] {
  return shiftStatuses.filter((from) => canTransitionShift(from, to));
}

/** The drawer's cash movements of a shift, in minor units of its currency. */
export interface DrawerMovements {
  floatMinor: bigint;
  cashSalesMinor: bigint;
  cashRefundsMinor: bigint;
  paidOutsMinor: bigint;
}

/** What the drawer should hold: float + cash sales − cash refunds − paid-outs, to the fen. */
export function expectedCash(m: DrawerMovements): bigint {
  return m.floatMinor + m.cashSalesMinor - m.cashRefundsMinor - m.paidOutsMinor;
}

/** Counted − expected: positive when the drawer is over, negative when it is short. */
export function cashDifference(countedMinor: bigint, expectedMinor: bigint): bigint {
  return countedMinor - expectedMinor;
}

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

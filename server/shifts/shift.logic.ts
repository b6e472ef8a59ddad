import { shiftStatuses } from "@/db/schema/enum-values";
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

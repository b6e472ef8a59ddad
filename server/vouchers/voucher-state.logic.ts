import { voucherStatuses } from "@/db/schema/enums";

export { voucherStatuses };
export type VoucherStatus = (typeof voucherStatuses)[number];

/**
 * What may happen to a voucher, and the status it ends in:
 * - redeem: issued → issued while uses remain, → redeemed at the last use;
 * - void (a refund, or a manager): issued | redeemed → void, terminal;
 * - reverse (撤销核销, a manager within the window): gives one use back, redeemed → issued
 *   (or issued → issued for a multi-use voucher not yet used up).
 */
export type VoucherEvent = "redeem" | "void" | "reverse";

export interface VoucherSnapshot {
  status: VoucherStatus;
  usesLeft: number;
  usesTotal: number;
}

export function nextVoucherState(v: VoucherSnapshot, event: VoucherEvent): VoucherSnapshot | null {
  switch (event) {
    case "redeem":
      if (v.status !== "issued" || v.usesLeft < 1) return null;
      return { ...v, usesLeft: v.usesLeft - 1, status: v.usesLeft === 1 ? "redeemed" : "issued" };
    case "void":
      return v.status === "void" ? null : { ...v, status: "void" };
    case "reverse":
      if (v.status === "void" || v.usesLeft >= v.usesTotal) return null;
      return { ...v, usesLeft: v.usesLeft + 1, status: "issued" };
  }
}

/** Why a voucher can or cannot be redeemed here and now (the redeem screen's verdict). */
export type Redeemability = "valid" | "used" | "void" | "expired" | "wrong_store";

export function redeemability(
  v: VoucherSnapshot & { expiresAt: Date | null; storeId: string | null },
  at: { now: Date; storeId: string },
): Redeemability {
  if (v.status === "void") return "void";
  if (v.status === "redeemed" || v.usesLeft < 1) return "used";
  if (v.expiresAt && v.expiresAt.getTime() <= at.now.getTime()) return "expired";
  if (v.storeId && v.storeId !== at.storeId) return "wrong_store";
  return "valid";
}

/**
 * The part of a voucher's value still owed to the customer: value × uses left ÷ uses total,
 * rounded down to the minor unit (the merchant never reports more liability than it owes;
 * the rounding remainder falls on the last use). The liability query computes the same in SQL.
 */
export function remainingValueMinor(valueMinor: bigint, usesLeft: number, usesTotal: number) {
  return (valueMinor * BigInt(usesLeft)) / BigInt(usesTotal);
}

/** Whether a reversal asked at `now` is still inside the merchant's window after `redeemedAt`. */
export function isWithinReversalWindow(redeemedAt: Date, now: Date, windowMinutes: number) {
  return now.getTime() - redeemedAt.getTime() <= windowMinutes * 60_000;
}

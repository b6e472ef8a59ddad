import { voucherStatuses } from "@/db/schema/enum-values";

export { voucherStatuses };
export type VoucherStatus = (typeof voucherStatuses)[number];

/**
 * What may happen to a voucher, and the status it ends in:
 * - redeem: issued → issued while uses remain, → redeemed at the last use;
 * - void (a refund of its order): issued | redeemed → void, terminal;
 * - void_unused (a manager: lost, disputed, given by mistake): issued → void, terminal. Only
 *   uses not taken yet are withdrawn; a voucher used up is voided by refunding its order;
 * - reverse (撤销核销, a manager within the window): gives one use back, redeemed → issued
 *   (or issued → issued for a multi-use voucher not yet used up).
 */
export type VoucherEvent = "redeem" | "void" | "void_unused" | "reverse";

/**
 * Redeem's transition as data, read by nextVoucherState and by the conditional UPDATE that
 * takes a use (redemption.service.ts), so the two cannot drift apart: from `from` while a use
 * is left, to `lastUse` when it takes the last one, else to `otherUse`.
 */
export const redeemTransition = {
  from: "issued",
  lastUse: "redeemed",
  otherUse: "issued",
} as const satisfies Record<"from" | "lastUse" | "otherUse", VoucherStatus>;

/**
 * Reverse's transition as data, read by nextVoucherState and by reverseRedemption's UPDATE:
 * from any status but `notFrom` while a use was taken, to `to`.
 */
export const reverseTransition = {
  notFrom: "void",
  to: "issued",
} as const satisfies Record<"notFrom" | "to", VoucherStatus>;

/** The statuses each kind of void starts from (the conditional UPDATE's allowed set). */
export const voidableFrom = {
  void: ["issued", "redeemed"],
  void_unused: ["issued"],
} as const satisfies Record<"void" | "void_unused", readonly VoucherStatus[]>;

export interface VoucherSnapshot {
  status: VoucherStatus;
  usesLeft: number;
  usesTotal: number;
}

export function nextVoucherState(v: VoucherSnapshot, event: VoucherEvent): VoucherSnapshot | null {
  switch (event) {
    case "redeem":
      if (v.status !== redeemTransition.from || v.usesLeft < 1) return null;
      return {
        ...v,
        usesLeft: v.usesLeft - 1,
        status: v.usesLeft === 1 ? redeemTransition.lastUse : redeemTransition.otherUse,
      };
    case "void":
    case "void_unused":
      return (voidableFrom[event] as readonly VoucherStatus[]).includes(v.status)
        ? { ...v, status: "void" }
        : null;
    case "reverse":
      if (v.status === reverseTransition.notFrom || v.usesLeft >= v.usesTotal) return null;
      return { ...v, usesLeft: v.usesLeft + 1, status: reverseTransition.to };
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

/**
 * The uses a voucher keeps after a partial refund. A use is withdrawn only once the money
 * given back covers its whole price: uses withdrawn = floor(uses total × refunded ÷ paid),
 * so a partial refund of a single-use voucher (a price corrected, a part returned) leaves it
 * valid, and 300 of 1000 refunded on a 4-use voucher withdraws one use (1.2 rounded down).
 * Uses already taken count against what stays. Never more than it has left, never below zero.
 */
export function usesLeftAfterRefund(
  voucher: { usesTotal: number; usesLeft: number },
  paidMinor: bigint,
  refundedMinor: bigint,
): number {
  const withdrawn = Number((BigInt(voucher.usesTotal) * refundedMinor) / paidMinor);
  const entitled = voucher.usesTotal - withdrawn;
  const used = voucher.usesTotal - voucher.usesLeft;
  return Math.max(0, Math.min(voucher.usesLeft, entitled - used));
}

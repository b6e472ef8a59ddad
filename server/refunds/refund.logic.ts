import type { refundFeeRules } from "@/db/schema/enum-values";
import type { Role } from "@/server/auth/roles.logic";

export type RefundFeeRule = (typeof refundFeeRules)[number];

/**
 * Whether a refund of `amountMinor` needs the owner: above the owner's threshold (set in the
 * shop's default currency; a refund in another currency cannot be compared, so it needs the
 * owner whenever a threshold is set). No threshold: a manager may decide any refund.
 */
export function needsOwner(
  amountMinor: bigint,
  currency: string,
  shop: { thresholdMinor: bigint | null; defaultCurrency: string },
): boolean {
  if (shop.thresholdMinor === null) return false;
  return currency !== shop.defaultCurrency || amountMinor > shop.thresholdMinor;
}

/** Whether `role` may approve or refuse a refund that does (or does not) need the owner. */
export function mayDecide(role: Role, ownerNeeded: boolean): boolean {
  return role === "owner" || (role === "manager" && !ownerNeeded);
}

/**
 * A request's first status: the decider's own request is approved by asking; a cashier's
 * waits for a manager, and a manager's above the owner's threshold waits for the owner.
 */
export function firstStatus(role: Role, ownerNeeded: boolean) {
  return mayDecide(role, ownerNeeded) ? ("requested" as const) : ("awaiting_approval" as const);
}

/** Whether a payment made at `paidAt` may still be refunded at `now` (the method's window). */
export function withinRefundWindow(paidAt: Date, now: Date, windowDays: number): boolean {
  return now.getTime() - paidAt.getTime() <= windowDays * 86_400_000;
}

/**
 * The part of a payment's fee the provider gives back with one refund, from the refunds
 * that succeeded before it (`refundedBefore`) and with it (`refundedAfter`):
 * - full: the whole fee comes back with the first refund (the provider reverses its charge);
 * - proportional: the refunded share, rounded down cumulatively — floor(fee × after ÷ paid)
 *   − floor(fee × before ÷ paid) — so the parts never add up to more than the fee and a
 *   payment refunded in full gets exactly its whole fee back;
 * - none: the provider keeps its fee.
 */
export function feeRefunded(
  rule: RefundFeeRule,
  payment: { amountMinor: bigint; feeMinor: bigint },
  refundedBefore: bigint,
  refundedAfter: bigint,
): bigint {
  if (payment.feeMinor <= 0n) return 0n;
  switch (rule) {
    case "full":
      return refundedBefore === 0n ? payment.feeMinor : 0n;
    case "proportional":
      return (
        (payment.feeMinor * refundedAfter) / payment.amountMinor -
        (payment.feeMinor * refundedBefore) / payment.amountMinor
      );
    case "none":
      return 0n;
  }
}

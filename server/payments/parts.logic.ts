import { DomainError } from "@/server/errors";
import { formatMinor } from "@/server/money/currency";
import type { OrderStatus } from "./state.logic";

/**
 * Mixed tender (组合支付): an order is paid in parts, each its own attempt with its own amount.
 * The order is paid when its non-duplicate succeeded parts add up to its amount exactly.
 *
 * What may be open at once: a new part at the counter replaces the order's open parts (as a
 * new request always did), and its amount is at most what is still due (the amount less the
 * paid parts). So the open part and the paid ones never add up to more than the order, and
 * only a late success of a replaced or expired part can go past it: an over-payment.
 */

/** What a part's success means for its order. */
export type PartOutcome =
  /** The order was already paid by other parts: the money moved twice. */
  | "duplicate"
  /** The order was cancelled or expired before this (late) success. */
  | "closed"
  /** This part would take the paid parts past the order's amount. */
  | "over_payment"
  /** This part completes the order's amount: the order is paid. */
  | "covers"
  /** Still something due after this part: the order waits for the next one. */
  | "partial";

export function partOutcome(
  order: { status: OrderStatus; amountMinor: bigint },
  paidMinor: bigint,
  partMinor: bigint,
): PartOutcome {
  if (order.status === "cancelled" || order.status === "expired") return "closed";
  if (order.status !== "pending") return "duplicate";
  const after = paidMinor + partMinor;
  if (after > order.amountMinor) return "over_payment";
  return after === order.amountMinor ? "covers" : "partial";
}

/** A success the order did not need: flagged, alerted and refunded by a person. */
export function isUnwanted(outcome: PartOutcome): boolean {
  return outcome === "duplicate" || outcome === "closed" || outcome === "over_payment";
}

/**
 * A new part's amount: what the cashier typed, or by default everything still due (so a
 * one-method sale is one click, as before parts). Refused above what is still due.
 */
export function partAmount(
  order: { amountMinor: bigint; currency: string },
  paidMinor: bigint,
  requested: bigint | undefined,
): bigint {
  const due = order.amountMinor - paidMinor;
  const amount = requested ?? due;
  if (amount <= 0n || amount > due) {
    throw new DomainError(
      "VALIDATION",
      "partExceedsDue",
      "A part cannot be more than what is still due on the order",
      { due: formatMinor(due, order.currency, "en") },
    );
  }
  return amount;
}

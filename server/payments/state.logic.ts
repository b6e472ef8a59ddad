import { attemptStatuses, orderStatuses, refundStatuses } from "@/db/schema/enum-values";

// The status lists live with the database enums; this module owns what may follow what.
export { attemptStatuses, orderStatuses, refundStatuses };
import { DomainError } from "@/server/errors";

export type OrderStatus = (typeof orderStatuses)[number];

export type AttemptStatus = (typeof attemptStatuses)[number];

export type RefundStatus = (typeof refundStatuses)[number];

/**
 * Where an order may go from each status. An empty list is a terminal status.
 * partially_refunded → partially_refunded is a second partial refund that still leaves
 * something unrefunded. A cancelled or expired order whose attempt later succeeds stays
 * as it is: that payment is a late success on the attempt, handled on the refund path.
 */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["paid", "cancelled", "expired"],
  paid: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded"],
  refunded: [],
  cancelled: [],
  expired: [],
};

/**
 * Where a payment attempt may go from each status.
 * - succeeded is terminal: a failure or expiry notification that arrives after the success
 *   (out of order) changes nothing, and is only recorded.
 * - expired → succeeded, cancelled → succeeded and failed → succeeded ("late success"): the
 *   provider may confirm a payment made at the last second, after we expired or cancelled the
 *   request on our side, or after it reported a failure of the same transaction (a Stripe
 *   PaymentIntent whose card was declined takes another card; deliveries arrive out of order).
 *   The customer's money has moved, so we must record it, not refuse it.
 */
export const attemptTransitions: Record<AttemptStatus, readonly AttemptStatus[]> = {
  created: ["pending", "succeeded", "failed", "expired", "cancelled"],
  pending: ["succeeded", "failed", "expired", "cancelled"],
  succeeded: [],
  failed: ["succeeded"],
  expired: ["succeeded"],
  cancelled: ["succeeded"],
};

/**
 * Where a refund may go from each status.
 * - awaiting_approval: a manager (or, above the owner's threshold, the owner) approves it
 *   (→ requested) or refuses it (→ failed, with who and why).
 * - requested: we are asking the provider; it answers done, refused, or "processing"
 *   (→ pending), and a time-out leaves it pending too: the money may have moved.
 * - pending: only the provider's notification or our query settles it.
 * - succeeded and failed are terminal: a late or repeated notice changes nothing.
 */
export const refundTransitions: Record<RefundStatus, readonly RefundStatus[]> = {
  awaiting_approval: ["requested", "failed"],
  requested: ["pending", "succeeded", "failed"],
  pending: ["succeeded", "failed"],
  succeeded: [],
  failed: [],
};

export function canTransitionRefund(from: RefundStatus, to: RefundStatus): boolean {
  return refundTransitions[from].includes(to);
}

/** Throws DomainError INVALID_STATE invalidTransition unless the refund may go from → to. */
export function assertRefundTransition(from: RefundStatus, to: RefundStatus): void {
  if (!canTransitionRefund(from, to)) throw invalidTransition("refund", from, to);
}

/** The statuses a refund may reach `to` from (see orderStatusesInto). */
export function refundStatusesInto(to: RefundStatus): RefundStatus[] {
  return refundStatuses.filter((from) => canTransitionRefund(from, to));
}

/** A refund the provider has not settled: it counts against the refundable amount. */
export const openRefundStatuses: readonly RefundStatus[] = ["requested", "pending"];

export function canTransitionOrder(from: OrderStatus, to: OrderStatus): boolean {
  return orderTransitions[from].includes(to);
}

export function canTransitionAttempt(from: AttemptStatus, to: AttemptStatus): boolean {
  return attemptTransitions[from].includes(to);
}

function invalidTransition(kind: "order" | "payment attempt" | "refund", from: string, to: string) {
  return new DomainError(
    "INVALID_STATE",
    "invalidTransition",
    `The ${kind} cannot go from ${from} to ${to}`,
    { from, to },
  );
}

/**
 * The statuses an order may reach `to` from: the `WHERE status = ANY(…)` of a transition's
 * UPDATE (and of a job's claim), derived from the table above so no caller re-encodes it.
 */
export function orderStatusesInto(to: OrderStatus): OrderStatus[] {
  return orderStatuses.filter((from) => canTransitionOrder(from, to));
}

/** Throws DomainError INVALID_STATE invalidTransition unless the order may go from → to. */
export function assertOrderTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransitionOrder(from, to)) throw invalidTransition("order", from, to);
}

/** Throws DomainError INVALID_STATE invalidTransition unless the attempt may go from → to. */
export function assertAttemptTransition(from: AttemptStatus, to: AttemptStatus): void {
  if (!canTransitionAttempt(from, to)) throw invalidTransition("payment attempt", from, to);
}

/** The statuses a payment attempt may reach `to` from (see orderStatusesInto). */
export function attemptStatusesInto(to: AttemptStatus): AttemptStatus[] {
  return attemptStatuses.filter((from) => canTransitionAttempt(from, to));
}

/** An attempt the customer may still pay: it counts against "one open attempt" and can expire. */
export function isOpenAttempt(status: AttemptStatus): boolean {
  return status === "created" || status === "pending";
}

/** The open attempt statuses, for queries ("has the order a request the customer may still pay?"). */
export const openAttemptStatuses: readonly AttemptStatus[] = attemptStatuses.filter(isOpenAttempt);

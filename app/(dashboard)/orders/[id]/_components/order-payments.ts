import { failureReasons, type FailureReason } from "@/server/payments/failure-reasons.logic";
import type { OrderAttempt, OrderDetail } from "../../../_lib/router-types";

/** The parts that paid the order (or part of it): succeeded, not flagged to refund. */
export const paidParts = (order: OrderDetail) =>
  order.attempts.filter((a) => a.status === "succeeded" && !a.isDuplicate);

/** What the order's parts have covered so far (mixed tender, 组合支付), promotion discounts included. */
export const paidSoFar = (order: OrderDetail) =>
  paidParts(order).reduce((sum, a) => sum + a.amountMinor + a.discountMinor, 0n);

export function reasonOf(attempt: OrderAttempt): FailureReason {
  const r = attempt.failureReason ?? (attempt.status === "expired" ? "expired" : "unknown");
  return (failureReasons as readonly string[]).includes(r) ? (r as FailureReason) : "unknown";
}

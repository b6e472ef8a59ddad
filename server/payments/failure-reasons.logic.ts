/** Why a payment attempt failed, normalized from each provider's own codes. */
export const failureReasons = [
  "insufficient_funds",
  "cancelled_by_customer",
  "risk_declined",
  "card_declined",
  "expired",
  "timeout",
  "amount_mismatch",
  "provider_error",
  "unknown",
] as const;
export type FailureReason = (typeof failureReasons)[number];

export type NextStep = "retry" | "other_method" | "top_up" | "contact_bank" | "pay_cash";

/**
 * The one thing we suggest first to the customer (and to the cashier helping them) after a
 * failure. The pay page can still offer the others; this picks what most likely works.
 * None leads with "pay_cash": it only exists at the counter, and this choice does not know
 * the channel; the counter screen offers cash beside whatever is suggested here.
 */
const nextSteps: Record<FailureReason, NextStep> = {
  // The wallet balance or linked card is short: top up, or pay from another card in the app.
  insufficient_funds: "top_up",
  // The customer backed out (closed the wallet, pressed cancel): the same method can just be tried again.
  cancelled_by_customer: "retry",
  // The provider's risk engine refused this payer/payment; retrying the same method is
  // refused the same way, and we must not coach around it: offer another method.
  risk_declined: "other_method",
  // The issuing bank refused; only the bank can tell the customer why or lift the block.
  card_declined: "contact_bank",
  // The request ran out of time unpaid: a fresh request with the same method works.
  expired: "retry",
  // No answer in time. Usually transient; the service must first confirm by active query
  // that it did not in fact succeed, so a retry cannot become a duplicate payment.
  timeout: "retry",
  // What arrived differs from the order (an altered request or a wallet-side change): the
  // same method may repeat it, so staff refund what arrived and the customer pays another way.
  amount_mismatch: "other_method",
  // The provider itself is failing; another method is the quickest way to complete the sale.
  provider_error: "other_method",
  // Nothing to go on: a plain retry is the cheapest thing that often works.
  unknown: "retry",
};

export function nextStepFor(reason: FailureReason): NextStep {
  return nextSteps[reason];
}

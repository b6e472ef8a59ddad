import type { inferRouterOutputs } from "@trpc/server";
import {
  failureReasons,
  nextStepFor,
  type FailureReason,
  type NextStep,
} from "@/server/payments/failure-reasons.logic";
import type { AppRouter } from "@/server/trpc/root";

export type PayView = inferRouterOutputs<AppRouter>["pay"]["view"];
export type Alternative = PayView["alternatives"][number];

/**
 * Why this request did not end in a payment: a provider's reason, the shop closed it, its way
 * of paying is no longer on this server (a sandbox wallet turned off), or (said by the card
 * form itself, the request still open) Stripe's card form could not load here.
 */
export type FailureCause =
  FailureReason | "request_closed" | "method_unavailable" | "card_form_unavailable";

/** What the customer's page shows, decided from the view and the clock. */
export type PayState =
  | { kind: "open"; waiting: "created" | "pending" }
  | { kind: "paid"; afterClose: boolean; refund: "none" | "partial" | "full" }
  | {
      kind: "failed";
      cause: FailureCause;
      nextStep: NextStep;
      /** The same method can be tried again (it is still on offer). */
      canRetry: boolean;
      /** Put "try again" before the other methods (it is what most likely works). */
      retryFirst: boolean;
      /** Other methods the customer may switch to. */
      others: Alternative[];
    }
  | { kind: "closed"; why: "paid" | "cancelled" | "expired" };

const paidOrder = new Set(["paid", "partially_refunded", "refunded"]);

/**
 * The state of the pay page. An open request whose time is up counts as expired at once,
 * without waiting for the server's expiry job (it runs every few seconds): the wallet
 * refuses it from that moment, so the page offers a new try from that moment too.
 */
export function payState(view: PayView, now: number): PayState {
  if (view.status === "succeeded") {
    return {
      kind: "paid",
      // Money arrived after the order was closed: the shop refunds it (duplicate-payment path).
      afterClose: view.orderStatus === "cancelled" || view.orderStatus === "expired",
      refund:
        view.orderStatus === "refunded"
          ? "full"
          : view.orderStatus === "partially_refunded"
            ? "partial"
            : "none",
    };
  }
  if (paidOrder.has(view.orderStatus)) return { kind: "closed", why: "paid" };
  if (view.orderStatus === "cancelled") return { kind: "closed", why: "cancelled" };
  if (view.orderStatus === "expired") return { kind: "closed", why: "expired" };

  const { status } = view;
  if (status === "created" || status === "pending") {
    if (view.expiresAt.getTime() <= now) return failed(view, "expired");
    // Its wallet would only answer that the payment does not exist: no button to it.
    return view.sandboxUnavailable
      ? failed(view, "method_unavailable")
      : { kind: "open", waiting: status };
  }
  const cause: FailureCause = view.failureReason
    ? asFailureReason(view.failureReason)
    : status === "expired"
      ? "expired"
      : status === "cancelled"
        ? "request_closed"
        : "unknown";
  return failed(view, cause);
}

/** The column is free text; a reason this page has no words for reads as "unknown". */
function asFailureReason(value: string): FailureReason {
  return (failureReasons as readonly string[]).includes(value)
    ? (value as FailureReason)
    : "unknown";
}

function failed(
  view: PayView,
  cause: FailureReason | "request_closed" | "method_unavailable",
): PayState {
  const nextStep =
    cause === "request_closed"
      ? "retry"
      : cause === "method_unavailable"
        ? "other_method"
        : nextStepFor(cause);
  const canRetry = view.alternatives.some((a) => a.id === view.methodId);
  return {
    kind: "failed",
    cause,
    nextStep,
    canRetry,
    retryFirst: canRetry && (nextStep === "retry" || nextStep === "top_up"),
    others: view.alternatives.filter((a) => a.id !== view.methodId),
  };
}

/** What the live status line says (a key of the `pay.status` messages). */
export function statusKey(state: PayState) {
  switch (state.kind) {
    case "open":
      return state.waiting === "pending" ? "confirming" : "waiting";
    case "paid":
      return state.refund === "full" ? "refunded" : "paid";
    case "failed":
      return "notPaid";
    case "closed":
      return state.why === "paid"
        ? "orderPaid"
        : state.why === "cancelled"
          ? "orderCancelled"
          : "orderExpired";
  }
}

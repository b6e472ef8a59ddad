import { randomBytes } from "node:crypto";
import { providerFailureReason } from "@/server/payments/failure-reasons.logic";
import { integerMinor } from "../amount.logic";
import {
  checkWith,
  epochSecondsTime,
  refundAnswer,
  refundRefused,
  refundSettled,
  verifyWith,
} from "../connector-kit";
import { baseUrl, callProvider, jsonObject, obj, str } from "../http";
import {
  ProviderError,
  type Connector,
  type ConnectorDeps,
  type MethodContext,
  type NormalizedEvent,
  type VerifiedNotification,
} from "../types";
import { publishableKeyFitsMode } from "./publishable-key.logic";
import { verifyStripeSignature } from "./stripe-signature";

export function settings(method: MethodContext) {
  const { secretKey, webhookSecret } = method.credentials;
  if (!secretKey || !webhookSecret)
    throw new ProviderError("NOT_CONFIGURED", "Stripe secret key or webhook secret is missing");
  return { secretKey, webhookSecret, host: baseUrl(method.config, "https://api.stripe.com") };
}
export type Settings = ReturnType<typeof settings>;

/** Refund statuses (docs.stripe.com/api/refunds/object): pending and requires_action wait. */
const refundWords = { done: "succeeded", refused: ["failed", "canceled"] } as const;

/**
 * A Refund's own time: its `created` (Unix seconds), which its balance transaction — the line
 * of Stripe's balance report — carries too.
 */
const refundTime = (refund: Record<string, unknown>) => epochSecondsTime(refund.created);

/** Stripe's API takes form-encoded bodies and answers JSON (docs.stripe.com/api). */
export async function callApi(
  s: Settings,
  fetchFn: typeof fetch,
  method: "GET" | "POST",
  path: string,
  form: Record<string, string> | null,
  idempotencyKey?: string,
): Promise<Record<string, unknown>> {
  const res = await callProvider(fetchFn, `${s.host}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${s.secretKey}`,
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  const json = jsonObject(res.text);
  if (res.status >= 300) {
    const error = obj(json, "error");
    throw new ProviderError(
      str(error, "decline_code") ?? str(error, "code") ?? `HTTP_${res.status}`,
      str(error, "message") ?? "Stripe refused the request",
      res.status,
    );
  }
  return json;
}

/**
 * Who paid a PaymentIntent: its Customer when the checkout made one, else the card's
 * fingerprint (the same card number gives the same fingerprint on this account), readable
 * when latest_charge is expanded (the status query asks for it; a webhook carries its id only).
 */
export function stripeBuyerId(pi: Record<string, unknown>): string | null {
  const customer = str(pi, "customer") ?? str(obj(pi, "customer"), "id");
  if (customer) return customer;
  const card = obj(obj(obj(pi, "latest_charge"), "payment_method_details"), "card");
  const fingerprint = str(card, "fingerprint");
  return fingerprint ? `card:${fingerprint}` : null;
}

/**
 * A PaymentIntent as our event: succeeded, or failed with last_payment_error's codes, at `at`
 * on Stripe's clock.
 */
function intentEvent(
  pi: Record<string, unknown>,
  eventId: string,
  failedEvent: boolean,
  at: Date,
): NormalizedEvent | string {
  const token = str(obj(pi, "metadata"), "attempt_token");
  if (!token) return "metadata.attempt_token missing";
  const status = str(pi, "status");
  const currency = str(pi, "currency")?.toUpperCase();
  if (!currency) return "currency missing";
  const error = obj(pi, "last_payment_error");
  if (status === "succeeded") {
    const received = integerMinor(pi.amount_received);
    if (received === null) return "amount_received is not an amount";
    return {
      eventId,
      attemptToken: token,
      outcome: "succeeded",
      amountMinor: received,
      currency,
      providerTxnId:
        str(pi, "latest_charge") ?? str(obj(pi, "latest_charge"), "id") ?? str(pi, "id"),
      buyerId: stripeBuyerId(pi),
      failureCode: null,
      failureMessage: null,
      failureReason: null,
      occurredAt: at,
    };
  }
  if (failedEvent || status === "canceled" || (status === "requires_payment_method" && error)) {
    const code =
      str(error, "code") ??
      (status === "canceled" ? (str(pi, "cancellation_reason") ?? "canceled") : null);
    const declineCode = str(error, "decline_code");
    return {
      eventId,
      attemptToken: token,
      outcome: "failed",
      amountMinor: integerMinor(pi.amount) ?? 0n,
      currency,
      providerTxnId: null,
      // decline_code is the more specific one (only on card_declined); keep both raw.
      failureCode: declineCode ? `${code ?? "card_declined"}/${declineCode}` : code,
      failureMessage: str(error, "message"),
      failureReason: providerFailureReason("stripe", declineCode, code),
      occurredAt: at,
    };
  }
  return `payment intent status ${status ?? "none"} is not final`;
}

function parseEvent(rawBody: string, livemode: boolean): VerifiedNotification | string {
  let event: Record<string, unknown>;
  try {
    event = jsonObject(rawBody);
  } catch {
    return "body is not JSON";
  }
  const id = str(event, "id");
  const type = str(event, "type");
  const object = obj(obj(event, "data"), "object");
  if (!id || !type || !object) return "id, type or data.object missing";
  // A test-mode event on a live method (or the reverse) belongs to another account setup.
  if (event.livemode !== livemode) return "livemode does not match this method's mode";
  // When Stripe made the event: a payment's success, a refund's change.
  const created = epochSecondsTime(event.created) ?? new Date();
  // Genuine, but not a payment we requested (the account is used elsewhere too, or a charge
  // that does not carry its PaymentIntent's metadata): acknowledged so Stripe stops retrying.
  const token = str(obj(object, "metadata"), "attempt_token");
  if (!token)
    return { kind: "other", eventId: id, detail: `${type} without metadata.attempt_token` };
  if (type === "payment_intent.succeeded" || type === "payment_intent.payment_failed") {
    const e = intentEvent(object, id, type === "payment_intent.payment_failed", created);
    return typeof e === "string" ? e : { kind: "payment", event: e };
  }
  // The refund itself (its status changed, or it failed): ours by metadata.refund_id.
  if (type === "refund.updated" || type === "refund.failed") {
    const currency = str(object, "currency")?.toUpperCase() ?? null;
    return {
      kind: "refund",
      refund: {
        eventId: id,
        attemptToken: token,
        refundId: str(object, "id"),
        merchantRefundId: str(obj(object, "metadata"), "refund_id"),
        status: refundAnswer(str(object, "status"), null, refundWords).status,
        amountMinor: integerMinor(object.amount),
        currency,
        occurredAt: refundTime(object),
      },
    };
  }
  // charge.refunded carries the charge: its amount_refunded is the sum of all its refunds, and
  // since API version 2022-11-15 it lists none of them, so it names no refund of ours:
  // refund.updated or the refund query settles ours; the sum tells of refunds made elsewhere
  // (the Stripe Dashboard, whose refunds carry no metadata of ours).
  if (type === "charge.refunded") {
    const totalMinor = integerMinor(object.amount_refunded);
    const currency = str(object, "currency")?.toUpperCase();
    if (totalMinor !== null && currency)
      return {
        kind: "refunded_total",
        refunded: {
          eventId: id,
          attemptToken: token,
          totalMinor,
          currency,
          providerRefundId: null,
        },
      };
  }
  return { kind: "other", eventId: id, detail: type };
}

/**
 * What the customer's pay page starts the Payment Element with: the method's publishable key
 * and the PaymentIntent's client secret. The secret is asked of Stripe for each page rather
 * than stored, as Stripe asks (docs.stripe.com/api/payment_intents/object#payment_intent_object-client_secret:
 * not stored, logged nor shown to anyone but the customer). Null when the intent is not ours.
 */
export async function paymentElementSession(
  method: MethodContext,
  input: { attemptToken: string; providerRef: string },
  deps: Pick<ConnectorDeps, "fetch">,
): Promise<{ publishableKey: string; clientSecret: string } | null> {
  const s = settings(method);
  const publishableKey = method.config.publishableKey;
  if (!publishableKeyFitsMode(publishableKey, method.mode))
    throw new ProviderError(
      "NOT_CONFIGURED",
      "Stripe publishable key is missing or of the other mode",
    );
  const pi = await callApi(
    s,
    deps.fetch,
    "GET",
    `/v1/payment_intents/${encodeURIComponent(input.providerRef)}`,
    null,
  );
  const clientSecret = str(pi, "client_secret");
  if (!clientSecret || str(obj(pi, "metadata"), "attempt_token") !== input.attemptToken)
    return null;
  return { publishableKey, clientSecret };
}

export const stripeConnector: Connector = {
  async createPayment(method, input, deps) {
    const s = settings(method);
    // PaymentIntents create (docs.stripe.com/api/payment_intents/create); the card is then
    // confirmed with the client secret. Our token rides in metadata to come back on events.
    const pi = await callApi(
      s,
      deps.fetch,
      "POST",
      "/v1/payment_intents",
      {
        amount: input.amountMinor.toString(),
        currency: input.currency.toLowerCase(),
        description: input.subject,
        "metadata[attempt_token]": input.attemptToken,
        "automatic_payment_methods[enabled]": "true",
      },
      input.attemptToken,
    );
    const id = str(pi, "id");
    if (!id) throw new ProviderError("BAD_RESPONSE", "Stripe gave no PaymentIntent id");
    return { qrContent: null, redirectUrl: null, providerRef: id };
  },

  verifyNotification: verifyWith(settings, ({ rawBody, headers }, s, method, deps) => {
    const verified = verifyStripeSignature(
      rawBody,
      headers.get("stripe-signature"),
      s.webhookSecret,
      deps.now().getTime(),
    );
    if (!verified.ok) return `signature ${verified.reason}`;
    return parseEvent(rawBody, method.mode === "live");
  }),

  acknowledge(accepted, message) {
    return accepted
      ? Response.json({ received: true })
      : Response.json({ error: message ?? "rejected" }, { status: 400 });
  },

  checkConnection(method, deps) {
    return checkWith(async () => {
      const s = settings(method);
      // The mode may have changed since the key was saved: the pay page needs the matching one.
      if (!publishableKeyFitsMode(method.config.publishableKey, method.mode))
        return {
          ok: false,
          code: "publishable_key_mode",
          message: `The publishable key must start with ${method.mode === "live" ? "pk_live_" : "pk_test_"} in this mode`,
        };
      try {
        await callApi(
          s,
          deps.fetch,
          "GET",
          `/v1/payment_intents/pi_${randomBytes(12).toString("hex")}`,
          null,
        );
        return { ok: true };
      } catch (err) {
        // Authenticated, and no such PaymentIntent: the secret key works.
        if (err instanceof ProviderError && err.code === "resource_missing") return { ok: true };
        throw err;
      }
    });
  },

  async queryPayment(method, input, deps) {
    const s = settings(method);
    if (!input.providerRef) return null;
    const pi = await callApi(
      s,
      deps.fetch,
      "GET",
      // The charge expanded: its card's fingerprint recognises a customer without a Customer.
      `/v1/payment_intents/${encodeURIComponent(input.providerRef)}?expand[]=latest_charge`,
      null,
    );
    // The charge's time is the payment's on Stripe's clock, as its balance transaction (the
    // line of the balance report) has it; the intent's `created` is when the pay page opened.
    const paidAt = epochSecondsTime(obj(pi, "latest_charge")?.created) ?? deps.now();
    const e = intentEvent(pi, `query:${input.providerRef}:${str(pi, "status")}`, false, paidAt);
    return typeof e === "string" ? null : e;
  },

  async requestRefund(method, input, deps) {
    const s = settings(method);
    try {
      const refund = await callApi(
        s,
        deps.fetch,
        "POST",
        "/v1/refunds",
        {
          payment_intent: input.providerRef ?? "",
          amount: input.refundMinor.toString(),
          // Both come back on the refund's events: which refund, and which payment.
          "metadata[refund_id]": input.refundId,
          "metadata[attempt_token]": input.attemptToken,
        },
        // Idempotency-Key: a repeat within 24 h replays the first answer, same refund.
        input.refundId,
      );
      return refundAnswer(str(refund, "status"), str(refund, "id"), refundWords, {
        failureCode: str(refund, "failure_reason"),
        settledAt: refundTime(refund),
      });
    } catch (err) {
      return refundRefused(err);
    }
  },

  async queryRefund(method, input, deps) {
    // Without Stripe's refund id, asking again with the same Idempotency-Key gives it.
    if (!input.providerRefundId) return null;
    const refund = await callApi(
      settings(method),
      deps.fetch,
      "GET",
      `/v1/refunds/${encodeURIComponent(input.providerRefundId)}`,
      null,
    );
    return refundSettled(
      refundAnswer(str(refund, "status"), str(refund, "id"), refundWords, {
        failureCode: str(refund, "failure_reason"),
        settledAt: refundTime(refund),
      }),
    );
  },
};

import { providerFailureReason } from "@/server/payments/failure-reasons.logic";
import { decimalToMinor, minorToDecimal } from "../amount.logic";
import {
  checkWith,
  madeUpOrderNumber,
  offsetTime,
  refundAnswer,
  refundRefused,
  refundSettled,
  verifyWith,
} from "../connector-kit";
import { baseUrl, callProvider, jsonObject, obj, str } from "../http";
import {
  ProviderError,
  type Connector,
  type MethodContext,
  type NormalizedEvent,
  type VerifiedNotification,
} from "../types";
import { paypalCertificate, paypalSignedMessage, verifyPaypalSignature } from "./paypal-signature";

// developer.paypal.com/api/rest/requests: live and sandbox REST hosts.
const apiHosts = { live: "https://api-m.paypal.com", sandbox: "https://api-m.sandbox.paypal.com" };

export function settings(method: MethodContext) {
  const clientId = str(method.config, "clientId");
  const webhookId = str(method.config, "webhookId");
  const { clientSecret } = method.credentials;
  if (!clientId || !webhookId || !clientSecret)
    throw new ProviderError("NOT_CONFIGURED", "PayPal client id, secret or webhook id is missing");
  return { clientId, clientSecret, webhookId, host: baseUrl(method.config, apiHosts[method.mode]) };
}
export type Settings = ReturnType<typeof settings>;

/** Refund statuses (developer.paypal.com/docs/api/payments/v2/#definition-refund): PENDING waits. */
const refundWords = { done: "COMPLETED", refused: ["CANCELLED", "FAILED"] } as const;

/**
 * A capture's or refund's time on PayPal's clock: its last change (update_time, when it
 * completed), else its creation — the times the transaction report gives its lines.
 */
const resourceTime = (resource: Record<string, unknown>) =>
  offsetTime(str(resource, "update_time")) ?? offsetTime(str(resource, "create_time"));

/** OAuth access tokens per client, reused until a minute before they lapse. */
const tokens = new Map<string, { token: string; until: number }>();

async function accessToken(
  s: Settings,
  fetchFn: typeof fetch,
  now: Date,
  fresh = false,
): Promise<string> {
  const key = `${s.host}|${s.clientId}`;
  const cached = tokens.get(key);
  // A connection check asks anew: a token cached before the secret changed proves nothing.
  if (!fresh && cached && cached.until > now.getTime()) return cached.token;
  const res = await callProvider(fetchFn, `${s.host}/v1/oauth2/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  const json = jsonObject(res.text);
  const token = str(json, "access_token");
  if (res.status !== 200 || !token)
    throw new ProviderError(
      str(json, "error") ?? `HTTP_${res.status}`,
      str(json, "error_description") ?? "PayPal refused the credentials",
      res.status,
    );
  const ttl = typeof json.expires_in === "number" ? json.expires_in : 300;
  tokens.set(key, { token, until: now.getTime() + Math.max(0, ttl - 60) * 1000 });
  return token;
}

export async function callApi(
  s: Settings,
  fetchFn: typeof fetch,
  method: "GET" | "POST",
  path: string,
  body: Record<string, unknown> | null,
  now: Date,
  opts: { requestId?: string; whole?: boolean } = {},
): Promise<Record<string, unknown>> {
  const res = await callProvider(fetchFn, `${s.host}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await accessToken(s, fetchFn, now)}`,
      "content-type": "application/json",
      // Idempotency: a retried create or capture with the same id is not done twice.
      ...(opts.requestId ? { "paypal-request-id": opts.requestId } : {}),
      // A POST answers id, status and links only unless asked for the whole resource
      // (Prefer: return=minimal is the default): its times come only in the whole one.
      ...(opts.whole ? { prefer: "return=representation" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = jsonObject(res.text);
  if (res.status >= 300) {
    const detail = Array.isArray(json.details) ? (json.details[0] as unknown) : null;
    throw new ProviderError(
      str(detail, "issue") ?? str(json, "name") ?? `HTTP_${res.status}`,
      str(detail, "description") ?? str(json, "message") ?? "PayPal refused the request",
      res.status,
    );
  }
  return json;
}

/**
 * A capture (webhook resource or order's first capture) as our event. The payer's id is only
 * on the order (payer.payer_id, Orders v2), never on the capture: a capture seen through its
 * webhook alone is recognised by the order's contact instead.
 */
function captureEvent(
  capture: Record<string, unknown>,
  token: string,
  eventId: string,
  payerId: string | null = null,
): NormalizedEvent | string {
  const status = str(capture, "status");
  const amount = obj(capture, "amount");
  const currency = str(amount, "currency_code");
  const amountMinor = currency ? decimalToMinor(str(amount, "value"), currency) : null;
  if (!currency || amountMinor === null) return "capture amount unreadable";
  const outcome: NormalizedEvent["outcome"] | null =
    status === "COMPLETED"
      ? "succeeded"
      : status === "PENDING"
        ? "pending"
        : ["DECLINED", "DENIED", "FAILED"].includes(status ?? "")
          ? "failed"
          : null;
  if (!outcome) return `capture status ${status ?? "none"} not a payment outcome`;
  const reason = str(obj(capture, "status_details"), "reason");
  const failed = outcome === "failed";
  return {
    eventId,
    attemptToken: token,
    outcome,
    amountMinor,
    currency,
    providerTxnId: str(capture, "id"),
    buyerId: payerId,
    failureCode: failed ? (reason ?? status) : null,
    failureMessage: failed ? `PayPal capture ${status}${reason ? `: ${reason}` : ""}` : null,
    failureReason: failed ? providerFailureReason("paypal", reason, status) : null,
    occurredAt: resourceTime(capture) ?? new Date(),
  };
}

/**
 * A PAYMENT.CAPTURE.REFUNDED's resource, the refund (Payments v2 refund object): ours carry our
 * refund id as invoice_id and our attempt token as custom_id (both set on the refund request).
 */
function refundOf(
  resource: Record<string, unknown>,
  eventId: string,
  token: string | null,
  captureId: string | null,
): VerifiedNotification {
  const amount = obj(resource, "amount");
  const currency = str(amount, "currency_code");
  return {
    kind: "refund",
    refund: {
      eventId,
      attemptToken: token,
      paymentTxnId: captureId,
      refundId: str(resource, "id"),
      merchantRefundId: token ? str(resource, "invoice_id") : null,
      status: refundAnswer(str(resource, "status"), null, refundWords).status,
      amountMinor: currency ? decimalToMinor(str(amount, "value"), currency) : null,
      currency,
      occurredAt: resourceTime(resource),
    },
  };
}

/** The capture a refund refunds: the last segment of its HATEOAS link `rel: "up"`. */
function upLinkCaptureId(resource: Record<string, unknown>): string | null {
  const links = Array.isArray(resource.links) ? (resource.links as unknown[]) : [];
  for (const link of links) {
    if (typeof link !== "object" || link === null) continue;
    const { rel, href } = link as Record<string, unknown>;
    const m =
      rel === "up" && typeof href === "string" ? /\/captures\/([A-Za-z0-9-]+)$/.exec(href) : null;
    if (m?.[1]) return m[1];
  }
  return null;
}

function parseEvent(rawBody: string): VerifiedNotification | string {
  let event: Record<string, unknown>;
  try {
    event = jsonObject(rawBody);
  } catch {
    return "body is not JSON";
  }
  const id = str(event, "id");
  const type = str(event, "event_type");
  const resource = obj(event, "resource");
  if (!id || !type || !resource) return "id, event_type or resource missing";
  // Our attempt token travels as custom_id (and invoice_id) of the purchase unit, and as
  // custom_id of our refunds (whose invoice_id is the refund id).
  const token = str(resource, "custom_id") ?? str(resource, "invoice_id");
  // A refund made in PayPal's own console carries no custom_id: the capture it refunds (its
  // "up" link) tells whose payment it was.
  if (!token && type === "PAYMENT.CAPTURE.REFUNDED") {
    const captureId = upLinkCaptureId(resource);
    if (captureId) return refundOf(resource, id, null, captureId);
  }
  // Genuine, but not a payment we requested (the account is used elsewhere too): acknowledged,
  // so PayPal does not retry it for days.
  if (!token) return { kind: "other", eventId: id, detail: `${type} without custom_id` };
  switch (type) {
    case "PAYMENT.CAPTURE.COMPLETED":
    case "PAYMENT.CAPTURE.DENIED":
    case "PAYMENT.CAPTURE.DECLINED":
    case "PAYMENT.CAPTURE.PENDING": {
      const e = captureEvent(resource, token, id);
      return typeof e === "string" ? e : { kind: "payment", event: e };
    }
    case "PAYMENT.CAPTURE.REFUNDED":
      return refundOf(resource, id, token, null);
    default:
      return { kind: "other", eventId: id, detail: type };
  }
}

export const paypalConnector: Connector = {
  async createPayment(method, input, deps) {
    const s = settings(method);
    // Orders v2 create (developer.paypal.com/docs/api/orders/v2/#orders_create).
    const order = await callApi(
      s,
      deps.fetch,
      "POST",
      "/v2/checkout/orders",
      {
        intent: "CAPTURE",
        purchase_units: [
          {
            custom_id: input.attemptToken,
            invoice_id: input.attemptToken,
            description: input.subject.slice(0, 127),
            amount: {
              currency_code: input.currency,
              value: minorToDecimal(input.amountMinor, input.currency),
            },
          },
        ],
        application_context: {
          return_url: input.returnUrl,
          cancel_url: input.returnUrl,
          user_action: "PAY_NOW",
        },
      },
      deps.now(),
      { requestId: input.attemptToken },
    );
    const links = Array.isArray(order.links) ? (order.links as unknown[]) : [];
    const approve = links.find((l) => ["approve", "payer-action"].includes(str(l, "rel") ?? ""));
    const id = str(order, "id");
    if (!id || !approve)
      throw new ProviderError("BAD_RESPONSE", "PayPal gave no order id or approve link");
    return { qrContent: null, redirectUrl: str(approve, "href"), providerRef: id };
  },

  verifyNotification: verifyWith(settings, async ({ rawBody, headers }, s, _method, deps) => {
    const transmissionId = headers.get("paypal-transmission-id");
    const transmissionTime = headers.get("paypal-transmission-time");
    const signature = headers.get("paypal-transmission-sig");
    const certUrl = headers.get("paypal-cert-url");
    const algo = headers.get("paypal-auth-algo");
    if (!transmissionId || !transmissionTime || !signature || !certUrl) return "signature missing";
    if (algo && algo !== "SHA256withRSA") return `auth algo ${algo} not accepted`;
    const cert = await paypalCertificate(certUrl, deps.fetch, deps.now());
    if (!cert) return "certificate URL not PayPal's, or unusable";
    // The message names our webhook id: an event for another merchant's webhook fails here.
    const message = paypalSignedMessage(transmissionId, transmissionTime, s.webhookId, rawBody);
    if (!verifyPaypalSignature(message, signature, cert)) return "signature bad_signature";
    return parseEvent(rawBody);
  }),

  acknowledge(accepted, message) {
    // Any 2xx stops PayPal's retries (up to 25 over 3 days); anything else asks for one.
    return accepted
      ? new Response(null, { status: 200 })
      : Response.json({ error: message ?? "rejected" }, { status: 400 });
  },

  checkConnection(method, deps) {
    return checkWith(async () => {
      const s = settings(method);
      const token = await accessToken(s, deps.fetch, deps.now(), true);
      const res = await callProvider(
        deps.fetch,
        `${s.host}/v2/checkout/orders/${madeUpOrderNumber()}`,
        {
          method: "GET",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        },
      );
      const json = jsonObject(res.text);
      const code = str(json, "name") ?? `HTTP_${res.status}`;
      // Signed in, and PayPal looked the order up: RESOURCE_NOT_FOUND proves the credentials.
      if (res.status === 404 && code === "RESOURCE_NOT_FOUND") return { ok: true };
      return { ok: false, code, message: str(json, "message") ?? `PayPal answered ${res.status}` };
    });
  },

  async queryPayment(method, input, deps) {
    const s = settings(method);
    if (!input.providerRef) return null;
    const path = `/v2/checkout/orders/${encodeURIComponent(input.providerRef)}`;
    let order = await callApi(s, deps.fetch, "GET", path, null, deps.now());
    // Approved by the buyer but not yet captured: capture now (idempotent per attempt).
    if (str(order, "status") === "APPROVED")
      order = await callApi(s, deps.fetch, "POST", `${path}/capture`, {}, deps.now(), {
        requestId: `capture-${input.attemptToken}`,
        whole: true,
      });
    const status = str(order, "status");
    if (status === "VOIDED") {
      return {
        eventId: `query:${input.providerRef}:VOIDED`,
        attemptToken: input.attemptToken,
        outcome: "failed",
        amountMinor: input.amountMinor,
        currency: input.currency,
        providerTxnId: null,
        failureCode: "VOIDED",
        failureMessage: "PayPal voided the order",
        failureReason: providerFailureReason("paypal", "VOIDED"),
        occurredAt: deps.now(),
      };
    }
    if (status !== "COMPLETED") return null;
    const unit = Array.isArray(order.purchase_units) ? (order.purchase_units[0] as unknown) : null;
    const captures = obj(unit, "payments")?.captures;
    const capture = Array.isArray(captures)
      ? (captures[0] as Record<string, unknown> | undefined)
      : undefined;
    if (!capture) throw new ProviderError("BAD_RESPONSE", "completed order without a capture");
    const e = captureEvent(
      capture,
      input.attemptToken,
      `query:${str(capture, "id") ?? input.providerRef}:${str(capture, "status")}`,
      str(obj(order, "payer"), "payer_id"),
    );
    if (typeof e === "string") throw new ProviderError("BAD_RESPONSE", e);
    return e.outcome === "pending" ? null : e;
  },

  async requestRefund(method, input, deps) {
    const s = settings(method);
    try {
      const refund = await callApi(
        s,
        deps.fetch,
        "POST",
        `/v2/payments/captures/${encodeURIComponent(input.providerTxnId)}/refund`,
        {
          amount: {
            currency_code: input.currency,
            value: minorToDecimal(input.refundMinor, input.currency),
          },
          invoice_id: input.refundId,
          custom_id: input.attemptToken,
          ...(input.reason ? { note_to_payer: input.reason.slice(0, 255) } : {}),
        },
        deps.now(),
        // PayPal-Request-Id: the same refund asked again answers the refund already made.
        { requestId: input.refundId, whole: true },
      );
      return refundAnswer(str(refund, "status"), str(refund, "id"), refundWords, {
        settledAt: resourceTime(refund),
      });
    } catch (err) {
      return refundRefused(err);
    }
  },

  async queryRefund(method, input, deps) {
    // Without PayPal's refund id there is nothing to look up: asking to refund again with
    // the same PayPal-Request-Id answers the refund already made, with its id.
    if (!input.providerRefundId) return null;
    const refund = await callApi(
      settings(method),
      deps.fetch,
      "GET",
      `/v2/payments/refunds/${encodeURIComponent(input.providerRefundId)}`,
      null,
      deps.now(),
    );
    return refundSettled(
      refundAnswer(str(refund, "status"), str(refund, "id"), refundWords, {
        settledAt: resourceTime(refund),
      }),
    );
  },
};

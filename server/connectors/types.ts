import type { BillPeriod } from "./bill-day.logic";
import type { DbOrTx } from "@/db/types";
import type { FailureReason } from "@/server/payments/failure-reasons.logic";

/** A provider notification (or query answer) reduced to what our state machines need. */
export interface NormalizedEvent {
  /** The provider's id for this event; deliveries with the same id are the same event. */
  eventId: string;
  /** Our attempt token, as we sent it to the provider (out_trade_no and the like). */
  attemptToken: string;
  outcome: "succeeded" | "failed" | "pending";
  amountMinor: bigint;
  currency: string;
  providerTxnId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  failureReason: FailureReason | null;
  occurredAt: Date;
  /**
   * Who paid, as the provider knows them (Alipay buyer_id, WeChat openid, Stripe customer):
   * only ever kept as a keyed hash to recognise a returning customer (server/customers).
   */
  buyerId?: string | null;
}

/** A refund the provider reported (parsed now, applied by the refunds work). */
export interface NormalizedRefund {
  eventId: string;
  /** Null for a refund made in the provider's console, which carries none of our ids. */
  attemptToken: string | null;
  /** The provider's id of the payment refunded (PayPal's capture), when no token names it. */
  paymentTxnId?: string | null;
  refundId: string | null;
  merchantRefundId: string | null;
  status: "succeeded" | "failed" | "pending";
  amountMinor: bigint | null;
  currency: string | null;
  /**
   * When the provider says the refund was made, on its own clock (what its statement lists);
   * null when the notice gives no time.
   */
  occurredAt: Date | null;
}

/**
 * The provider's word that a payment has had this much refunded in total, naming no refund of
 * ours (Alipay re-notifies the trade with its cumulative refund_fee; Stripe's charge.refunded
 * carries amount_refunded): only the part beyond the refunds we asked for is news.
 */
export interface RefundedTotal {
  eventId: string;
  attemptToken: string;
  totalMinor: bigint;
  currency: string;
  /** The provider's id of the refund that caused it, when it names one. */
  providerRefundId: string | null;
}

/** What a connector knows of one payment method: its settings and its opened secrets. */
export interface MethodContext {
  id: string;
  mode: "sandbox" | "live";
  config: Record<string, unknown>;
  credentials: Record<string, string>;
}

/** What a verified notification turned out to be. */
export type VerifiedNotification =
  | { kind: "payment"; event: NormalizedEvent }
  | { kind: "refund"; refund: NormalizedRefund }
  | { kind: "refunded_total"; refunded: RefundedTotal }
  /** Genuine, but about nothing we act on (another event type): acknowledged, recorded. */
  | { kind: "other"; eventId: string; detail: string };

export type VerifyResult =
  { ok: true; notification: VerifiedNotification } | { ok: false; reason: string };

/** What a provider is asked to create for one attempt (the create-payment provider request). */
export interface CreatePaymentInput {
  attemptToken: string;
  amountMinor: bigint;
  currency: string;
  /** Shown in the wallet: the shop name and order number. */
  subject: string;
  expiresAt: Date;
  /** Where the provider posts its notifications for this method. */
  notifyUrl: string;
  /** Where a redirect-based wallet sends the customer back (our pay page). */
  returnUrl: string;
}

/** What the customer is shown: a QR for the wallet app to scan, or a page to go to. */
export interface CreatedPayment {
  qrContent: string | null;
  redirectUrl: string | null;
  /** The provider's own id for the request (PayPal order, PaymentIntent), needed to query it. */
  providerRef: string | null;
}

export interface QueryInput {
  attemptToken: string;
  providerRef: string | null;
  amountMinor: bigint;
  currency: string;
}

export interface RefundInput extends QueryInput {
  providerTxnId: string;
  refundId: string;
  refundMinor: bigint;
  reason: string | null;
  /** Where the provider posts the refund's notification (WeChat Pay takes it per refund). */
  notifyUrl?: string | null;
}

/** A refund asked about: its provider id once the provider gave one. */
export interface RefundQueryInput extends RefundInput {
  providerRefundId: string | null;
}

export interface RefundRequestResult {
  status: "succeeded" | "pending" | "failed";
  providerRefundId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  /**
   * When the provider settled the refund, on its own clock (what its statement lists); null
   * when its answer gives no time, or the refund is not settled.
   */
  settledAt: Date | null;
}

/**
 * The answer to "check connection": the saved keys proved to work (the provider authenticated
 * our call and answered about a made-up order number), or the provider's word on why not.
 */
export type ConnectionCheck = { ok: true } | { ok: false; code: string; message: string };

/** A signed notification on its way to our webhook, as a provider's server would send it. */
export interface Delivery {
  methodId: string;
  body: string;
  headers: Record<string, string>;
  /** Milliseconds to wait before sending: providers notify a moment after the payment. */
  delayMs: number;
}
export type Deliver = (delivery: Delivery) => void;

/** How a connector reaches the outside: injectable so tests use a local fake provider. */
export interface ConnectorDeps {
  fetch: typeof fetch;
  /** How the sandbox wallet posts its notifications (to our webhook; captured in tests). */
  deliver?: Deliver;
  /** The sandbox wallet is a provider inside this server: its ledger is in our database. */
  db: DbOrTx;
  now: () => Date;
}

/** A provider's statement (对账单) for one day, as the file the provider gives (or its layout). */
export interface StatementFile {
  fileName: string;
  bytes: Uint8Array;
  /**
   * The instants the file was asked for (end exclusive): what it speaks for when it states no
   * period itself, even with no line (nothing happened).
   */
  period: BillPeriod;
}

/**
 * Which statement to download: a local day (YYYY-MM-DD). The Chinese wallets name their bill by
 * its China-time day; Stripe and PayPal are asked for the merchant's local day in `timeZone`.
 */
export interface StatementRequest {
  day: string;
  timeZone: string;
}

/** One interface for every wallet provider, the sandbox wallet included. */
export interface Connector {
  /** Asks the provider to create the payment for an attempt (QR content or redirect link). */
  createPayment(
    method: MethodContext,
    input: CreatePaymentInput,
    deps: ConnectorDeps,
  ): Promise<CreatedPayment>;
  /** Checks the signature exactly as the provider specifies, then parses the event. */
  verifyNotification(
    input: { rawBody: string; headers: Headers },
    method: MethodContext,
    deps: ConnectorDeps,
  ): Promise<VerifyResult>;
  /** The answer the provider expects, sent only after our transaction committed. */
  acknowledge(accepted: boolean, message?: string): Response;
  /**
   * Asks the provider about an attempt (主动查单). Null when the provider has nothing final
   * to say yet (not paid, unknown); an event otherwise, applied like a notification.
   */
  queryPayment(
    method: MethodContext,
    input: QueryInput,
    deps: ConnectorDeps,
  ): Promise<NormalizedEvent | null>;
  /**
   * Proves the saved keys work: asks the provider's query API about an order number that
   * cannot exist. An authenticated "not found" passes; an auth or signature error fails.
   */
  checkConnection(method: MethodContext, deps: ConnectorDeps): Promise<ConnectionCheck>;
  /**
   * Asks the provider to refund, with our refund id as its idempotency key: asking again
   * (after a time-out) answers the refund already made instead of refunding twice.
   */
  requestRefund(
    method: MethodContext,
    input: RefundInput,
    deps: ConnectorDeps,
  ): Promise<RefundRequestResult>;
  /**
   * Asks the provider how a refund stands (its refund query API). Null while it has nothing
   * final to say (processing, or not known by the id given).
   */
  queryRefund(
    method: MethodContext,
    input: RefundQueryInput,
    deps: ConnectorDeps,
  ): Promise<RefundRequestResult | null>;
  /**
   * Downloads the provider's statement of one day through its API, in a layout the statement
   * reader opens. Absent where the provider offers no download.
   */
  downloadStatement?(
    method: MethodContext,
    input: StatementRequest,
    deps: ConnectorDeps,
  ): Promise<StatementFile>;
}

/** A provider answered an outbound call with an error: raw code and message kept. */
export class ProviderError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

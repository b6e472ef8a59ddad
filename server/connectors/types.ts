import type { FailureReason } from "@/server/payments/failure-reasons.logic";

/** A provider notification reduced to what our state machines need. */
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
}

/** What a connector knows of one payment method: its settings and its opened secrets. */
export interface MethodContext {
  id: string;
  config: Record<string, unknown>;
  credentials: Record<string, string>;
}

export type VerifyResult = { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

export interface Connector {
  /** Checks the signature exactly as the provider specifies, then parses the event. */
  verifyNotification(
    input: { rawBody: string; headers: Headers },
    method: MethodContext,
  ): VerifyResult;
  /** The answer the provider expects, sent only after our transaction committed. */
  acknowledge(accepted: boolean, message?: string): Response;
}

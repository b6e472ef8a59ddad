import { randomBytes } from "node:crypto";
import {
  ProviderError,
  type ConnectionCheck,
  type Connector,
  type ConnectorDeps,
  type MethodContext,
  type VerifiedNotification,
  type RefundRequestResult,
} from "./types";

/**
 * A connector's verifyNotification from its settings reader and its check. The check
 * answers a VerifiedNotification, or a string saying why the delivery is refused; a method whose keys
 * cannot be read refuses everything.
 */
export function verifyWith<S>(
  settings: (method: MethodContext) => S,
  check: (
    input: { rawBody: string; headers: Headers },
    s: S,
    method: MethodContext,
    deps: ConnectorDeps,
  ) => VerifiedNotification | string | Promise<VerifiedNotification | string>,
): Connector["verifyNotification"] {
  return async (input, method, deps) => {
    let s: S;
    try {
      s = settings(method);
    } catch {
      return { ok: false, reason: "method is not configured" };
    }
    const notification = await check(input, s, method, deps);
    return typeof notification === "string"
      ? { ok: false, reason: notification }
      : { ok: true, notification };
  };
}

/** Our codes for an answer not had, or not to be believed: the provider may have refunded. */
const outcomeUnknown = new Set(["NETWORK", "BAD_RESPONSE", "BAD_SIGNATURE", "AMOUNT_MISMATCH"]);

/**
 * A refund the provider refused, with its raw code and message. A network failure, an
 * answer we cannot read or trust, or the provider's own server error (5xx: WeChat Pay asks
 * for a retry with the same out_refund_no) is rethrown: the refund may have happened, so the
 * caller must ask again, never record a failure that frees the amount for a second refund.
 */
export function refundRefused(err: unknown): RefundRequestResult {
  if (
    !(err instanceof ProviderError) ||
    outcomeUnknown.has(err.code) ||
    (err.status !== null && err.status >= 500)
  )
    throw err;
  return {
    status: "failed",
    providerRefundId: null,
    failureCode: err.code,
    failureMessage: err.message,
    settledAt: null,
  };
}

/**
 * A provider's refund answer: its word for done, its words for refused; anything else is
 * pending. `settledAt` is the provider's own time of the refund, kept only once it is settled.
 */
export function refundAnswer(
  status: string | null,
  providerRefundId: string | null,
  words: { done: string; refused: readonly string[] },
  more: { failureCode?: string | null; settledAt?: Date | null } = {},
): RefundRequestResult {
  const refused = status !== null && words.refused.includes(status);
  const done = status === words.done;
  return {
    status: done ? "succeeded" : refused ? "failed" : "pending",
    providerRefundId,
    failureCode: more.failureCode ?? (refused ? status : null),
    failureMessage: null,
    settledAt: done || refused ? (more.settledAt ?? null) : null,
  };
}

/** A query's answer: a settled refund, or null while the provider still processes it. */
export function refundSettled(answer: RefundRequestResult): RefundRequestResult | null {
  return answer.status === "pending" ? null : answer;
}

/**
 * A provider's time written as RFC 3339 / ISO 8601 with its offset (WeChat Pay's
 * "2026-12-06T16:29:35+08:00", PayPal's "2026-12-06T08:29:35Z"); null when absent or without
 * an offset, which JavaScript would read in this server's own zone.
 */
export function offsetTime(text: string | null | undefined): Date | null {
  if (!text || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i.test(text))
    return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** A provider's time as Unix seconds (Stripe's `created`); null when it is not a number. */
export function epochSecondsTime(value: unknown): Date | null {
  return typeof value === "number" && Number.isFinite(value) ? new Date(value * 1000) : null;
}

/** An order number nobody ever made: asked about by "check connection" (letters and digits, 17 long). */
export function madeUpOrderNumber(): string {
  return `CHECK${randomBytes(6).toString("hex").toUpperCase()}`;
}

/**
 * Runs a connection check: `probe` answers the check, or throws; a ProviderError becomes a
 * failed check with the provider's code and message (missing keys, network, refusal).
 */
export async function checkWith(probe: () => Promise<ConnectionCheck>): Promise<ConnectionCheck> {
  try {
    return await probe();
  } catch (err) {
    if (err instanceof ProviderError) return { ok: false, code: err.code, message: err.message };
    return {
      ok: false,
      code: "KEY_ERROR",
      message: err instanceof Error ? err.message : String(err),
    };
  }
}

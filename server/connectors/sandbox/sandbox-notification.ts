import { z } from "zod";
import type { Connector, NormalizedEvent } from "../types";
import { verifySandboxNotification } from "./sandbox-signature";
import { failureReasons } from "@/server/payments/failure-reasons.logic";

/** The header carrying the sandbox wallet's signature: `t=<unix seconds>,v1=<base64>`. */
export const sandboxSignatureHeader = "x-sandbox-signature";

/** The body the sandbox wallet posts. Amounts travel as decimal strings of minor units. */
export const sandboxNotificationBody = z.object({
  event_id: z.string().min(1).max(100),
  attempt_token: z.string().min(1).max(100),
  outcome: z.enum(["succeeded", "failed", "pending"]),
  amount_minor: z.string().regex(/^\d{1,18}$/),
  currency: z.string().length(3),
  txn_id: z.string().max(100).nullable(),
  failure_code: z.string().max(100).nullable(),
  failure_message: z.string().max(500).nullable(),
  failure_reason: z.enum(failureReasons).nullable(),
  occurred_at: z.iso.datetime(),
});
export type SandboxNotificationBody = z.infer<typeof sandboxNotificationBody>;

export function toSandboxBody(event: NormalizedEvent): SandboxNotificationBody {
  return {
    event_id: event.eventId,
    attempt_token: event.attemptToken,
    outcome: event.outcome,
    amount_minor: event.amountMinor.toString(),
    currency: event.currency,
    txn_id: event.providerTxnId,
    failure_code: event.failureCode,
    failure_message: event.failureMessage,
    failure_reason: event.failureReason,
    occurred_at: event.occurredAt.toISOString(),
  };
}

export const sandboxConnector: Connector = {
  verifyNotification({ rawBody, headers }, method) {
    const publicKey = method.config.publicKeyPem;
    if (typeof publicKey !== "string")
      return { ok: false, reason: "method has no sandbox public key" };
    const verified = verifySandboxNotification(
      rawBody,
      headers.get(sandboxSignatureHeader),
      publicKey,
    );
    if (!verified.ok) return { ok: false, reason: `signature ${verified.reason}` };
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return { ok: false, reason: "body is not JSON" };
    }
    const parsed = sandboxNotificationBody.safeParse(json);
    if (!parsed.success) return { ok: false, reason: "body does not match the sandbox format" };
    const b = parsed.data;
    return {
      ok: true,
      event: {
        eventId: b.event_id,
        attemptToken: b.attempt_token,
        outcome: b.outcome,
        amountMinor: BigInt(b.amount_minor),
        currency: b.currency.toUpperCase(),
        providerTxnId: b.txn_id,
        failureCode: b.failure_code,
        failureMessage: b.failure_message,
        failureReason: b.failure_reason,
        occurredAt: new Date(b.occurred_at),
      },
    };
  },
  acknowledge(accepted, message) {
    return accepted
      ? Response.json({ code: "SUCCESS" })
      : Response.json({ code: "FAIL", message: message ?? "rejected" }, { status: 401 });
  },
};

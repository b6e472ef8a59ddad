import { z } from "zod";
import { eq } from "drizzle-orm";
import { sandboxWalletPayments } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { Connector, MethodContext, NormalizedEvent, VerifyResult } from "../types";
import { sandboxFailures } from "./sandbox-failures";
import { signSandboxNotification, verifySandboxNotification } from "./sandbox-signature";
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

/** "Send a test notification": a signed event about nothing, to prove the webhook path works. */
export const sandboxTestBody = z.object({
  event_id: z.string().min(1).max(100),
  event_type: z.literal("test"),
  occurred_at: z.iso.datetime(),
});

/** The sandbox wallet's answer for an attempt, from its own ledger (its "query API"). */
async function queryLedger(db: DbOrTx, token: string): Promise<NormalizedEvent | null> {
  const [paid] = await db
    .select()
    .from(sandboxWalletPayments)
    .where(eq(sandboxWalletPayments.attemptToken, token));
  if (!paid) return null;
  const failure =
    paid.outcome in sandboxFailures
      ? sandboxFailures[paid.outcome as keyof typeof sandboxFailures]
      : null;
  return {
    eventId: `QRY-${paid.txnId}`,
    attemptToken: token,
    // "no_callback" paid but never notified: exactly what the active query is for.
    outcome: failure ? "failed" : "succeeded",
    amountMinor: paid.amountMinor,
    currency: paid.currency,
    providerTxnId: failure ? null : paid.txnId,
    failureCode: failure?.code ?? null,
    failureMessage: failure?.message ?? null,
    failureReason: failure?.reason ?? null,
    occurredAt: paid.createdAt,
  };
}

function verify(rawBody: string, headers: Headers, method: MethodContext): VerifyResult {
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
  const test = sandboxTestBody.safeParse(json);
  if (test.success)
    return {
      ok: true,
      notification: { kind: "other", eventId: test.data.event_id, detail: "test notification" },
    };
  const parsed = sandboxNotificationBody.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "body does not match the sandbox format" };
  const b = parsed.data;
  return {
    ok: true,
    notification: {
      kind: "payment",
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
    },
  };
}

/** The built-in wallet: its pay page is on this server, its ledger in our database. */
export const sandboxConnector: Connector = {
  createPayment(_method, input) {
    return Promise.resolve({
      qrContent: null,
      redirectUrl: new URL(`/sandbox/${input.attemptToken}`, input.returnUrl).toString(),
      providerRef: null,
    });
  },

  verifyNotification({ rawBody, headers }, method) {
    return Promise.resolve(verify(rawBody, headers, method));
  },

  acknowledge(accepted, message) {
    return accepted
      ? Response.json({ code: "SUCCESS" })
      : Response.json({ code: "FAIL", message: message ?? "rejected" }, { status: 401 });
  },

  queryPayment(_method, input, deps) {
    return queryLedger(deps.db, input.attemptToken);
  },

  checkConnection(method) {
    // The wallet's keys live here: the check proves the sealed private key and the public key
    // kept for verifying belong together.
    const body = JSON.stringify({ check: true });
    const privateKeyPem = method.credentials.privateKeyPem;
    if (!privateKeyPem)
      return Promise.resolve({ ok: false, code: "NOT_CONFIGURED", message: "no wallet key" });
    const headers = new Headers({
      [sandboxSignatureHeader]: signSandboxNotification(body, privateKeyPem),
    });
    const publicKey = method.config.publicKeyPem;
    const verified =
      typeof publicKey === "string"
        ? verifySandboxNotification(body, headers.get(sandboxSignatureHeader), publicKey)
        : { ok: false as const, reason: "missing" };
    return Promise.resolve(
      verified.ok
        ? { ok: true }
        : { ok: false, code: "BAD_SIGNATURE", message: "the wallet's keys do not match" },
    );
  },

  requestRefund(_method, input) {
    // The simulated wallet always has the money to give back.
    return Promise.resolve({
      status: "succeeded",
      providerRefundId: `SBR-${input.refundId}`,
      failureCode: null,
      failureMessage: null,
    });
  },
};

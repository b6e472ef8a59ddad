import { one } from "@/db/one";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { sandboxWalletPayments, sandboxWalletRefunds } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import {
  ProviderError,
  type Connector,
  type ConnectorDeps,
  type MethodContext,
  type NormalizedEvent,
  type RefundInput,
  type RefundRequestResult,
  type VerifyResult,
} from "../types";
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

/** The body of the wallet's refund notification: our refund id, its own, and the outcome. */
export const sandboxRefundBody = z.object({
  event_id: z.string().min(1).max(100),
  event_type: z.literal("refund"),
  refund_id: z.string().min(1).max(100),
  provider_refund_id: z.string().min(1).max(100),
  attempt_token: z.string().min(1).max(100),
  status: z.enum(["succeeded", "failed"]),
  amount_minor: z.string().regex(/^\d{1,18}$/),
  currency: z.string().length(3),
  occurred_at: z.iso.datetime(),
});

/**
 * What the wallet does with a refund, set per method (`config.refundOutcome`) to rehearse
 * each path: notify success (the default), notify failure, settle only when asked (the
 * notification is lost), or do it but time out before answering.
 */
export const sandboxRefundOutcomes = ["succeed", "fail", "query_only", "timeout"] as const;
type SandboxRefundOutcome = (typeof sandboxRefundOutcomes)[number];

function refundOutcomeOf(method: MethodContext): SandboxRefundOutcome {
  const set = method.config.refundOutcome;
  return sandboxRefundOutcomes.find((o) => o === set) ?? "succeed";
}

const declined = {
  code: "REFUND_DECLINED",
  message: "The sandbox wallet declined the refund (simulated)",
};

function ledgerAnswer(row: typeof sandboxWalletRefunds.$inferSelect): RefundRequestResult {
  const failed = row.outcome === "failed";
  return {
    status: failed ? "failed" : "succeeded",
    providerRefundId: row.providerRefundId,
    failureCode: failed ? declined.code : null,
    failureMessage: failed ? declined.message : null,
    // The wallet's own record of it: the time its statement lists the refund at.
    settledAt: row.createdAt,
  };
}

/**
 * The wallet refunds once per refund id (its idempotency key): a repeat answers the refund
 * already made. A new one is answered "processing", and settled by a signed notification
 * moments later, or only by a query, as the method is set to simulate.
 */
async function refundInWallet(
  method: MethodContext,
  input: RefundInput,
  deps: ConnectorDeps,
): Promise<RefundRequestResult> {
  const outcome = refundOutcomeOf(method);
  const [made] = await deps.db
    .insert(sandboxWalletRefunds)
    .values({
      refundId: input.refundId,
      methodId: method.id,
      attemptToken: input.attemptToken,
      providerRefundId: `SBR-${input.refundId}`,
      outcome: outcome === "fail" ? "failed" : "succeeded",
      amountMinor: input.refundMinor,
      currency: input.currency,
    })
    .onConflictDoNothing()
    .returning();
  if (!made) {
    const known = await deps.db
      .select()
      .from(sandboxWalletRefunds)
      .where(eq(sandboxWalletRefunds.refundId, input.refundId));
    return ledgerAnswer(one(known, "sandbox refund"));
  }
  if (outcome === "timeout")
    throw new ProviderError("NETWORK", "The sandbox wallet did not answer in time (simulated)");
  const privateKeyPem = method.credentials.privateKeyPem;
  if (outcome !== "query_only" && deps.deliver && privateKeyPem) {
    const body = JSON.stringify({
      event_id: `EVT-${made.providerRefundId}`,
      event_type: "refund",
      refund_id: made.refundId,
      provider_refund_id: made.providerRefundId,
      attempt_token: made.attemptToken,
      status: made.outcome === "failed" ? "failed" : "succeeded",
      amount_minor: made.amountMinor.toString(),
      currency: made.currency,
      occurred_at: made.createdAt.toISOString(),
    } satisfies z.infer<typeof sandboxRefundBody>);
    deps.deliver({
      methodId: method.id,
      body,
      headers: {
        "content-type": "application/json",
        [sandboxSignatureHeader]: signSandboxNotification(body, privateKeyPem),
      },
      delayMs: 300,
    });
  }
  return {
    status: "pending",
    providerRefundId: made.providerRefundId,
    failureCode: null,
    failureMessage: null,
    settledAt: null,
  };
}

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
  const refund = sandboxRefundBody.safeParse(json);
  if (refund.success) {
    const r = refund.data;
    return {
      ok: true,
      notification: {
        kind: "refund",
        refund: {
          eventId: r.event_id,
          attemptToken: r.attempt_token,
          refundId: r.provider_refund_id,
          merchantRefundId: r.refund_id,
          status: r.status,
          amountMinor: BigInt(r.amount_minor),
          currency: r.currency.toUpperCase(),
          occurredAt: new Date(r.occurred_at),
        },
      },
    };
  }
  const parsed = sandboxNotificationBody.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    return { ok: false, reason: `body does not match the sandbox format (${fields})` };
  }
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

  requestRefund: refundInWallet,

  async queryRefund(method, input, deps) {
    const [known] = await deps.db
      .select()
      .from(sandboxWalletRefunds)
      .where(
        and(
          eq(sandboxWalletRefunds.refundId, input.refundId),
          eq(sandboxWalletRefunds.methodId, method.id),
        ),
      );
    return known ? ledgerAnswer(known) : null;
  },
};

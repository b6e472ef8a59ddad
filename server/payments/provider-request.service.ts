import { eq } from "drizzle-orm";
import { merchants, orders, paymentAttempts, paymentMethods, providerRequests } from "@/db/schema";
import type { Db } from "@/db/types";
import { env } from "@/env";
import type { Actor } from "@/server/audit/audit.service";
import { notifyUrl } from "@/server/connectors/notify-url.logic";
import { connectorFor } from "@/server/connectors/registry";
import { ProviderError, type ConnectorDeps, type NormalizedEvent } from "@/server/connectors/types";
import {
  isMerchantConfigError,
  providerFailureReason,
  type ProviderKind,
} from "./failure-reasons.logic";
import { applyProviderEvent } from "./provider-event.service";
import { loadMethodContext } from "./payment-method.service";
import { one } from "@/db/one";

/** What reaching a provider needs: the key to open credentials and our public address. */
export interface ProviderDeps {
  key: Buffer;
  /** The origin providers and customers reach us at (notify and return URLs). */
  publicUrl: string;
  fetch?: typeof fetch;
  now?: () => Date;
  /** The sandbox wallet allowed in every shop (SANDBOX=1), not only demo and practice shops. */
  sandboxEverywhere?: boolean;
}

/** The process's deps: providers reach us at APP_URL (or where this server listens). */
export function providerDepsFor(key: Buffer): ProviderDeps {
  return {
    key,
    publicUrl: env.APP_URL ?? env.internalUrl,
    sandboxEverywhere: env.sandboxEverywhere,
  };
}

/** The first active query comes this long after the request was made (主动查单). */
export const firstQueryDelayMs = 2 * 60_000;

export function connectorDeps(db: Db, deps: Pick<ProviderDeps, "fetch" | "now">): ConnectorDeps {
  return { db, fetch: deps.fetch ?? globalThis.fetch, now: deps.now ?? (() => new Date()) };
}

/** The provider's failure for a request it refused (or could not be reached for). */
function requestFailure(
  attempt: { token: string; methodKind: string; amountMinor: bigint; currency: string },
  err: unknown,
): NormalizedEvent {
  const { token, methodKind: kind } = attempt;
  const code = err instanceof ProviderError ? err.code : "REQUEST_ERROR";
  const reason = isMerchantConfigError(kind, code)
    ? "merchant_config"
    : kind === "sandbox"
      ? "unknown"
      : providerFailureReason(kind as ProviderKind, code);
  return {
    eventId: `request:${token}`,
    attemptToken: token,
    outcome: "failed",
    amountMinor: attempt.amountMinor,
    currency: attempt.currency,
    providerTxnId: null,
    failureCode: code,
    failureMessage: err instanceof Error ? err.message.slice(0, 500) : String(err),
    failureReason: reason === "unknown" ? "provider_error" : reason,
    occurredAt: new Date(),
  };
}

/**
 * Asks the attempt's provider for the payment request (QR content or link), outside the
 * transaction that created the attempt: a provider call may take seconds, and no order lock
 * is held meanwhile. A refusal fails the attempt through the one transition path, with the
 * provider's raw code and message kept.
 */
export async function requestFromProvider(
  db: Db,
  actor: Actor,
  attemptId: string,
  deps: ProviderDeps,
): Promise<{ qrContent: string | null; redirectUrl: string | null }> {
  const row = one(
    await db
      .select({
        attempt: paymentAttempts,
        orderNumber: orders.number,
        merchantName: merchants.name,
      })
      .from(paymentAttempts)
      .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
      .innerJoin(merchants, eq(merchants.id, orders.merchantId))
      .where(eq(paymentAttempts.id, attemptId)),
  );
  const attempt = row.attempt;
  const connector = connectorFor(attempt.methodKind);
  if (!connector) return { qrContent: null, redirectUrl: null };
  const cdeps = connectorDeps(db, deps);
  let request;
  try {
    const method = await loadMethodContext(db, attempt.methodId, deps.key);
    if (!method) throw new Error(`payment method ${attempt.methodId} not found`);
    request = await connector.createPayment(
      method.context,
      {
        attemptToken: attempt.token,
        amountMinor: attempt.amountMinor,
        currency: attempt.currency,
        subject: `${row.merchantName} ${row.orderNumber}`,
        expiresAt: attempt.expiresAt,
        notifyUrl: notifyUrl(deps.publicUrl, attempt.methodKind, attempt.methodId),
        returnUrl: new URL(`/pay/${attempt.token}`, deps.publicUrl).toString(),
      },
      cdeps,
    );
  } catch (err) {
    if (!(err instanceof ProviderError)) console.error("payment request failed:", err);
    const failure = requestFailure(attempt, err);
    await db.transaction(async (tx) => {
      await applyProviderEvent(tx, attempt.methodId, failure, actor);
      // The shop's keys were refused: the method leaves the counter until checked again.
      if (failure.failureReason === "merchant_config")
        await tx
          .update(paymentMethods)
          .set({
            connectionOk: false,
            connectionCheckedAt: new Date(),
            connectionError: `${failure.failureCode}: ${failure.failureMessage}`.slice(0, 500),
          })
          .where(eq(paymentMethods.id, attempt.methodId));
    });
    return { qrContent: null, redirectUrl: null };
  }
  await db.insert(providerRequests).values({
    attemptId,
    qrContent: request.qrContent,
    redirectUrl: request.redirectUrl,
    providerRef: request.providerRef,
    nextQueryAt: new Date(attempt.createdAt.getTime() + firstQueryDelayMs),
  });
  return { qrContent: request.qrContent, redirectUrl: request.redirectUrl };
}

/** An attempt just created, with the provider's request made (or the attempt failed by it). */
export async function withProviderRequest<T extends { id: string }>(
  db: Db,
  actor: Actor,
  attempt: T,
  deps: ProviderDeps,
) {
  const request = await requestFromProvider(db, actor, attempt.id, deps);
  const now = one(
    await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt.id)),
    "attempt",
  );
  return { ...attempt, ...now, ...request };
}

import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { paymentAttempts, providerRequests, refunds } from "@/db/schema";
import type { Db } from "@/db/types";
import { notifyUrl } from "@/server/connectors/notify-url.logic";
import { connectorFor } from "@/server/connectors/registry";
import { ProviderError, type Deliver, type RefundRequestResult } from "@/server/connectors/types";
import type { Actor } from "@/server/audit/audit.service";
import { loadMethodContext } from "@/server/payments/payment-method.service";
import { connectorDeps, type ProviderDeps } from "@/server/payments/provider-request.service";
import { openRefundStatuses } from "@/server/payments/state.logic";
import { nextQueryAt, settleRefund } from "./refund-settle.service";

/**
 * What reaching a provider for a refund needs: the keys, the sandbox wallet's mailman, and
 * our public address when known (WeChat Pay takes the refund's notify URL per request; a
 * repeat of the request keeps the first one's).
 */
export type RefundDeps = Omit<ProviderDeps, "publicUrl"> & {
  publicUrl?: string;
  deliver?: Deliver;
};

/** The job acts as the system; the audit row names the refund query as the source. */
export const refundQueryActor: Actor = { userId: null, ip: null, userAgent: "refund-query" };

/**
 * Asks the refund's provider to refund (or, when it has answered "processing" already, how
 * the refund stands) outside any transaction, then applies the answer. Asking again is safe:
 * our refund id is the provider's idempotency key. A time-out or an unreadable answer leaves
 * the refund pending — the money may have moved — for the active query to settle.
 */
export async function submitRefund(db: Db, actor: Actor, refundId: string, deps: RefundDeps) {
  const [row] = await db
    .select({
      refund: refunds,
      attempt: paymentAttempts,
      providerRef: providerRequests.providerRef,
    })
    .from(refunds)
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
    .leftJoin(providerRequests, eq(providerRequests.attemptId, refunds.attemptId))
    .where(eq(refunds.id, refundId));
  if (!row || !openRefundStatuses.includes(row.refund.status)) return;
  const { refund, attempt } = row;
  const method = await loadMethodContext(db, refund.methodId, deps.key);
  const connector = method ? connectorFor(method.kind) : null;
  if (!method || !connector) return;
  const input = {
    attemptToken: attempt.token,
    providerRef: row.providerRef,
    amountMinor: attempt.amountMinor,
    currency: attempt.currency,
    providerTxnId: attempt.providerTxnId ?? "",
    refundId: refund.id,
    refundMinor: refund.amountMinor,
    reason: refund.reasonText ?? refund.reason,
    notifyUrl: deps.publicUrl ? notifyUrl(deps.publicUrl, method.kind, refund.methodId) : null,
  };
  const cdeps = { ...connectorDeps(db, deps), deliver: deps.deliver };
  let answer: RefundRequestResult | null;
  try {
    // Pending with the provider's id: its query API. Otherwise (never answered, or answered
    // without an id) the request itself again, which the idempotency key makes a question.
    answer =
      refund.status === "pending" && refund.providerRefundId
        ? await connector.queryRefund(
            method.context,
            { ...input, providerRefundId: refund.providerRefundId },
            cdeps,
          )
        : await connector.requestRefund(method.context, input, cdeps);
  } catch (err) {
    if (!(err instanceof ProviderError)) console.error("refund request failed:", err);
    answer = {
      status: "pending",
      providerRefundId: null,
      failureCode: null,
      failureMessage: null,
      settledAt: null,
    };
  }
  if (!answer) return;
  const settled = answer;
  await db.transaction((tx) => settleRefund(tx, actor, refund.id, settled));
}

/**
 * The refunds' active query: claims refunds the provider has not settled whose next query is
 * due (FOR UPDATE SKIP LOCKED, the next query moved on in the same short transaction, so
 * instances never ask about one refund at once), then asks with no lock held.
 */
export async function queryOpenRefunds(db: Db, deps: RefundDeps, batch = 20) {
  const now = (deps.now ?? (() => new Date()))();
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: refunds.id, queryCount: refunds.queryCount })
      .from(refunds)
      .where(
        and(
          inArray(refunds.status, [...openRefundStatuses]),
          isNotNull(refunds.nextQueryAt),
          sql`${refunds.nextQueryAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(asc(refunds.nextQueryAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const r of rows)
      await tx
        .update(refunds)
        .set({ nextQueryAt: nextQueryAt(r.queryCount + 1, now), queryCount: r.queryCount + 1 })
        .where(eq(refunds.id, r.id));
    return rows;
  });
  for (const r of claimed) {
    try {
      await submitRefund(db, refundQueryActor, r.id, deps);
    } catch (err) {
      console.error("refund query failed:", err);
    }
  }
  return { queried: claimed.length };
}

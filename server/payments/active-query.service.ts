import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { paymentAttempts, providerRequests } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { connectorFor } from "@/server/connectors/registry";
import { ProviderError } from "@/server/connectors/types";
import { applyProviderEvent } from "./attempt.service";
import { loadMethodContext } from "./payment-method.service";
import { connectorDeps, type ProviderDeps } from "./provider-request.service";

/** The job acts as the system; the audit row names the active query as the source. */
export const activeQueryActor: Actor = { userId: null, ip: null, userAgent: "active-query" };

/** Between queries of one attempt: soon at first, then less often while it stays open. */
const retryDelaysMs = [60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000];
const retryDelay = (count: number) => retryDelaysMs[Math.min(count, retryDelaysMs.length - 1)]!;

type Claimed = {
  attemptId: string;
  orderId: string;
  token: string;
  methodId: string;
  amountMinor: bigint;
  currency: string;
  providerRef: string | null;
};

/**
 * Claims the requests due for a query: attempts still open past their query time. Rows are
 * taken with FOR UPDATE SKIP LOCKED and their next query moved on in the same short
 * transaction, so several instances never ask about one attempt at once and the slow
 * provider calls happen with no lock held. Requests whose attempt closed are retired.
 */
async function claimDue(db: Db, now: Date, batch: number): Promise<Claimed[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        attemptId: providerRequests.attemptId,
        queryCount: providerRequests.queryCount,
        providerRef: providerRequests.providerRef,
        status: paymentAttempts.status,
        token: paymentAttempts.token,
        orderId: paymentAttempts.orderId,
        methodId: paymentAttempts.methodId,
        amountMinor: paymentAttempts.amountMinor,
        currency: paymentAttempts.currency,
      })
      .from(providerRequests)
      .innerJoin(paymentAttempts, eq(paymentAttempts.id, providerRequests.attemptId))
      .where(
        and(
          isNotNull(providerRequests.nextQueryAt),
          sql`${providerRequests.nextQueryAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(asc(providerRequests.nextQueryAt))
      .limit(batch)
      .for("update", { of: providerRequests, skipLocked: true });
    const open = due.filter((d) => d.status === "created" || d.status === "pending");
    const closed = due.filter((d) => !open.includes(d)).map((d) => d.attemptId);
    if (closed.length > 0)
      await tx
        .update(providerRequests)
        .set({ nextQueryAt: null })
        .where(inArray(providerRequests.attemptId, closed));
    for (const d of open) {
      await tx
        .update(providerRequests)
        .set({
          nextQueryAt: new Date(now.getTime() + retryDelay(d.queryCount)),
          queryCount: d.queryCount + 1,
        })
        .where(eq(providerRequests.attemptId, d.attemptId));
    }
    return open;
  });
}

/**
 * 主动查单: asks the provider about payment requests still open some minutes after the
 * customer was shown them (a lost or late notification), and applies a final answer
 * through the same transition path as a notification, with an audit row saying it was
 * settled by query.
 */
export async function queryOpenAttempts(
  db: Db,
  deps: Omit<ProviderDeps, "publicUrl">,
  batch = 20,
): Promise<{ queried: number; settled: number; errors: number }> {
  const cdeps = connectorDeps(db, deps);
  const claimed = await claimDue(db, cdeps.now(), batch);
  let settled = 0;
  let errors = 0;
  for (const c of claimed) {
    let result: string;
    try {
      const method = await loadMethodContext(db, c.methodId, deps.key);
      const connector = method ? connectorFor(method.kind) : null;
      if (!method || !connector) continue;
      const event = await connector.queryPayment(
        method.context,
        {
          attemptToken: c.token,
          providerRef: c.providerRef,
          amountMinor: c.amountMinor,
          currency: c.currency,
        },
        cdeps,
      );
      if (!event) {
        result = "not paid yet";
      } else {
        const applied = await db.transaction(async (tx) => {
          const r = await applyProviderEvent(tx, c.methodId, event, activeQueryActor);
          if (r.outcome !== "ignored") {
            await recordAudit(tx, activeQueryActor, {
              merchantId: method.merchantId,
              action: "attempt.query",
              entityType: "order",
              entityId: c.orderId,
              after: {
                attemptId: c.attemptId,
                outcome: event.outcome,
                result: r.outcome,
                providerTxnId: event.providerTxnId,
              },
            });
            await tx
              .update(providerRequests)
              .set({ nextQueryAt: null })
              .where(eq(providerRequests.attemptId, c.attemptId));
          }
          return r;
        });
        if (applied.outcome === "applied") settled++;
        result = `${event.outcome}: ${applied.outcome}`;
      }
    } catch (err) {
      errors++;
      result =
        err instanceof ProviderError
          ? `${err.code}: ${err.message}`
          : `error: ${err instanceof Error ? err.message : String(err)}`;
    }
    await db
      .update(providerRequests)
      .set({ lastQueryResult: result.slice(0, 500) })
      .where(eq(providerRequests.attemptId, c.attemptId));
  }
  return { queried: claimed.length, settled, errors };
}

import { asc, eq, inArray, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import { allOf } from "@/db/one";
import { paymentAttempts, providerRequests } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { connectorFor } from "@/server/connectors/registry";
import { ProviderError } from "@/server/connectors/types";
import { applyProviderEvent } from "./provider-event.service";
import { loadMethodContext } from "./payment-method.service";
import { connectorDeps, type ProviderDeps } from "./provider-request.service";

/** The job acts as the system; the audit row names the active query as the source. */
export const activeQueryActor: Actor = { userId: null, ip: null, userAgent: "active-query" };

/** Between queries of one attempt: soon at first, then less often while it stays open. */
const retryDelaysMs = [60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000];
// eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is clamped into the non-empty list
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

/** The columns a query needs, read with the claim. */
const claimColumns = {
  attemptId: providerRequests.attemptId,
  queryCount: providerRequests.queryCount,
  providerRef: providerRequests.providerRef,
  status: paymentAttempts.status,
  token: paymentAttempts.token,
  orderId: paymentAttempts.orderId,
  methodId: paymentAttempts.methodId,
  amountMinor: paymentAttempts.amountMinor,
  currency: paymentAttempts.currency,
  expiresAt: paymentAttempts.expiresAt,
};

/**
 * A request we closed as expired may still have been paid at the last second while its
 * notification was lost: it is asked about for this long after its deadline too, so the
 * payment is found (a late success) instead of left to the statement.
 */
export const queryAfterExpiryMs = 30 * 60_000;

function stillAsked(d: { status: string; expiresAt: Date }, now: Date) {
  if (d.status === "created" || d.status === "pending") return true;
  return d.status === "expired" && d.expiresAt.getTime() > now.getTime() - queryAfterExpiryMs;
}

/**
 * A provider's statement lists as paid an attempt we closed (expired or cancelled) long ago: a
 * person reconciling asks about it whatever its age, as a late success may still be applied.
 */
function closedButListed(d: { status: string }) {
  return (
    d.status === "created" ||
    d.status === "pending" ||
    d.status === "expired" ||
    d.status === "cancelled"
  );
}

/**
 * Claims requests for a query: rows taken with FOR UPDATE SKIP LOCKED and their next query
 * moved on in the same short transaction, so several instances (or a cashier's "check now"
 * and the job) never ask about one attempt at once, and the slow provider calls happen
 * with no lock held. Requests whose attempt has closed are retired instead.
 */
async function claim(
  db: Db,
  now: Date,
  where: SQL,
  batch: number,
  asked: (d: { status: string; expiresAt: Date }, now: Date) => boolean = stillAsked,
): Promise<Claimed[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select(claimColumns)
      .from(providerRequests)
      .innerJoin(paymentAttempts, eq(paymentAttempts.id, providerRequests.attemptId))
      .where(where)
      .orderBy(asc(providerRequests.nextQueryAt))
      .limit(batch)
      .for("update", { of: providerRequests, skipLocked: true });
    const open = rows.filter((d) => asked(d, now));
    const closed = rows.filter((d) => !open.includes(d)).map((d) => d.attemptId);
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
 * Asks the provider about one claimed attempt and applies a final answer through the same
 * transition path as a notification, with an audit row saying it was settled by query.
 * Records what the provider said on the request either way.
 */
async function askProvider(
  db: Db,
  deps: Omit<ProviderDeps, "publicUrl">,
  c: Claimed,
  actor: Actor,
): Promise<"settled" | "waiting" | "error"> {
  let result: string;
  let outcome: "settled" | "waiting" | "error" = "waiting";
  try {
    const method = await loadMethodContext(db, c.methodId, deps.key);
    const connector = method ? connectorFor(method.kind) : null;
    if (!method || !connector) return "error";
    const event = await connector.queryPayment(
      method.context,
      {
        attemptToken: c.token,
        providerRef: c.providerRef,
        amountMinor: c.amountMinor,
        currency: c.currency,
      },
      connectorDeps(db, deps),
    );
    if (!event) {
      result = "not paid yet";
    } else {
      const applied = await db.transaction(async (tx) => {
        const r = await applyProviderEvent(tx, c.methodId, event, actor);
        if (r.outcome !== "ignored") {
          await recordAudit(tx, actor, {
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
        }
        // A final answer (applied, or about an attempt already settled) ends the asking.
        if (event.outcome !== "pending")
          await tx
            .update(providerRequests)
            .set({ nextQueryAt: null })
            .where(eq(providerRequests.attemptId, c.attemptId));
        return r;
      });
      if (applied.outcome === "applied") outcome = "settled";
      result = `${event.outcome}: ${applied.outcome}`;
    }
  } catch (err) {
    outcome = "error";
    result =
      err instanceof ProviderError
        ? `${err.code}: ${err.message}`
        : `error: ${err instanceof Error ? err.message : String(err)}`;
  }
  await db
    .update(providerRequests)
    .set({ lastQueryResult: result.slice(0, 500) })
    .where(eq(providerRequests.attemptId, c.attemptId));
  return outcome;
}

/**
 * 主动查单: asks the providers about payment requests still open some minutes after the
 * customer was shown them (a lost or late notification).
 */
export async function queryOpenAttempts(
  db: Db,
  deps: Omit<ProviderDeps, "publicUrl">,
  batch = 20,
): Promise<{ queried: number; settled: number; errors: number }> {
  const now = (deps.now ?? (() => new Date()))();
  const due = allOf(
    isNotNull(providerRequests.nextQueryAt),
    sql`${providerRequests.nextQueryAt} <= ${now.toISOString()}::timestamptz`,
  );
  const claimed = await claim(db, now, due, batch);
  const counts = { queried: claimed.length, settled: 0, errors: 0 };
  for (const c of claimed) {
    const outcome = await askProvider(db, deps, c, activeQueryActor);
    if (outcome === "settled") counts.settled++;
    if (outcome === "error") counts.errors++;
  }
  return counts;
}

/** Asks on demand at most this many times per request (a public pay page can trigger it). */
export const maxQueriesPerRequest = 20;

/**
 * Asks the provider about one open request now: the cashier's "check payment" when the
 * customer shows a paid screen, or the customer back from PayPal's approval page (the
 * approved order is captured). Nothing happens when the request is closed, already being
 * asked about, or was asked about too often — except with `listed`: a person reconciling a
 * statement that shows the attempt paid asks about it even closed long ago, past the cap.
 */
export async function checkAttemptNow(
  db: Db,
  deps: Omit<ProviderDeps, "publicUrl">,
  actor: Actor,
  which: { token: string } | { attemptId: string; merchantId: string },
  options: { listed?: boolean } = {},
): Promise<"settled" | "waiting" | "error" | "not_open"> {
  const now = (deps.now ?? (() => new Date()))();
  const attempt =
    "token" in which
      ? eq(paymentAttempts.token, which.token)
      : allOf(
          eq(paymentAttempts.id, which.attemptId),
          eq(paymentAttempts.merchantId, which.merchantId),
        );
  const [c] = options.listed
    ? await claim(db, now, attempt, 1, closedButListed)
    : await claim(
        db,
        now,
        allOf(attempt, lt(providerRequests.queryCount, maxQueriesPerRequest)),
        1,
      );
  return c ? askProvider(db, deps, c, actor) : "not_open";
}

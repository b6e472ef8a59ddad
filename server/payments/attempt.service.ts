import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import {
  alerts,
  merchants,
  orders,
  outbox,
  paymentAttempts,
  paymentMethods,
  providerRequests,
  stores,
  vouchers,
} from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { openOutcome } from "@/server/analytics/rollup.logic";
import { bumpRollups } from "@/server/analytics/rollup.service";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import type { NormalizedEvent } from "@/server/connectors/types";
import { DomainError } from "@/server/errors";
import { publishEvent } from "@/server/events/events";
import { issueVoucherForOrder } from "@/server/vouchers/voucher-issue.service";
import { markOrderRecovered, recordAttemptFailures } from "@/server/failures/failure-log.service";
import type { FailureReason } from "./failure-reasons.logic";
import { computeFee } from "./fee.logic";
import { expireStaleOrders } from "./order-expiry.service";
import { assertMethodOffered, offeredMethodIds } from "./method-offer.service";
import { lockOrder } from "./order-lock";
import { withProviderRequest, type ProviderDeps } from "./provider-request.service";
import {
  assertAttemptTransition,
  assertOrderTransition,
  canTransitionAttempt,
  isOpenAttempt,
} from "./state.logic";

type OrderRow = typeof orders.$inferSelect;
type AttemptRow = typeof paymentAttempts.$inferSelect;
type MethodRow = typeof paymentMethods.$inferSelect;

/** The system acts (expiry job, provider notifications): no user, maybe a source address. */
export const systemActor: Actor = { userId: null, ip: null, userAgent: null };

/** 24 random bytes: a pay token nobody can guess or enumerate. */
export function newPayToken(): string {
  return randomBytes(24).toString("base64url");
}

async function loadMethodForOrder(
  tx: Tx,
  order: OrderRow,
  methodId: string,
  sandboxEverywhere = false,
) {
  const [method] = await tx
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.merchantId, order.merchantId)));
  if (!method) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  if (!method.enabled)
    throw new DomainError("INVALID_STATE", "methodDisabled", "This payment method is switched off");
  if (!method.currencies.includes(order.currency)) {
    throw new DomainError(
      "INVALID_STATE",
      "currencyNotAccepted",
      "This method does not accept the order's currency",
      {
        currency: order.currency,
      },
    );
  }
  // Only a connected, checked method (or an allowed sandbox wallet) takes a payment.
  await assertMethodOffered(tx, order.merchantId, method.id, sandboxEverywhere);
  return method;
}

function requirePending(order: OrderRow) {
  if (order.status !== "pending") {
    throw new DomainError(
      "INVALID_STATE",
      "orderNotPayable",
      "The order is no longer waiting for payment",
      {
        status: order.status,
      },
    );
  }
}

/** Cancels the order's open attempts (a new one replaces them, or the order is closed). */
export async function cancelOpenAttempts(
  tx: Tx,
  actor: Actor,
  order: OrderRow,
  exceptId: string | null,
) {
  const now = new Date();
  // Attempts another transaction holds (the expiry job, a notification) are left to it:
  // waiting for them here, while holding the order and the audit lock, could deadlock.
  // NO KEY UPDATE: only status columns change, and this lock does not clash with the KEY
  // SHARE lock a provider_requests insert takes on its attempt (its foreign key), which
  // FOR UPDATE would skip, leaving that attempt open on a paid order.
  const claimable = await tx
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.orderId, order.id),
        inArray(paymentAttempts.status, ["created", "pending"]),
        exceptId ? ne(paymentAttempts.id, exceptId) : undefined,
      ),
    )
    .for("no key update", { skipLocked: true });
  if (claimable.length === 0) return;
  const open = inArray(
    paymentAttempts.id,
    claimable.map((a) => a.id),
  );
  // A request already past its deadline expired (the job just had not reached it yet): say so,
  // so failure statistics count it as an expiry, not as a cancellation.
  const overdue = sql`${paymentAttempts.expiresAt} <= ${now.toISOString()}::timestamptz`;
  const expired = await tx
    .update(paymentAttempts)
    .set({ status: "expired", failureReason: "expired", updatedAt: now })
    .where(and(open, overdue))
    .returning({ id: paymentAttempts.id, token: paymentAttempts.token });
  await recordAttemptFailures(
    tx,
    expired.map((a) => a.id),
  );
  const cancelled = await tx
    .update(paymentAttempts)
    .set({ status: "cancelled", updatedAt: now })
    // Not the ones just expired: they stay expired.
    .where(and(open, inArray(paymentAttempts.status, ["created", "pending"])))
    .returning({ id: paymentAttempts.id, token: paymentAttempts.token });
  const closed = [
    ...expired.map((a) => ({ ...a, status: "expired" as const })),
    ...cancelled.map((a) => ({ ...a, status: "cancelled" as const })),
  ];
  for (const a of closed) {
    await recordAudit(tx, actor, {
      merchantId: order.merchantId,
      action: a.status === "expired" ? "attempt.expire" : "attempt.cancel",
      entityType: "order",
      entityId: order.id,
      after: { attemptId: a.id, ...(a.status === "expired" ? { reason: "expired" } : {}) },
    });
    if (a.status === "expired") await bumpRollups(tx, a.id, openOutcome);
    await publishEvent(tx, {
      merchantId: order.merchantId,
      orderId: order.id,
      token: a.token,
      orderStatus: order.status,
      attemptStatus: a.status,
    });
  }
}

async function insertAttempt(tx: Tx, actor: Actor, order: OrderRow, method: MethodRow) {
  const now = new Date();
  const [attempt] = await tx
    .insert(paymentAttempts)
    .values({
      merchantId: order.merchantId,
      orderId: order.id,
      methodId: method.id,
      methodKind: method.kind,
      token: newPayToken(),
      status: "created",
      amountMinor: order.amountMinor,
      currency: order.currency,
      expiresAt: new Date(now.getTime() + method.requestTtlSeconds * 1000),
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await recordAudit(tx, actor, {
    merchantId: order.merchantId,
    action: "attempt.create",
    entityType: "order",
    entityId: order.id,
    after: {
      attemptId: attempt!.id,
      method: method.label,
      kind: method.kind,
      expiresAt: attempt!.expiresAt,
    },
  });
  await bumpRollups(tx, attempt!.id, null);
  await publishEvent(tx, {
    merchantId: order.merchantId,
    orderId: order.id,
    token: attempt!.token,
    orderStatus: order.status,
    attemptStatus: "created",
  });
  return attempt!;
}

/**
 * A payment request (pay link + QR) for an order and a wallet method; replaces open ones.
 * The method's connector is then asked for the provider's QR content or link.
 */
export async function createAttempt(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: { orderId: string; methodId: string },
  providers: ProviderDeps,
) {
  const attempt = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, merchantId, input.orderId);
    requirePending(order);
    const method = await loadMethodForOrder(tx, order, input.methodId, providers.sandboxEverywhere);
    if (method.kind === "cash")
      throw new DomainError("INVALID_STATE", "cashAtCounter", "Cash is taken at the counter");
    await cancelOpenAttempts(tx, actor, order, null);
    return insertAttempt(tx, actor, order, method);
  });
  return withProviderRequest(db, actor, attempt, providers);
}

/**
 * The customer, on the pay page of a failed or expired request, tries again on the same
 * order with the same or another method. Never a new order.
 */
export async function retryFromPayPage(
  db: Db,
  actor: Actor,
  input: { token: string; methodId: string },
  providers: ProviderDeps,
) {
  const attempt = await db.transaction(async (tx) => {
    const [previous] = await tx
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.token, input.token));
    if (!previous)
      throw new DomainError("NOT_FOUND", "payLinkNotFound", "This payment link does not exist");
    const order = await lockOrder(tx, previous.merchantId, previous.orderId);
    requirePending(order);
    // Anyone holding the link may retry: cap the requests one order can gather, so a script
    // cannot flood it (a real customer needs a handful at most).
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(paymentAttempts)
      .where(eq(paymentAttempts.orderId, order.id));
    if (Number(n) >= maxCustomerAttemptsPerOrder) {
      throw new DomainError(
        "RATE_LIMITED",
        "tooManyRetries",
        "Too many payment requests for this order",
      );
    }
    const method = await loadMethodForOrder(tx, order, input.methodId, providers.sandboxEverywhere);
    if (method.kind === "cash")
      throw new DomainError("INVALID_STATE", "cashAtCounter", "Cash is taken at the counter");
    await cancelOpenAttempts(tx, actor, order, null);
    return insertAttempt(tx, actor, order, method);
  });
  return withProviderRequest(db, actor, attempt, providers);
}

/** Payment requests an order may gather before the pay page's retry is refused. */
export const maxCustomerAttemptsPerOrder = 20;

export async function cancelAttempt(db: Db, actor: Actor, merchantId: string, attemptId: string) {
  return db.transaction(async (tx) => {
    const attempt = await lockAttempt(tx, eq(paymentAttempts.id, attemptId), merchantId);
    assertAttemptTransition(attempt.status, "cancelled");
    await tx
      .update(paymentAttempts)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(eq(paymentAttempts.id, attempt.id));
    await recordAudit(tx, actor, {
      merchantId,
      action: "attempt.cancel",
      entityType: "order",
      entityId: attempt.orderId,
      after: { attemptId: attempt.id },
    });
    const [order] = await tx
      .select({ status: orders.status })
      .from(orders)
      .where(eq(orders.id, attempt.orderId));
    await publishEvent(tx, {
      merchantId,
      orderId: attempt.orderId,
      token: attempt.token,
      orderStatus: order!.status,
      attemptStatus: "cancelled",
    });
  });
}

async function lockAttempt(tx: Tx, where: ReturnType<typeof eq>, merchantId?: string) {
  const [attempt] = await tx
    .select()
    .from(paymentAttempts)
    .where(and(where, merchantId ? eq(paymentAttempts.merchantId, merchantId) : undefined))
    .for("update");
  if (!attempt) throw new DomainError("NOT_FOUND", "attemptNotFound", "Payment request not found");
  return attempt;
}

/**
 * Marks an attempt succeeded and, unless another attempt already paid the order, the order
 * paid — with the fee charged under the method's rule of this moment, the audit rows, the
 * outbox message and the live event, all in the caller's transaction.
 */
async function succeed(
  tx: Tx,
  actor: Actor,
  attempt: AttemptRow,
  order: OrderRow,
  details: {
    providerTxnId: string | null;
    at: Date;
    cash?: { tenderedMinor: bigint; changeMinor: bigint };
  },
) {
  assertAttemptTransition(attempt.status, "succeeded");
  const [method] = await tx
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.id, attempt.methodId));
  const feeMinor = computeFee(attempt.amountMinor, {
    rateBps: method!.feeRateBps,
    fixedMinor: method!.feeFixedMinor,
    minMinor: method!.feeMinMinor,
    maxMinor: method!.feeMaxMinor,
  });
  // The order was already paid by another attempt (money moved twice), or was closed
  // (cancelled, expired) before this late success: keep the truth, raise an alert to refund.
  const isDuplicate = order.status !== "pending";
  await tx
    .update(paymentAttempts)
    .set({
      status: "succeeded",
      feeMinor,
      providerTxnId: details.providerTxnId,
      succeededAt: details.at,
      isDuplicate,
      cashTenderedMinor: details.cash?.tenderedMinor ?? null,
      changeMinor: details.cash?.changeMinor ?? null,
      failureCode: null,
      failureMessage: null,
      failureReason: null,
      updatedAt: new Date(),
    })
    .where(eq(paymentAttempts.id, attempt.id));
  await recordAudit(tx, actor, {
    merchantId: order.merchantId,
    action: isDuplicate ? "attempt.duplicate_success" : "attempt.succeed",
    entityType: "order",
    entityId: order.id,
    after: {
      attemptId: attempt.id,
      providerTxnId: details.providerTxnId,
      amountMinor: attempt.amountMinor,
      feeMinor,
      ...details.cash,
    },
  });
  await bumpRollups(tx, attempt.id, attempt);

  let orderStatus = order.status;
  if (isDuplicate) {
    await tx.insert(alerts).values({
      merchantId: order.merchantId,
      kind:
        order.status === "cancelled" || order.status === "expired"
          ? "payment_on_closed_order"
          : "duplicate_payment",
      entityType: "order",
      entityId: order.id,
      details: {
        attemptId: attempt.id,
        amountMinor: attempt.amountMinor.toString(),
        currency: attempt.currency,
      },
    });
  } else {
    assertOrderTransition(order.status, "paid");
    orderStatus = "paid";
    await tx
      .update(orders)
      .set({ status: "paid", paidAt: details.at, updatedAt: new Date() })
      .where(eq(orders.id, order.id));
    await cancelOpenAttempts(tx, actor, { ...order, status: "paid" }, attempt.id);
    // The voucher first: the success e-mail queued when marking recovery links its receipt.
    await issueVoucherForOrder(tx, actor, order, details.at);
    await markOrderRecovered(tx, order.id, attempt, details.at);
    await recordAudit(tx, actor, {
      merchantId: order.merchantId,
      action: "order.paid",
      entityType: "order",
      entityId: order.id,
      before: { status: order.status },
      after: { status: "paid" },
    });
    await tx.insert(outbox).values({
      merchantId: order.merchantId,
      topic: "payment.succeeded",
      payload: {
        orderId: order.id,
        attemptId: attempt.id,
        amountMinor: attempt.amountMinor.toString(),
        currency: attempt.currency,
      },
    });
  }
  await publishEvent(tx, {
    merchantId: order.merchantId,
    orderId: order.id,
    token: attempt.token,
    orderStatus,
    attemptStatus: "succeeded",
  });
}

async function fail(
  tx: Tx,
  actor: Actor,
  attempt: AttemptRow,
  order: OrderRow,
  failure: {
    status: "failed" | "expired";
    code: string | null;
    message: string | null;
    reason: FailureReason;
  },
) {
  await tx
    .update(paymentAttempts)
    .set({
      status: failure.status,
      failureCode: failure.code,
      failureMessage: failure.message,
      failureReason: failure.reason,
      updatedAt: new Date(),
    })
    .where(eq(paymentAttempts.id, attempt.id));
  await recordAttemptFailures(tx, [attempt.id]);
  await recordAudit(tx, actor, {
    merchantId: order.merchantId,
    action: failure.status === "expired" ? "attempt.expire" : "attempt.fail",
    entityType: "order",
    entityId: order.id,
    after: {
      attemptId: attempt.id,
      reason: failure.reason,
      code: failure.code,
      message: failure.message,
    },
  });
  await bumpRollups(tx, attempt.id, attempt);
  await publishEvent(tx, {
    merchantId: order.merchantId,
    orderId: order.id,
    token: attempt.token,
    orderStatus: order.status,
    attemptStatus: failure.status,
  });
}

/** Cash: the cashier enters what the customer handed over; the attempt succeeds at once. */
export async function payCash(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: { orderId: string; methodId: string; tenderedMinor: bigint },
) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, merchantId, input.orderId);
    requirePending(order);
    const method = await loadMethodForOrder(tx, order, input.methodId);
    if (method.kind !== "cash")
      throw new DomainError("INVALID_STATE", "notCash", "This method is not cash");
    if (input.tenderedMinor < order.amountMinor) {
      throw new DomainError(
        "VALIDATION",
        "tenderTooLow",
        "The cash handed over is less than the amount due",
      );
    }
    await cancelOpenAttempts(tx, actor, order, null);
    const attempt = await insertAttempt(tx, actor, order, method);
    const changeMinor = input.tenderedMinor - order.amountMinor;
    await succeed(tx, actor, attempt, order, {
      providerTxnId: null,
      at: new Date(),
      cash: { tenderedMinor: input.tenderedMinor, changeMinor },
    });
    return { attemptId: attempt.id, changeMinor };
  });
}

export type ApplyResult =
  | { outcome: "applied" }
  | { outcome: "ignored"; detail: string }
  | { outcome: "mismatch"; detail: string };

/**
 * Applies a verified provider event to its attempt, in the caller's transaction. The order
 * and then the attempt are locked, so two deliveries of one event (or two events of one
 * payment) apply one after the other and the second finds the work done. Order first, as
 * every other writer does (createAttempt, payCash, cancelOrder lock the order, then update
 * its attempts): locking the attempt first deadlocked against a new payment request.
 */
export async function applyProviderEvent(
  tx: Tx,
  methodId: string,
  event: NormalizedEvent,
  actor: Actor,
): Promise<ApplyResult & { attemptId: string | null }> {
  // An attempt never changes order, so finding its order needs no lock.
  const [found] = await tx
    .select({ id: paymentAttempts.id, orderId: paymentAttempts.orderId })
    .from(paymentAttempts)
    .where(
      and(eq(paymentAttempts.token, event.attemptToken), eq(paymentAttempts.methodId, methodId)),
    );
  if (!found)
    return {
      outcome: "ignored",
      detail: "no payment request with this reference for this method",
      attemptId: null,
    };
  const [order] = await tx.select().from(orders).where(eq(orders.id, found.orderId)).for("update");
  const [attempt] = await tx
    .select()
    .from(paymentAttempts)
    .where(eq(paymentAttempts.id, found.id))
    .for("update");
  const result = await applyToAttempt(tx, attempt!, order!, event, actor);
  return { ...result, attemptId: found.id };
}

async function applyToAttempt(
  tx: Tx,
  attempt: AttemptRow,
  order: OrderRow,
  event: NormalizedEvent,
  actor: Actor,
): Promise<ApplyResult> {
  if (event.outcome === "pending") {
    if (attempt.status !== "created")
      return { outcome: "ignored", detail: `already ${attempt.status}` };
    await tx
      .update(paymentAttempts)
      .set({ status: "pending", updatedAt: new Date() })
      .where(eq(paymentAttempts.id, attempt.id));
    await publishEvent(tx, {
      merchantId: order.merchantId,
      orderId: order.id,
      token: attempt.token,
      orderStatus: order.status,
      attemptStatus: "pending",
    });
    return { outcome: "applied" };
  }

  if (event.outcome === "succeeded") {
    // A repeat of a success already applied (even one claiming another amount) changes nothing.
    if (attempt.status === "succeeded") return { outcome: "ignored", detail: "already succeeded" };
    if (event.amountMinor !== attempt.amountMinor || event.currency !== attempt.currency) {
      // Never paid on a wrong amount: flag the attempt, alert, change no status.
      await tx
        .update(paymentAttempts)
        .set({ amountMismatch: true, updatedAt: new Date() })
        .where(eq(paymentAttempts.id, attempt.id));
      const details = {
        attemptId: attempt.id,
        expected: `${attempt.amountMinor} ${attempt.currency}`,
        received: `${event.amountMinor} ${event.currency}`,
        providerTxnId: event.providerTxnId,
      };
      await tx.insert(alerts).values({
        merchantId: order.merchantId,
        kind: "amount_mismatch",
        entityType: "order",
        entityId: order.id,
        details,
      });
      await recordAudit(tx, actor, {
        merchantId: order.merchantId,
        action: "attempt.amount_mismatch",
        entityType: "order",
        entityId: order.id,
        after: details,
      });
      return {
        outcome: "mismatch",
        detail: `expected ${details.expected}, notified ${details.received}`,
      };
    }
    if (!canTransitionAttempt(attempt.status, "succeeded"))
      return { outcome: "ignored", detail: `cannot succeed from ${attempt.status}` };
    await succeed(tx, actor, attempt, order, {
      providerTxnId: event.providerTxnId,
      at: event.occurredAt,
    });
    return { outcome: "applied" };
  }

  // A failure: only an open attempt can fail. After a success it is out of order and changes nothing.
  if (!isOpenAttempt(attempt.status))
    return { outcome: "ignored", detail: `out of order: attempt already ${attempt.status}` };
  await fail(tx, actor, attempt, order, {
    status: "failed",
    code: event.failureCode,
    message: event.failureMessage,
    reason: event.failureReason ?? "unknown",
  });
  return { outcome: "applied" };
}

/**
 * The expiry job: moves overdue open attempts to expired, a batch at a time, then closes
 * pending orders past their lifetime with nothing open (order-expiry.service.ts, one order
 * per transaction). Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of app
 * instances may run this at once and each attempt and order is expired exactly once.
 */
export async function expireOverdue(
  db: Db,
  now = new Date(),
  batch = 200,
): Promise<{ attempts: number; orders: number }> {
  const attempts = await db.transaction(async (tx) => {
    const claimed = await tx
      .select()
      .from(paymentAttempts)
      .where(
        and(
          inArray(paymentAttempts.status, ["created", "pending"]),
          sql`${paymentAttempts.expiresAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(asc(paymentAttempts.expiresAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const attempt of claimed) {
      const [order] = await tx.select().from(orders).where(eq(orders.id, attempt.orderId));
      await fail(tx, systemActor, attempt, order!, {
        status: "expired",
        code: null,
        message: null,
        reason: "expired",
      });
    }
    return claimed.length;
  });
  return { attempts, orders: await expireStaleOrders(db, now, batch) };
}

/**
 * What the customer's pay page shows for a token (`view`: nothing internal, no ids but the
 * methods' to switch to), and the order it belongs to (`orderId`, for the server only).
 */
export async function loadPayView(db: DbOrTx, token: string, sandboxEverywhere = false) {
  const [row] = await db
    .select({
      token: paymentAttempts.token,
      status: paymentAttempts.status,
      amountMinor: paymentAttempts.amountMinor,
      currency: paymentAttempts.currency,
      methodId: paymentAttempts.methodId,
      methodKind: paymentAttempts.methodKind,
      methodLabel: paymentMethods.label,
      failureReason: paymentAttempts.failureReason,
      expiresAt: paymentAttempts.expiresAt,
      succeededAt: paymentAttempts.succeededAt,
      orderId: paymentAttempts.orderId,
      orderNumber: orders.number,
      orderStatus: orders.status,
      merchantId: orders.merchantId,
      merchantName: merchants.name,
      merchantLocale: merchants.locale,
      timeZone: merchants.timeZone,
      storeName: stores.name,
      /** The provider's QR content and payment page, when the wallet gave them. */
      providerQr: providerRequests.qrContent,
      providerUrl: providerRequests.redirectUrl,
      // The receipt / e-voucher, for the attempt that paid the order (never a duplicate's page).
      voucherCode: sql<
        string | null
      >`(select ${vouchers.code} from ${vouchers} where ${vouchers.orderId} = ${orders.id} and ${paymentAttempts.status} = 'succeeded' and not ${paymentAttempts.isDuplicate})`,
    })
    .from(paymentAttempts)
    .leftJoin(providerRequests, eq(providerRequests.attemptId, paymentAttempts.id))
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
    .where(eq(paymentAttempts.token, token));
  if (!row)
    throw new DomainError("NOT_FOUND", "payLinkNotFound", "This payment link does not exist");
  const { orderId, merchantId, ...view } = row;
  // Methods the customer may switch to after a failure (cash is paid at the counter), of
  // those offered now: connected and checked, never a sandbox wallet out of place.
  const offered =
    row.orderStatus === "pending"
      ? await offeredMethodIds(db, merchantId, sandboxEverywhere)
      : new Set<string>();
  const alternatives =
    row.orderStatus === "pending"
      ? await db
          .select({ id: paymentMethods.id, label: paymentMethods.label, kind: paymentMethods.kind })
          .from(paymentMethods)
          .where(
            and(
              eq(paymentMethods.merchantId, merchantId),
              eq(paymentMethods.enabled, true),
              ne(paymentMethods.kind, "cash"),
              sql`${row.currency} = any(${paymentMethods.currencies})`,
            ),
          )
          .orderBy(asc(paymentMethods.createdAt))
          .then((all) => all.filter((m) => offered.has(m.id)))
      : [];
  return { orderId, view: { ...view, alternatives } };
}

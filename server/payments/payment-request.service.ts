import { and, eq, gt, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { orders, paymentAttempts } from "@/db/schema";
import type { Db, Tx } from "@/db/types";
import type { Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { transitionAttempt } from "./attempt-transition.service";
import { insertAttempt, loadMethodForOrder, requirePending } from "./new-attempt.service";
import { cancelOpenAttempts } from "./open-attempts.service";
import { lockOrder } from "./order-lock.service";
import { partAmount } from "./parts.logic";
import { paidSoFar } from "./parts.service";
import { openAttemptStatuses } from "./state.logic";
import { withProviderRequest, type ProviderDeps } from "./provider-request.service";
import { one } from "@/db/one";
import { holdDiscounts, pricePart } from "@/server/promotions/promotion-hold.service";

/**
 * A payment request (pay link + QR) for an order and a wallet method, for the whole amount
 * still due or a part of it; replaces open ones (parts.logic.ts). The method's connector is
 * then asked for the provider's QR content or link.
 */
export async function createAttempt(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: { orderId: string; methodId: string; amountMinor?: bigint | undefined },
  providers: ProviderDeps,
) {
  const attempt = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, merchantId, input.orderId);
    requirePending(order);
    const method = await loadMethodForOrder(tx, order, input.methodId, providers.sandboxEverywhere);
    if (method.kind === "cash")
      throw new DomainError("INVALID_STATE", "cashAtCounter", "Cash is taken at the counter");
    const paid = await paidSoFar(tx, order.id);
    const amountMinor = partAmount(order, paid, input.amountMinor);
    await cancelOpenAttempts(tx, actor, order, null);
    return insertPricedAttempt(tx, actor, order, method, amountMinor, paid);
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
    await refuseOverCounterRequest(tx, order.id, previous.id);
    // The same part again, for the same amount before any discount (re-priced for the new
    // method below); refused if other parts paid it meanwhile.
    const paid = await paidSoFar(tx, order.id);
    const amountMinor = partAmount(order, paid, previous.amountMinor + previous.discountMinor);
    await cancelOpenAttempts(tx, actor, order, null);
    return insertPricedAttempt(tx, actor, order, method, amountMinor, paid);
  });
  return withProviderRequest(db, actor, attempt, providers);
}

/**
 * The request for `partMinor` priced under the merchant's promotions for its method: the
 * provider is asked for the discounted amount and the discount lines are reserved with it.
 * Runs after the replaced requests were cancelled, which gave their lines back: switching
 * method re-prices from scratch, never stacking the old method's promotion on the new one.
 */
async function insertPricedAttempt(
  tx: Tx,
  actor: Actor,
  order: Awaited<ReturnType<typeof lockOrder>>,
  method: Awaited<ReturnType<typeof loadMethodForOrder>>,
  partMinor: bigint,
  paidMinor: bigint,
) {
  const pricing = await pricePart(tx, order, method, partMinor, paidMinor);
  const attempt = await insertAttempt(
    tx,
    actor,
    order,
    method,
    pricing.toPayMinor,
    pricing.discountMinor,
  );
  await holdDiscounts(tx, attempt, order, pricing);
  return attempt;
}

/**
 * A request the cashier opened and that is still running belongs to the counter: whoever
 * holds an old pay link of the order must not cancel it under the customer paying there.
 * The customer on that very request's page may give it up for another method (its card
 * form could not load, say): they are the one paying there.
 */
async function refuseOverCounterRequest(tx: Tx, orderId: string, fromAttemptId: string) {
  const [counterRequest] = await tx
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.orderId, orderId),
        ne(paymentAttempts.id, fromAttemptId),
        inArray(paymentAttempts.status, [...openAttemptStatuses]),
        isNotNull(paymentAttempts.createdBy),
        gt(paymentAttempts.expiresAt, new Date()),
      ),
    )
    .limit(1);
  if (counterRequest) {
    throw new DomainError(
      "CONFLICT",
      "counterRequestOpen",
      "The cashier's payment request for this order is still open",
    );
  }
}

/** Payment requests an order may gather before the pay page's retry is refused. */
export const maxCustomerAttemptsPerOrder = 20;

export async function cancelAttempt(db: Db, actor: Actor, merchantId: string, attemptId: string) {
  return db.transaction(async (tx) => {
    const attempt = await lockAttempt(tx, eq(paymentAttempts.id, attemptId), merchantId);
    await transitionAttempt(tx, actor, attempt, "cancelled", {
      order: async () => {
        const order = one(
          await tx
            .select({ status: orders.status })
            .from(orders)
            .where(eq(orders.id, attempt.orderId)),
          "order",
        );
        return order.status;
      },
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

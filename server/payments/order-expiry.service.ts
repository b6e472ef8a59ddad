import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alerts, orders, paymentAttempts } from "@/db/schema";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import type { Db, Tx } from "@/db/types";
import { systemActor, type Actor } from "@/server/audit/audit.service";
import type { CloseStaleOrdersInput } from "./order.schema";
import { transitionOrder, type OrderRow } from "./order-transition.service";
import { paidSoFar } from "./parts.service";
import { openAttemptStatuses, orderStatusesInto } from "./state.logic";

/**
 * An order's lifetime: a pending order is closed as expired once it is this old and none of
 * its payment requests is still open (each request has its own, shorter deadline: the
 * method's request TTL, 15 minutes by default). 24 hours covers a customer who leaves a
 * pay link open overnight; the seeded history assumes the same (server/demo/history.logic.ts).
 */
export const orderLifetimeMs = 24 * 60 * 60 * 1000;

/** No payment request of the order is still open (the customer could still be paying). */
const nothingOpen = sql`not exists (select 1 from ${paymentAttempts} where ${paymentAttempts.orderId} = ${orders.id} and ${inArray(paymentAttempts.status, [...openAttemptStatuses])})`;

/**
 * No part of the order is paid. An order with paid parts is never expired by a job or a bulk
 * close: expiring it would keep the customer's money without a word, and refunding it
 * unasked would give money back that the customer may still be about to complete at the
 * counter. A person decides — finishes it, or cancels it, which refunds the parts — and the
 * job raises an alert so someone does (flagStalePartPaidOrders).
 */
const nothingPaid = sql`not exists (select 1 from ${paymentAttempts} where ${paymentAttempts.orderId} = ${orders.id} and ${paymentAttempts.status} = 'succeeded' and not ${paymentAttempts.isDuplicate})`;

const createdBefore = (at: Date) => sql`${orders.createdAt} <= ${at.toISOString()}::timestamptz`;

/**
 * The order's transition to expired, in the caller's transaction (which holds the order's
 * row lock), through transitionOrder, the audit row saying who closed it. Expiry counts nothing in the roll-ups: they count
 * attempt outcomes, and each attempt's expiry was counted when it happened. An expired order
 * can still take a late success on one of its attempts (payment-outcome.service.ts, succeedAttempt): the
 * order stays expired and the payment raises a payment_on_closed_order alert.
 */
export async function expireOrder(
  tx: Tx,
  actor: Actor,
  order: OrderRow,
  how: { by: "job" | "bulk_close" },
): Promise<boolean> {
  const expired = await transitionOrder(tx, actor, order, "expired", { audit: { by: how.by } });
  return expired !== null;
}

/** Claims one order matching `where` that nobody else holds (FOR UPDATE SKIP LOCKED). */
async function claimOne(tx: Tx, where: SQL | undefined) {
  const [order] = await tx
    .select()
    .from(orders)
    .where(
      and(inArray(orders.status, orderStatusesInto("expired")), nothingOpen, nothingPaid, where),
    )
    .orderBy(asc(orders.createdAt))
    .limit(1)
    .for("update", { skipLocked: true });
  return order;
}

/**
 * The expiry job's part for orders: closes pending orders past their lifetime with no open
 * request, one order per transaction (short: one order's row and its merchant's audit chain
 * are held for the time of one UPDATE), any number of app instances at once.
 */
export async function expireStaleOrders(db: Db, now = new Date(), batch = 200): Promise<number> {
  const cutoff = new Date(now.getTime() - orderLifetimeMs);
  let closed = 0;
  for (let i = 0; i < batch; i++) {
    const done = await db.transaction(async (tx) => {
      const order = await claimOne(tx, createdBefore(cutoff));
      return order ? expireOrder(tx, systemActor, order, { by: "job" }) : null;
    });
    if (done === null) break;
    if (done) closed++;
  }
  await flagStalePartPaidOrders(db, cutoff, batch);
  return closed;
}

/**
 * Orders past their lifetime with paid parts, no open request and no alert about it yet:
 * one part_paid_order_stale alert each, for a person to finish or cancel them (see
 * nothingPaid). Claimed like the expiry (SKIP LOCKED), one order per transaction.
 */
export async function flagStalePartPaidOrders(db: Db, cutoff: Date, batch: number) {
  const flagged = sql`exists (select 1 from ${alerts} where ${alerts.merchantId} = ${orders.merchantId} and ${alerts.kind} = 'part_paid_order_stale' and ${alerts.entityId} = ${orders.id}::text)`;
  for (let i = 0; i < batch; i++) {
    const done = await db.transaction(async (tx) => {
      const [order] = await tx
        .select()
        .from(orders)
        .where(
          and(
            inArray(orders.status, orderStatusesInto("expired")),
            createdBefore(cutoff),
            nothingOpen,
            sql`not (${nothingPaid})`,
            sql`not (${flagged})`,
          ),
        )
        .orderBy(asc(orders.createdAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!order) return false;
      await raiseAlert(tx, {
        merchantId: order.merchantId,
        kind: "part_paid_order_stale",
        entityType: "order",
        entityId: order.id,
        details: {
          orderNumber: order.number,
          amountMinor: order.amountMinor.toString(),
          paidMinor: (await paidSoFar(tx, order.id)).toString(),
          currency: order.currency,
        },
      });
      return true;
    });
    if (!done) break;
  }
}

/** At most this many orders per bulk close ("all pending older than N" on a large backlog). */
export const bulkCloseLimit = 2000;

/**
 * A manager closes stale pending orders as expired before their lifetime is up: the chosen
 * ones, or all pending orders older than N hours. Only pending orders with no open payment
 * request are closed (a customer may be paying the others right now); each order is closed
 * in its own transaction with its own audit row naming the manager. The role is checked by
 * the router (owner, manager); the merchant comes from the session.
 */
export async function closeStaleOrders(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: CloseStaleOrdersInput,
): Promise<{ closed: number; skipped: number }> {
  const mine = eq(orders.merchantId, merchantId);
  let closed = 0;
  if ("orderIds" in input) {
    const ids = [...new Set(input.orderIds)];
    for (const id of ids) {
      const done = await db.transaction(async (tx) => {
        const order = await claimOne(tx, and(mine, eq(orders.id, id)));
        return order ? expireOrder(tx, actor, order, { by: "bulk_close" }) : false;
      });
      if (done) closed++;
    }
    return { closed, skipped: ids.length - closed };
  }
  const cutoff = new Date(Date.now() - input.olderThanHours * 3_600_000);
  const where = and(mine, createdBefore(cutoff));
  for (let i = 0; i < bulkCloseLimit; i++) {
    const done = await db.transaction(async (tx) => {
      const order = await claimOne(tx, where);
      return order ? expireOrder(tx, actor, order, { by: "bulk_close" }) : null;
    });
    if (done === null) break;
    if (done) closed++;
  }
  // Left pending: a request still open, or another transaction holding the order.
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(where, inArray(orders.status, orderStatusesInto("expired"))));
  return { closed, skipped: Number(left?.n ?? 0) };
}

/** How many orders "close all pending older than N hours" would close now (the confirmation). */
export async function countStaleOrders(
  db: Db,
  merchantId: string,
  olderThanHours: number,
): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanHours * 3_600_000);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(
      and(
        eq(orders.merchantId, merchantId),
        inArray(orders.status, orderStatusesInto("expired")),
        createdBefore(cutoff),
        nothingOpen,
        nothingPaid,
      ),
    );
  return Number(row?.n ?? 0);
}

import { and, asc, inArray, eq, sql } from "drizzle-orm";
import { orders, paymentAttempts } from "@/db/schema";
import type { Db } from "@/db/types";
import { systemActor } from "@/server/audit/audit.service";
import { transitionOrder } from "./order-transition.service";
import { failAttempt } from "./payment-outcome.service";
import { attemptStatusesInto, openAttemptStatuses, orderStatusesInto } from "./state.logic";

/** Orders left pending this long with nothing open are closed as expired. */
export const orderTtlMs = 24 * 60 * 60 * 1000;

/**
 * Moves overdue open attempts to expired (and stale pending orders to expired), a batch at a
 * time. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of app instances may run
 * this at once and each attempt is expired exactly once.
 */
export async function expireOverdue(
  db: Db,
  now = new Date(),
  batch = 200,
): Promise<{ attempts: number; orders: number }> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .select()
      .from(paymentAttempts)
      .where(
        and(
          inArray(paymentAttempts.status, attemptStatusesInto("expired")),
          sql`${paymentAttempts.expiresAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(asc(paymentAttempts.expiresAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const attempt of claimed) {
      const [order] = await tx.select().from(orders).where(eq(orders.id, attempt.orderId));
      await failAttempt(tx, systemActor, attempt, order!, {
        status: "expired",
        code: null,
        message: null,
        reason: "expired",
      });
    }

    const staleOrders = await tx
      .select()
      .from(orders)
      .where(
        and(
          inArray(orders.status, orderStatusesInto("expired")),
          sql`${orders.createdAt} <= ${new Date(now.getTime() - orderTtlMs).toISOString()}::timestamptz`,
          sql`not exists (select 1 from ${paymentAttempts} where ${paymentAttempts.orderId} = ${orders.id} and ${inArray(paymentAttempts.status, openAttemptStatuses)})`,
        ),
      )
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const order of staleOrders) await transitionOrder(tx, systemActor, order, "expired");
    return { attempts: claimed.length, orders: staleOrders.length };
  });
}

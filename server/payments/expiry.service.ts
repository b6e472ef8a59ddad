import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { orders, paymentAttempts } from "@/db/schema";
import type { Db } from "@/db/types";
import { systemActor } from "@/server/audit/audit.service";
import { expireStaleOrders } from "./order-expiry.service";
import { failAttempt } from "./payment-outcome.service";
import { attemptStatusesInto } from "./state.logic";
import { one } from "@/db/one";

/**
 * The expiry job: moves overdue open attempts to expired, then closes pending orders past
 * their lifetime with nothing open (order-expiry.service.ts), up to `batch` of each. One attempt
 * per transaction, claimed with FOR UPDATE SKIP LOCKED: a transaction holds one attempt, its
 * order and its merchant's audit chain (the last, for the commit only), never many merchants'
 * at once, so a backlog after an outage does not hold up the notifications arriving meanwhile;
 * and any number of app instances may run this at once, each attempt expired exactly once.
 */
export async function expireOverdue(
  db: Db,
  now = new Date(),
  batch = 200,
): Promise<{ attempts: number; orders: number }> {
  let attempts = 0;
  for (; attempts < batch; attempts++) {
    const expired = await db.transaction(async (tx) => {
      const [attempt] = await tx
        .select()
        .from(paymentAttempts)
        .where(
          and(
            inArray(paymentAttempts.status, attemptStatusesInto("expired")),
            sql`${paymentAttempts.expiresAt} <= ${now.toISOString()}::timestamptz`,
          ),
        )
        .orderBy(asc(paymentAttempts.expiresAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!attempt) return false;
      const order = one(
        await tx.select().from(orders).where(eq(orders.id, attempt.orderId)),
        "order",
      );
      await failAttempt(tx, systemActor, attempt, order, {
        status: "expired",
        code: null,
        message: null,
        reason: "expired",
      });
      return true;
    });
    if (!expired) break;
  }
  return { attempts, orders: await expireStaleOrders(db, now, batch) };
}

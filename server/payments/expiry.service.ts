import { and, asc, inArray, sql } from "drizzle-orm";
import { orders, paymentAttempts } from "@/db/schema";
import type { Db } from "@/db/types";
import { systemActor } from "@/server/audit/audit.service";
import { expireStaleOrders } from "./order-expiry.service";
import { failAttempt } from "./payment-outcome.service";
import { attemptStatusesInto, type OrderStatus } from "./state.logic";

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
      // The attempt claimed and its order's status (for the live event) read by one
      // statement; only the attempt's row is locked, the order's is not.
      const [claimed] = await tx
        .select({
          attempt: paymentAttempts,
          orderStatus: sql<OrderStatus>`(select ${orders.status} from ${orders} where ${orders.id} = ${paymentAttempts.orderId})`,
        })
        .from(paymentAttempts)
        .where(
          and(
            inArray(paymentAttempts.status, attemptStatusesInto("expired")),
            sql`${paymentAttempts.expiresAt} <= ${now.toISOString()}::timestamptz`,
          ),
        )
        .orderBy(asc(paymentAttempts.expiresAt))
        .limit(1)
        .for("update", { of: paymentAttempts, skipLocked: true });
      if (!claimed) return false;
      await failAttempt(
        tx,
        systemActor,
        claimed.attempt,
        { status: claimed.orderStatus },
        {
          status: "expired",
          code: null,
          message: null,
          reason: "expired",
        },
      );
      return true;
    });
    if (!expired) break;
  }
  return { attempts, orders: await expireStaleOrders(db, now, batch) };
}

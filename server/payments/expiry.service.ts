import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { orders, paymentAttempts } from "@/db/schema";
import type { Db } from "@/db/types";
import { systemActor } from "@/server/audit/audit.service";
import { expireStaleOrders } from "./order-expiry.service";
import { failAttempt } from "./payment-outcome.service";
import { attemptStatusesInto } from "./state.logic";
import { one } from "@/db/one";

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
          inArray(paymentAttempts.status, attemptStatusesInto("expired")),
          sql`${paymentAttempts.expiresAt} <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(asc(paymentAttempts.expiresAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const attempt of claimed) {
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
    }
    return claimed.length;
  });
  return { attempts, orders: await expireStaleOrders(db, now, batch) };
}

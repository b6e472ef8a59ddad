import { and, eq, sql } from "drizzle-orm";
import { paymentAttempts } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { one } from "@/db/one";

/**
 * What the order's parts have paid so far: its non-duplicate succeeded attempts. Read under
 * the order's lock (every writer of a part's success holds it), so the sum stays exact.
 */
export async function paidSoFar(db: DbOrTx, orderId: string): Promise<bigint> {
  const row = one(
    await db
      .select({ sum: sql<string>`coalesce(sum(${paymentAttempts.amountMinor}), 0)::text` })
      .from(paymentAttempts)
      .where(
        and(
          eq(paymentAttempts.orderId, orderId),
          eq(paymentAttempts.status, "succeeded"),
          eq(paymentAttempts.isDuplicate, false),
        ),
      ),
    "sum",
  );
  return BigInt(row.sum);
}

import { and, eq, sql, type SQL } from "drizzle-orm";
import { paymentAttempts } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { one } from "@/db/one";
import {
  statementTemplate,
  type Placeholders,
  type ValueOrPlaceholder,
} from "@/db/statement-template";

/** The order's parts that count: its non-duplicate succeeded attempts. */
const paidParts = (orderId: ValueOrPlaceholder<string> | SQL) =>
  and(
    eq(paymentAttempts.orderId, orderId),
    eq(paymentAttempts.status, "succeeded"),
    eq(paymentAttempts.isDuplicate, false),
  );

/** A paid part's cover of the order: what it was paid plus its promotions' discount. */
const cover = sql`${paymentAttempts.amountMinor} + ${paymentAttempts.discountMinor}`;

async function sumOfPaidParts(db: DbOrTx, orderId: string, figure: SQL): Promise<bigint> {
  const row = one(
    await db
      .select({ sum: sql<string>`coalesce(sum(${figure}), 0)::text` })
      .from(paymentAttempts)
      .where(paidParts(orderId)),
    "sum",
  );
  return BigInt(row.sum);
}

/**
 * What the order's parts have covered so far: its non-duplicate succeeded attempts, each with
 * the promotions' discount on it (the customer paid less, the order is still covered). Read
 * under the order's lock (every writer of a part's success holds it), so the sum stays exact.
 */
export async function paidSoFar(db: DbOrTx, orderId: string): Promise<bigint> {
  return BigInt(one(await paidSoFarRead(db, { orderId }), "sum").sum);
}

// Read on every payment request: a template (db/statement-template.ts).
const paidSoFarRead = statementTemplate("paid_so_far", (db, v: Placeholders<{ orderId: string }>) =>
  db.select({ sum: paidSoFarSql(v.orderId) }).from(sql`(select 1) as one`),
);

/**
 * paidSoFar as an expression (its text), for a statement that reads it beside other things:
 * the success path reads it with the method's fee rule.
 */
export function paidSoFarSql(orderId: ValueOrPlaceholder<string> | SQL) {
  return sql<string>`(select coalesce(sum(${cover}), 0)::text from ${paymentAttempts} where ${paidParts(orderId)})`;
}

/** The promotions' discounts on the order's paid parts: what the customer did not pay of it. */
export function discountSoFar(db: DbOrTx, orderId: string): Promise<bigint> {
  return sumOfPaidParts(db, orderId, sql`${paymentAttempts.discountMinor}`);
}

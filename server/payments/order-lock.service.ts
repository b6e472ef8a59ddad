import { and, eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { Tx } from "@/db/types";
import { statementTemplate, type Placeholders } from "@/db/statement-template";
import { DomainError } from "@/server/errors";

// Every payment request, cash payment and cancellation starts here: a template
// (db/statement-template.ts).
const lockOrderRow = statementTemplate(
  "lock_order",
  (db, v: Placeholders<{ orderId: string; merchantId: string }>) =>
    db
      .select()
      .from(orders)
      .where(and(eq(orders.id, v.orderId), eq(orders.merchantId, v.merchantId)))
      .for("update"),
);

/** Locks one of the merchant's orders for the rest of the transaction. */
export async function lockOrder(tx: Tx, merchantId: string, orderId: string) {
  const [order] = await lockOrderRow(tx, { orderId, merchantId });
  if (!order) throw new DomainError("NOT_FOUND", "orderNotFound", "Order not found");
  return order;
}

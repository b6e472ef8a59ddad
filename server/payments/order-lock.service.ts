import { and, eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { Tx } from "@/db/types";
import { DomainError } from "@/server/errors";

/** Locks one of the merchant's orders for the rest of the transaction. */
export async function lockOrder(tx: Tx, merchantId: string, orderId: string) {
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.merchantId, merchantId)))
    .for("update");
  if (!order) throw new DomainError("NOT_FOUND", "orderNotFound", "Order not found");
  return order;
}

import { eq } from "drizzle-orm";
import { orders } from "@/db/schema";
import type { Db } from "@/db/types";

/**
 * The order's customer left an e-mail address: its payment queues one success e-mail in the
 * outbox, which the tests count to see that the order was paid exactly once.
 */
export async function giveCustomerEmail(db: Db, orderId: string, email = "buyer@example.com") {
  await db.update(orders).set({ customerContact: email }).where(eq(orders.id, orderId));
}

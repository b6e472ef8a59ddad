import { and, eq } from "drizzle-orm";
import { stores } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { DomainError } from "@/server/errors";

/**
 * An export filtered on a store of another shop (or a deleted one) is a 404 rather than an
 * empty file that looks like "nothing happened there".
 */
export async function assertShopStore(
  db: DbOrTx,
  merchantId: string,
  storeId: string | null | undefined,
): Promise<void> {
  if (!storeId) return;
  const [store] = await db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.id, storeId), eq(stores.merchantId, merchantId)));
  if (!store) throw new DomainError("NOT_FOUND", "storeNotFound", "Store not found");
}

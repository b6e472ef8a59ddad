import { and, eq } from "drizzle-orm";
import { vouchers } from "@/db/schema";
import type { DbOrTx } from "@/db/types";

/** The voucher an order got when it was paid (null before), for the order detail. */
export async function getOrderVoucher(db: DbOrTx, merchantId: string, orderId: string) {
  const [voucher] = await db
    .select({
      id: vouchers.id,
      code: vouchers.code,
      status: vouchers.status,
      usesTotal: vouchers.usesTotal,
      usesLeft: vouchers.usesLeft,
      expiresAt: vouchers.expiresAt,
      storeOnly: vouchers.storeId,
      voidReason: vouchers.voidReason,
    })
    .from(vouchers)
    .where(and(eq(vouchers.orderId, orderId), eq(vouchers.merchantId, merchantId)));
  return voucher ? { ...voucher, storeOnly: voucher.storeOnly !== null } : null;
}

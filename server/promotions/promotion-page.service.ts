import type { DbOrTx } from "@/db/types";
import { getPromotion } from "./promotion.service";
import { promotionUplift } from "./uplift.service";

/** The promotion's page: its rules and budget, and what it did (uplift.service.ts). */
export async function promotionPage(db: DbOrTx, merchantId: string, promotionId: string) {
  const promotion = await getPromotion(db, merchantId, promotionId);
  return { promotion, ...(await promotionUplift(db, merchantId, promotion)) };
}

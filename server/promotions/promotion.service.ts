import { and, eq, inArray, ne } from "drizzle-orm";
import { paymentMethods, promotions, stores } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { one } from "@/db/one";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import {
  createPromotionInput,
  listPromotionsInput,
  type CreatePromotionInput,
  type ListPromotionsInput,
} from "./promotion.schema";

export type PromotionRow = typeof promotions.$inferSelect;

/** What the audit row keeps of a promotion: its rules, not its running budget. */
function audited(p: PromotionRow) {
  const {
    reservedMinor: _r,
    spentMinor: _s,
    overBudgetMinor: _o,
    createdAt: _c,
    updatedAt: _u,
    ...rules
  } = p;
  return rules;
}

/** The merchant's own wallet methods and stores, or a NOT_FOUND naming what is not. */
async function checkOwnership(
  tx: DbOrTx,
  merchantId: string,
  methodIds: string[],
  storeIds: string[],
) {
  if (methodIds.length > 0) {
    const found = await tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(
        and(
          eq(paymentMethods.merchantId, merchantId),
          inArray(paymentMethods.id, methodIds),
          ne(paymentMethods.kind, "cash"),
        ),
      );
    if (found.length !== new Set(methodIds).size)
      throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  }
  if (storeIds.length > 0) {
    const found = await tx
      .select({ id: stores.id })
      .from(stores)
      .where(and(eq(stores.merchantId, merchantId), inArray(stores.id, storeIds)));
    if (found.length !== new Set(storeIds).size)
      throw new DomainError("NOT_FOUND", "storeNotFound", "Store not found");
  }
}

export async function createPromotion(
  db: Db,
  actor: Actor,
  merchantId: string,
  raw: CreatePromotionInput,
) {
  const input = createPromotionInput.parse(raw);
  return db.transaction(async (tx) => {
    await checkOwnership(tx, merchantId, input.methodIds, input.storeIds);
    const promotion = one(
      await tx
        .insert(promotions)
        .values({
          ...input,
          // Only the benefit's own fields: a percent promotion keeps no stray amount.
          amountOffMinor: input.benefit === "amount_off" ? input.amountOffMinor : null,
          percentOffBps: input.benefit === "percent_off" ? input.percentOffBps : null,
          capMinor: input.benefit === "percent_off" ? input.capMinor : null,
          itemName: input.benefit === "item_price" ? input.itemName : null,
          itemPriceMinor: input.benefit === "item_price" ? input.itemPriceMinor : null,
          methodIds: input.anyWallet ? [] : input.methodIds,
          merchantId,
          createdBy: actor.userId,
        })
        .returning(),
      "promotion",
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "promotion.create",
      entityType: "promotion",
      entityId: promotion.id,
      after: audited(promotion),
    });
    return promotion;
  });
}

/** Pauses or resumes a promotion: open requests keep the discount they were priced with. */
export async function setPromotionEnabled(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: { promotionId: string; enabled: boolean },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(promotions)
      .set({ enabled: input.enabled, updatedAt: new Date() })
      .where(and(eq(promotions.id, input.promotionId), eq(promotions.merchantId, merchantId)))
      .returning();
    if (!row) throw new DomainError("NOT_FOUND", "promotionNotFound", "Promotion not found");
    await recordAudit(tx, actor, {
      merchantId,
      action: input.enabled ? "promotion.resume" : "promotion.pause",
      entityType: "promotion",
      entityId: row.id,
    });
    return row;
  });
}

/** Latest start first, ties by id: the index on (merchant, starts on) bounds each page. */
const latestFirst: Keyset = {
  key: promotions.startsOn,
  id: promotions.id,
  kind: "date",
  descending: true,
};

/** One page of the merchant's promotions, latest start first (a keyset page: page N costs page 1). */
export async function listPromotions(db: DbOrTx, merchantId: string, raw: ListPromotionsInput) {
  const input = listPromotionsInput.parse(raw);
  const rows = await db
    .select()
    .from(promotions)
    .where(and(eq(promotions.merchantId, merchantId), keysetAfter(latestFirst, input.cursor)))
    .orderBy(...keysetOrderBy(latestFirst))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (p) => [p.startsOn, p.id]);
}

export async function getPromotion(db: DbOrTx, merchantId: string, promotionId: string) {
  const [row] = await db
    .select()
    .from(promotions)
    .where(and(eq(promotions.id, promotionId), eq(promotions.merchantId, merchantId)));
  if (!row) throw new DomainError("NOT_FOUND", "promotionNotFound", "Promotion not found");
  return row;
}

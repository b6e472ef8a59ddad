import { and, asc, eq, gt, or } from "drizzle-orm";
import { orders, paymentAttempts, paymentMethods, promotionHolds, stores } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { areaAccess } from "@/server/auth/roles.logic";
import { defineExport } from "@/server/exports/export-route.service";
import { money, type ExportColumn } from "@/server/exports/export.logic";
import { localDate } from "@/server/time/local-date.logic";
import { merchantShareOf } from "./pricing.logic";
import { promotionIdInput } from "./promotion.schema";
import { getPromotion } from "./promotion.service";

/** One discount line with its order and request, as the file lists it. */
async function discountPage(
  db: DbOrTx,
  merchantId: string,
  promotionId: string,
  after: { createdAt: Date; id: string } | null,
) {
  return db
    .select({
      id: promotionHolds.id,
      createdAt: promotionHolds.createdAt,
      status: promotionHolds.status,
      discountMinor: promotionHolds.amountMinor,
      orderNumber: orders.number,
      storeName: stores.name,
      methodLabel: paymentMethods.label,
      toPayMinor: paymentAttempts.amountMinor,
      requestDiscountMinor: paymentAttempts.discountMinor,
      currency: paymentAttempts.currency,
    })
    .from(promotionHolds)
    .innerJoin(orders, eq(orders.id, promotionHolds.orderId))
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, promotionHolds.attemptId))
    .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
    .where(
      and(
        eq(promotionHolds.merchantId, merchantId),
        eq(promotionHolds.promotionId, promotionId),
        after
          ? or(
              gt(promotionHolds.createdAt, after.createdAt),
              and(eq(promotionHolds.createdAt, after.createdAt), gt(promotionHolds.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(promotionHolds.createdAt), asc(promotionHolds.id))
    .limit(500);
}

type DiscountRow = Awaited<ReturnType<typeof discountPage>>[number];

async function* discountPages(db: DbOrTx, merchantId: string, promotionId: string) {
  let after: DiscountRow | null = null;
  for (;;) {
    const rows: DiscountRow[] = await discountPage(db, merchantId, promotionId, after);
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1) ?? null;
  }
}

/** A promotion's discount lines (每笔优惠): each request's original, discount and amount to pay. */
export const promotionDiscountsExport = defineExport({
  roles: areaAccess.promotions,
  query: promotionIdInput,
  async open(scope, filters) {
    const promotion = await getPromotion(scope.db, scope.merchantId, filters.promotionId);
    const { t } = scope;
    const h = (key: string) => t(`exports.promotionDiscounts.${key}`);
    const columns: ExportColumn<DiscountRow>[] = [
      { header: h("at"), value: (r) => r.createdAt },
      { header: h("orderNumber"), value: (r) => r.orderNumber },
      { header: h("store"), value: (r) => r.storeName },
      { header: h("method"), value: (r) => r.methodLabel },
      {
        header: h("original"),
        value: (r) => money(r.toPayMinor + r.requestDiscountMinor, r.currency),
      },
      { header: h("discount"), value: (r) => money(r.discountMinor, r.currency) },
      { header: h("toPay"), value: (r) => money(r.toPayMinor, r.currency) },
      {
        header: h("merchantShare"),
        value: (r) =>
          money(merchantShareOf(r.discountMinor, promotion.providerShareBps), r.currency),
      },
      { header: h("currency"), value: (r) => r.currency },
      { header: h("status"), value: (r) => t(`exports.promotionDiscounts.states.${r.status}`) },
    ];
    return {
      name: `promotion-discounts-${localDate(new Date(), scope.timeZone)}`,
      columns,
      pages: discountPages(scope.db, scope.merchantId, promotion.id),
    };
  },
});

import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { merchants, orderItems, orders, promotionHolds, promotions } from "@/db/schema";
import type { Tx } from "@/db/types";
import { localTimestamp } from "@/server/time/local-date.logic";
import { promotionCustomerKey } from "./customer-key";
import { moveBudget } from "./promotion-budget.service";
import { pricePromotions, type Pricing } from "./pricing.logic";

type OrderRow = typeof orders.$inferSelect;

const noDiscount = (amountMinor: bigint): Pricing => ({
  originalMinor: amountMinor,
  discountMinor: 0n,
  toPayMinor: amountMinor,
  lines: [],
});

/**
 * What a payment request for `partMinor` of the order on the method costs the customer after
 * the merchant's promotions, in the request's transaction (which holds the order's lock and
 * has already released the lines of the requests it replaces). Promotions apply only to an
 * order paid in one part, for its whole amount: a split bill (组合支付) gets none, as no rule
 * could say which part a discount belongs to. The candidate promotions are locked (in id
 * order) so their budget and this customer's uses are exact while we price.
 */
export async function pricePart(
  tx: Tx,
  order: OrderRow,
  method: { id: string; kind: string },
  partMinor: bigint,
  paidMinor: bigint,
  at = new Date(),
): Promise<Pricing> {
  if (paidMinor > 0n || partMinor !== order.amountMinor || method.kind === "cash")
    return noDiscount(partMinor);
  const [merchant] = await tx
    .select({ timeZone: merchants.timeZone })
    .from(merchants)
    .where(eq(merchants.id, order.merchantId));
  if (!merchant) return noDiscount(partMinor);
  const local = localTimestamp(at, merchant.timeZone);
  const localDate = local.slice(0, 10);
  const candidates = await tx
    .select()
    .from(promotions)
    .where(
      and(
        eq(promotions.merchantId, order.merchantId),
        eq(promotions.enabled, true),
        eq(promotions.currency, order.currency),
        lte(promotions.startsOn, localDate),
        gte(promotions.endsOn, localDate),
      ),
    )
    .orderBy(asc(promotions.id))
    .for("update");
  if (candidates.length === 0) return noDiscount(partMinor);
  const customerKey = promotionCustomerKey(order);
  const uses = new Map<string, number>();
  if (customerKey) {
    const rows = await tx
      .select({ promotionId: promotionHolds.promotionId, n: sql<number>`count(*)::int` })
      .from(promotionHolds)
      .where(
        and(
          inArray(
            promotionHolds.promotionId,
            candidates.map((c) => c.id),
          ),
          eq(promotionHolds.customerKey, customerKey),
          inArray(promotionHolds.status, ["reserved", "consumed"]),
        ),
      )
      .groupBy(promotionHolds.promotionId);
    for (const r of rows) uses.set(r.promotionId, Number(r.n));
  }
  const items = await tx
    .select({
      name: orderItems.name,
      quantity: orderItems.quantity,
      unitPriceMinor: orderItems.unitPriceMinor,
    })
    .from(orderItems)
    .where(eq(orderItems.orderId, order.id));
  return pricePromotions(
    candidates.map((p) => ({
      ...p,
      remainingMinor: p.budgetMinor - p.reservedMinor - p.spentMinor,
      customerUses: uses.get(p.id) ?? 0,
    })),
    {
      methodId: method.id,
      methodKind: method.kind,
      storeId: order.storeId,
      currency: order.currency,
      amountMinor: partMinor,
      items,
      localDate,
      localHour: Number(local.slice(11, 13)),
      customerKnown: customerKey !== null,
    },
  );
}

/** Records the request's discount lines on its order and reserves them in the promotions' budgets. */
export async function holdDiscounts(
  tx: Tx,
  attempt: { id: string; merchantId: string; orderId: string },
  order: OrderRow,
  pricing: Pricing,
) {
  if (pricing.lines.length === 0) return;
  const customerKey = promotionCustomerKey(order);
  for (const line of pricing.lines) {
    await moveBudget(tx, line.promotionId, "reserve", line.amountMinor);
    await tx.insert(promotionHolds).values({
      merchantId: attempt.merchantId,
      promotionId: line.promotionId,
      orderId: attempt.orderId,
      attemptId: attempt.id,
      amountMinor: line.amountMinor,
      customerKey,
    });
  }
}

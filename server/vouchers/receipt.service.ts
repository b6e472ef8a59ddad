import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  merchants,
  orderItems,
  orders,
  paymentAttempts,
  paymentMethods,
  refunds,
  stores,
  voucherRedemptions,
  vouchers,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { DomainError } from "@/server/errors";
import { feedbackOfOrder } from "@/server/feedback/feedback.service";
import { parseCode } from "./voucher-code.logic";

/**
 * The customer's receipt behind /r/<code>: the code is the only key (random, with 54 bits
 * of entropy), and nothing internal is shown — no ids, no staff names.
 */
export async function loadReceipt(db: DbOrTx, rawCode: string) {
  const parsed = parseCode(rawCode);
  const notFound = () =>
    new DomainError("NOT_FOUND", "receiptNotFound", "This receipt does not exist");
  if (!parsed.ok) throw notFound();
  const [row] = await db
    .select({
      code: vouchers.code,
      status: vouchers.status,
      usesTotal: vouchers.usesTotal,
      usesLeft: vouchers.usesLeft,
      expiresAt: vouchers.expiresAt,
      isExpired: sql<boolean>`coalesce(${vouchers.expiresAt} <= now(), false)`,
      voucherStoreId: vouchers.storeId,
      voidReason: vouchers.voidReason,
      voidedAt: vouchers.voidedAt,
      voucherId: vouchers.id,
      orderId: orders.id,
      orderNumber: orders.number,
      amountMinor: orders.amountMinor,
      currency: orders.currency,
      paidAt: orders.paidAt,
      merchantName: merchants.name,
      timeZone: merchants.timeZone,
      storeName: stores.name,
      storeAddress: stores.address,
      receiptHeader: stores.receiptHeader,
    })
    .from(vouchers)
    .innerJoin(orders, eq(orders.id, vouchers.orderId))
    .innerJoin(merchants, eq(merchants.id, vouchers.merchantId))
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(eq(vouchers.code, parsed.code));
  if (!row) throw notFound();
  const { voucherId, orderId, voucherStoreId, ...receipt } = row;
  const [items, payments, [lastUse], refunded, feedback] = await Promise.all([
    db
      .select({
        name: orderItems.name,
        quantity: orderItems.quantity,
        unitPriceMinor: orderItems.unitPriceMinor,
      })
      .from(orderItems)
      .where(eq(orderItems.orderId, orderId))
      .orderBy(asc(orderItems.position)),
    db
      .select({ methodLabel: paymentMethods.label, methodKind: paymentAttempts.methodKind })
      .from(paymentAttempts)
      .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
      .where(
        and(
          eq(paymentAttempts.orderId, orderId),
          eq(paymentAttempts.status, "succeeded"),
          eq(paymentAttempts.isDuplicate, false),
        ),
      )
      .orderBy(asc(paymentAttempts.createdAt)),
    db
      .select({ at: voucherRedemptions.redeemedAt })
      .from(voucherRedemptions)
      .where(
        and(eq(voucherRedemptions.voucherId, voucherId), isNull(voucherRedemptions.reversedAt)),
      )
      .orderBy(desc(voucherRedemptions.redeemedAt))
      .limit(1),
    // Money the shop gave back or is giving back; a request still awaiting a manager is no
    // promise to the customer yet, and a refused or failed one gave nothing back.
    db
      .select({
        amountMinor: refunds.amountMinor,
        currency: refunds.currency,
        done: sql<boolean>`${refunds.status} = 'succeeded'`,
        at: sql<Date>`coalesce(${refunds.succeededAt}, ${refunds.createdAt})`.mapWith(
          refunds.createdAt,
        ),
      })
      .from(refunds)
      .where(
        and(
          eq(refunds.orderId, orderId),
          inArray(refunds.status, ["requested", "pending", "succeeded"]),
        ),
      )
      .orderBy(asc(refunds.createdAt)),
    feedbackOfOrder(db, orderId),
  ]);
  return {
    ...receipt,
    storeOnly: voucherStoreId !== null,
    items,
    // A split bill (mixed tender) names each part's method, in the order they were paid.
    methodLabel: payments.length > 0 ? payments.map((p) => p.methodLabel).join(" + ") : null,
    methodKind: payments[0]?.methodKind ?? null,
    lastUsedAt: lastUse?.at ?? null,
    refunds: refunded,
    /** The customer's score when they have rated this receipt (it is asked once). */
    ratedScore: feedback?.score ?? null,
  };
}
export type Receipt = Awaited<ReturnType<typeof loadReceipt>>;

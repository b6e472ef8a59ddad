import { and, asc, eq, ne, sql } from "drizzle-orm";
import {
  merchants,
  orders,
  paymentAttempts,
  paymentMethods,
  providerRequests,
  stores,
  vouchers,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { DomainError } from "@/server/errors";
import { offeredMethodIds, sandboxAllowed } from "./method-offer.service";

/**
 * What the customer's pay page shows for a token (`view`: nothing internal, no ids but the
 * methods' to switch to), and the order it belongs to (`orderId`, for the server only).
 */
export async function loadPayView(db: DbOrTx, token: string, sandboxEverywhere = false) {
  const [row] = await db
    .select({
      token: paymentAttempts.token,
      status: paymentAttempts.status,
      amountMinor: paymentAttempts.amountMinor,
      /** The promotions' discount on this request: the original is amountMinor + discountMinor. */
      discountMinor: paymentAttempts.discountMinor,
      currency: paymentAttempts.currency,
      methodId: paymentAttempts.methodId,
      methodKind: paymentAttempts.methodKind,
      methodLabel: paymentMethods.label,
      failureReason: paymentAttempts.failureReason,
      expiresAt: paymentAttempts.expiresAt,
      succeededAt: paymentAttempts.succeededAt,
      orderId: paymentAttempts.orderId,
      orderNumber: orders.number,
      /** More than the attempt's amount when it is a part of a mixed tender. */
      orderAmountMinor: orders.amountMinor,
      orderStatus: orders.status,
      merchantId: orders.merchantId,
      merchantName: merchants.name,
      merchantLocale: merchants.locale,
      timeZone: merchants.timeZone,
      storeName: stores.name,
      /** The provider's QR content and payment page, when the wallet gave them. */
      providerQr: providerRequests.qrContent,
      providerUrl: providerRequests.redirectUrl,
      // The receipt / e-voucher, for the attempt that paid the order (never a duplicate's page).
      voucherCode: sql<
        string | null
      >`(select ${vouchers.code} from ${vouchers} where ${vouchers.orderId} = ${orders.id} and ${paymentAttempts.status} = 'succeeded' and not ${paymentAttempts.isDuplicate})`,
    })
    .from(paymentAttempts)
    .leftJoin(providerRequests, eq(providerRequests.attemptId, paymentAttempts.id))
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
    .where(eq(paymentAttempts.token, token));
  if (!row)
    throw new DomainError("NOT_FOUND", "payLinkNotFound", "This payment link does not exist");
  const { orderId, merchantId, ...view } = row;
  // Methods the customer may switch to after a failure (cash is paid at the counter), of
  // those offered now: connected and checked, never a sandbox wallet out of place.
  const offered =
    row.orderStatus === "pending"
      ? await offeredMethodIds(db, merchantId, sandboxEverywhere)
      : new Set<string>();
  const alternatives =
    row.orderStatus === "pending"
      ? await db
          .select({ id: paymentMethods.id, label: paymentMethods.label, kind: paymentMethods.kind })
          .from(paymentMethods)
          .where(
            and(
              eq(paymentMethods.merchantId, merchantId),
              eq(paymentMethods.enabled, true),
              ne(paymentMethods.kind, "cash"),
              sql`${row.currency} = any(${paymentMethods.currencies})`,
            ),
          )
          .orderBy(asc(paymentMethods.createdAt))
          .then((all) => all.filter((m) => offered.has(m.id)))
      : [];
  // A request left open on the sandbox wallet after the operator turned it off (the server
  // restarted without SANDBOX=1): its wallet page is gone, so the page must not offer it.
  const sandboxUnavailable =
    row.orderStatus === "pending" &&
    row.methodKind === "sandbox" &&
    !(await sandboxAllowed(db, merchantId, sandboxEverywhere));
  return { orderId, view: { ...view, alternatives, sandboxUnavailable } };
}

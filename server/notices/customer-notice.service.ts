import { eq } from "drizzle-orm";
import { merchants, orders, outbox, paymentAttempts, vouchers } from "@/db/schema";
import type { Tx } from "@/db/types";
import type { FailureReason } from "@/server/payments/failure-reasons.logic";
import { customerEmailTopic, emailOf, type CustomerNotice } from "./customer-notice.logic";

/**
 * Queues an e-mail to the order's customer about one attempt (or one refund of it), in the
 * caller's transaction, when the order carries an e-mail address. Only written here: the
 * delivery worker sends it later, so the payment path never waits on a mail server. One
 * message per attempt and kind, and per refund.
 */
export async function queueCustomerNotice(
  tx: Tx,
  attemptId: string,
  kind: CustomerNotice["kind"],
  reason: FailureReason | null = null,
  refund: { id: string; amountMinor: bigint } | null = null,
) {
  const [row] = await tx
    .select({
      merchantId: orders.merchantId,
      orderId: orders.id,
      contact: orders.customerContact,
      orderNumber: orders.number,
      merchantName: merchants.name,
      locale: merchants.locale,
      token: paymentAttempts.token,
      amountMinor: paymentAttempts.amountMinor,
      currency: paymentAttempts.currency,
      // Issued in this transaction before a success is announced (see succeed()).
      receiptCode: vouchers.code,
    })
    .from(paymentAttempts)
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .leftJoin(vouchers, eq(vouchers.orderId, orders.id))
    .where(eq(paymentAttempts.id, attemptId));
  const to = emailOf(row?.contact);
  if (!row || !to) return;
  const notice: CustomerNotice = {
    kind,
    to,
    // The customer's own language is unknown to us; the shop's is the best guess.
    locale: row.locale,
    merchantName: row.merchantName,
    orderNumber: row.orderNumber,
    amountMinor: (refund?.amountMinor ?? row.amountMinor).toString(),
    currency: row.currency,
    token: row.token,
    receiptCode: kind === "payment_failed" ? null : row.receiptCode,
    reason,
  };
  await tx
    .insert(outbox)
    .values({
      merchantId: row.merchantId,
      topic: customerEmailTopic,
      payload: { ...notice, orderId: row.orderId, attemptId, refundId: refund?.id ?? null },
      dedupeKey: `${kind}:${refund?.id ?? attemptId}`,
    })
    .onConflictDoNothing();
}

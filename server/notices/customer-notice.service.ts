import { eq } from "drizzle-orm";
import { merchants, orders, paymentAttempts, vouchers } from "@/db/schema";
import type { Tx } from "@/db/types";
import type { FailureReason } from "@/server/payments/failure-reasons.logic";
import { customerEmailTopic, emailOf, type CustomerNotice } from "./customer-notice.logic";
import type { OutboxMessage } from "./outbox.logic";
import { writeOutbox } from "./outbox.service";

/**
 * The e-mail to the order's customer about one attempt (or one refund of it), read in the
 * caller's transaction, or null when the order carries no e-mail address. Only written to the
 * outbox: the delivery worker sends it later, so the payment path never waits on a mail
 * server. One message per attempt and kind, and per refund (its dedupe key). `issuedCode`: the
 * voucher issued in the caller's transaction, whose row is written only at its commit.
 */
export async function customerNotice(
  tx: Tx,
  attemptId: string,
  kind: CustomerNotice["kind"],
  reason: FailureReason | null = null,
  refund: { id: string; amountMinor: bigint } | null = null,
  issuedCode?: string,
): Promise<OutboxMessage<typeof customerEmailTopic> | null> {
  const [row] = await tx
    .select({
      merchantId: orders.merchantId,
      orderId: orders.id,
      contact: orders.customerContact,
      orderNumber: orders.number,
      merchantName: merchants.name,
      shopLocale: merchants.locale,
      customerLocale: orders.customerLocale,
      token: paymentAttempts.token,
      amountMinor: paymentAttempts.amountMinor,
      orderAmountMinor: orders.amountMinor,
      currency: paymentAttempts.currency,
      // A voucher issued earlier (a refund's e-mail links it).
      receiptCode: vouchers.code,
    })
    .from(paymentAttempts)
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .leftJoin(vouchers, eq(vouchers.orderId, orders.id))
    .where(eq(paymentAttempts.id, attemptId));
  const to = emailOf(row?.contact);
  if (!row || !to) return null;
  return {
    merchantId: row.merchantId,
    topic: customerEmailTopic,
    payload: {
      kind,
      to,
      // The language the customer read the pay page in (or gave at the counter); until then
      // the shop's is the best guess.
      locale: row.customerLocale ?? row.shopLocale,
      merchantName: row.merchantName,
      orderNumber: row.orderNumber,
      // A success is sent once, by the part that paid the order in full: the order's amount.
      amountMinor: (
        refund?.amountMinor ??
        (kind === "payment_succeeded" ? row.orderAmountMinor : row.amountMinor)
      ).toString(),
      currency: row.currency,
      token: row.token,
      receiptCode: kind === "payment_failed" ? null : (issuedCode ?? row.receiptCode),
      reason,
      orderId: row.orderId,
      attemptId,
      refundId: refund?.id ?? null,
    },
    dedupeKey: `${kind}:${refund?.id ?? attemptId}`,
  };
}

/** Queues the e-mail of `customerNotice` in the caller's transaction, when there is one. */
export async function queueCustomerNotice(
  tx: Tx,
  attemptId: string,
  kind: CustomerNotice["kind"],
  reason: FailureReason | null = null,
  refund: { id: string; amountMinor: bigint } | null = null,
) {
  const message = await customerNotice(tx, attemptId, kind, reason, refund);
  if (message) await writeOutbox(tx, message);
}

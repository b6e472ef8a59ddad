import type { refunds } from "@/db/schema";
import { feeRefunded, type RefundFeeRule } from "@/server/refunds/refund.logic";
import type { HistoryOrder } from "./history.logic";
import { bytesFrom, uuidFrom } from "./history-vouchers";

type RefundRow = typeof refunds.$inferSelect;

/*
 * The refunds a café's history would hold, as the refund flow writes them once settled: a
 * cashier asked, a manager approved, the provider (or the drawer) gave the money back. These
 * rates are this generator's assumptions, not measurements.
 */

/** About one paid order in 60 is refunded (of 65,536). */
const refundShare = 1100;
/** A refund comes 10 minutes to 2 days after the payment. */
const earliestMinutes = 10;
const spanMinutes = 2 * 24 * 60;
/** Why, roughly as often as a café hears it: mostly the customer asked. */
const reasons: RefundRow["reason"][] = [
  "customer_request",
  "customer_request",
  "customer_request",
  "product_issue",
  "product_issue",
  "wrong_amount",
  "order_cancelled",
];

const u16 = (b: Uint8Array) => (b[0] ?? 0) * 256 + (b[1] ?? 0);

/**
 * Refunds some paid orders of the history, in place: the refund row (succeeded), the paying
 * attempt's refunded sum and the order's status. Two in three are full refunds; a partial
 * one gives back one line of the ticket. Decided from the paying request's token, so the
 * history's own random stream, and every figure seeded from it, stays the same.
 */
export function refundHistoryOrder(
  h: HistoryOrder,
  shop: { now: Date; approverId: string | null; feeRules: Map<string, RefundFeeRule> },
): void {
  const paid = h.attempts.find((a) => a.status === "succeeded" && !a.isDuplicate);
  if (h.order.status !== "paid" || !paid?.succeededAt) return;
  const random = bytesFrom(paid.token, "refund");
  if (u16(random(2)) >= refundShare) return;
  const askedAt = new Date(
    paid.succeededAt.getTime() + (earliestMinutes + (u16(random(2)) % spanMinutes)) * 60_000,
  );
  if (askedAt > shop.now) return;
  const [kind = 0, size = 0] = random(2);
  const line = h.items.at(-1);
  const partial =
    size % 3 === 0 && line !== undefined && line.unitPriceMinor < paid.amountMinor
      ? line.unitPriceMinor
      : null;
  const amountMinor = partial ?? paid.amountMinor;
  const cash = paid.methodKind === "cash";
  // Cash is handed back as it is approved; a provider confirms a little later.
  const doneAt = new Date(askedAt.getTime() + (cash ? 0 : 90_000));
  h.refunds.push({
    id: uuidFrom(random(16)),
    merchantId: h.order.merchantId,
    orderId: h.order.id,
    attemptId: paid.id,
    methodId: paid.methodId,
    status: "succeeded",
    amountMinor,
    currency: paid.currency,
    reason: reasons[kind % reasons.length] ?? "customer_request",
    reasonText: null,
    requestedBy: h.order.createdBy,
    approvedBy: shop.approverId,
    refusedBy: null,
    refuseReason: null,
    decidedAt: askedAt,
    redeemedVoucherConfirmedBy: null,
    providerRefundId: cash ? null : `RF${Buffer.from(random(8)).toString("hex").toUpperCase()}`,
    failureCode: null,
    failureMessage: null,
    feeRefundedMinor: feeRefunded(
      shop.feeRules.get(paid.methodId) ?? "proportional",
      { amountMinor: paid.amountMinor, feeMinor: paid.feeMinor ?? 0n },
      0n,
      amountMinor,
    ),
    nextQueryAt: null,
    queryCount: 0,
    // The generated history kept no drawer shifts.
    shiftId: null,
    createdAt: askedAt,
    submittedAt: cash ? null : askedAt,
    succeededAt: doneAt,
    failedAt: null,
    updatedAt: doneAt,
  });
  paid.refundedMinor = amountMinor;
  Object.assign(h.order, {
    status: partial === null ? "refunded" : "partially_refunded",
    updatedAt: doneAt,
  });
}

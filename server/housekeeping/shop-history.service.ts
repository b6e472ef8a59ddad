import { eq, inArray } from "drizzle-orm";
import {
  alerts,
  cashShifts,
  customerDailyRollups,
  customerFirstMethodRollups,
  customerLifetimeRollups,
  customerMethodTotals,
  customers,
  customerSwitchRollups,
  notifications,
  orderCounters,
  orderItems,
  orders,
  orderVoucherTerms,
  outbox,
  outsideRefunds,
  paymentAmountMonthlyRollups,
  paymentAmountRollups,
  paymentAttempts,
  paymentDailyRollups,
  paymentFailureRollups,
  paymentRecoveryRollups,
  paymentFailures,
  paymentMethods,
  paymentRollups,
  promotionHolds,
  providerRequests,
  reconDays,
  reconDifferences,
  refunds,
  riskHits,
  sandboxWalletPayments,
  satisfactionRollups,
  sandboxWalletRefunds,
  statements,
  supportNotes,
  voucherCodeFailures,
  voucherRedemptions,
  vouchers,
} from "@/db/schema";
import type { Tx } from "@/db/types";
import { clearBudgets } from "@/server/promotions/promotion-budget.service";

/**
 * Deletes a shop's whole trading history inside the caller's transaction: orders and
 * everything hanging from them (payment requests, notifications, refunds, outside refunds, vouchers and
 * redemptions, promotion holds, failures, support notes, ratings), the drawers' shifts, the
 * customers known from those orders, alerts, customer messages, statements and their
 * reconciliation, the sandbox wallet's ledger, order numbering and roll-ups; the promotions'
 * budgets are whole again. The shop, its
 * settings, stores, methods, people and guides stay; so does the audit log, whose hash chain
 * must not break. Used when the demo data is removed, when a practice shop is reset and when
 * the demo's history is generated afresh.
 */
export async function deleteShopHistory(tx: Tx, merchantId: string): Promise<{ orders: number }> {
  const orderIds = tx
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.merchantId, merchantId));
  const attemptIds = tx
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(eq(paymentAttempts.merchantId, merchantId));
  const methodIds = tx
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(eq(paymentMethods.merchantId, merchantId));

  // Children first, set-based, rather than through many cascaded row deletes.
  await tx.delete(reconDifferences).where(eq(reconDifferences.merchantId, merchantId));
  await tx.delete(reconDays).where(eq(reconDays.merchantId, merchantId));
  await tx.delete(statements).where(eq(statements.merchantId, merchantId));
  await tx.delete(paymentFailures).where(eq(paymentFailures.merchantId, merchantId));
  await tx.delete(supportNotes).where(eq(supportNotes.merchantId, merchantId));
  await tx.delete(notifications).where(eq(notifications.merchantId, merchantId));
  await tx.delete(sandboxWalletRefunds).where(inArray(sandboxWalletRefunds.methodId, methodIds));
  await tx.delete(sandboxWalletPayments).where(inArray(sandboxWalletPayments.methodId, methodIds));
  await tx.delete(alerts).where(eq(alerts.merchantId, merchantId));
  // What the anomaly rules raised those alerts on; their staff roll-up is read from the audit
  // log, which stays, so it stays too.
  await tx.delete(riskHits).where(eq(riskHits.merchantId, merchantId));
  await tx.delete(outsideRefunds).where(eq(outsideRefunds.merchantId, merchantId));
  await tx.delete(outbox).where(eq(outbox.merchantId, merchantId));
  await tx.delete(refunds).where(eq(refunds.merchantId, merchantId));
  await tx.delete(voucherRedemptions).where(eq(voucherRedemptions.merchantId, merchantId));
  await tx.delete(voucherCodeFailures).where(eq(voucherCodeFailures.merchantId, merchantId));
  await tx.delete(vouchers).where(eq(vouchers.merchantId, merchantId));
  await tx.delete(promotionHolds).where(eq(promotionHolds.merchantId, merchantId));
  await clearBudgets(tx, merchantId);
  await tx.delete(orderVoucherTerms).where(inArray(orderVoucherTerms.orderId, orderIds));
  await tx.delete(providerRequests).where(inArray(providerRequests.attemptId, attemptIds));
  await tx.delete(orderItems).where(inArray(orderItems.orderId, orderIds));
  await tx.delete(paymentAttempts).where(eq(paymentAttempts.merchantId, merchantId));
  // The drawers' shifts (their paid-outs cascade) counted those payments: they go with them.
  await tx.delete(cashShifts).where(eq(cashShifts.merchantId, merchantId));
  const deleted = await tx
    .delete(orders)
    .where(eq(orders.merchantId, merchantId))
    .returning({ id: orders.id });
  await tx.delete(orderCounters).where(eq(orderCounters.merchantId, merchantId));
  // The customers were known by the phone numbers on those orders.
  await tx.delete(customerMethodTotals).where(eq(customerMethodTotals.merchantId, merchantId));
  await tx.delete(customers).where(eq(customers.merchantId, merchantId));
  for (const rollup of [
    customerDailyRollups,
    customerFirstMethodRollups,
    customerLifetimeRollups,
    customerSwitchRollups,
    satisfactionRollups,
    paymentRollups,
    paymentDailyRollups,
    paymentFailureRollups,
    paymentAmountRollups,
    paymentAmountMonthlyRollups,
    paymentRecoveryRollups,
  ]) {
    await tx.delete(rollup).where(eq(rollup.merchantId, merchantId));
  }
  return { orders: deleted.length };
}

import { and, eq, type SQL } from "drizzle-orm";
import { cashShifts, orders, paymentMethods } from "@/db/schema";
import type { DbOrTx, Tx } from "@/db/types";
import type { ValueOrPlaceholder } from "@/db/statement-template";
import type { Actor } from "@/server/audit/audit.service";

/*
 * Which shift a money movement lands in, decided in the transaction that records it. The open
 * shift's row is read FOR SHARE and its id stamped on the row; the close takes the shift FOR
 * UPDATE before it sums what carries its id. So a sale either committed before the close read
 * (counted there) or waited for the close and then found the shift closed (left to no shift):
 * never both, never neither. The audit chain's lock is no part of this: a change's transaction
 * only queues its audit rows, chained after its commit (server/audit/audit-chainer.service.ts).
 *
 * A payment without an open shift of its cashier at its store is taken and left unassigned,
 * not refused: a shop that does not count drawers keeps taking cash, a card or wallet payment
 * confirmed after the cashier closed belongs to no drawer, and the daily figures still count it.
 */

/**
 * The open shift of a cashier at a store, locked against a close until this transaction ends;
 * a null cashier (a payment no cashier asked for) has none. Also a column of another read (the
 * shift a succeeding payment counts in: payment-outcome.service.ts reads it with the fee rule).
 */
export function openShiftQuery(
  tx: DbOrTx,
  merchantId: ValueOrPlaceholder<string> | SQL,
  cashierId: ValueOrPlaceholder<string | null> | SQL,
  storeId: ValueOrPlaceholder<string> | SQL,
) {
  return tx
    .select({ id: cashShifts.id })
    .from(cashShifts)
    .where(
      and(
        eq(cashShifts.merchantId, merchantId),
        // `cashier_id = null` holds for no row: no shift, as wanted.
        eq(cashShifts.cashierId, cashierId as ValueOrPlaceholder<string>),
        eq(cashShifts.storeId, storeId),
        eq(cashShifts.status, "open"),
      ),
    )
    .for("share");
}

async function openShiftOf(tx: Tx, merchantId: string, cashierId: string, storeId: string) {
  const [shift] = await openShiftQuery(tx, merchantId, cashierId, storeId);
  return shift?.id ?? null;
}

/**
 * The drawer a succeeding cash refund is handed out of: the shift of whoever settles it (the
 * approver, at the counter) at the order's store, else that of the cashier who asked for it.
 * Other methods' refunds leave no drawer.
 */
export async function shiftPayingRefund(
  tx: Tx,
  actor: Actor,
  refund: { merchantId: string; orderId: string; methodId: string; requestedBy: string | null },
): Promise<string | null> {
  const [found] = await tx
    .select({ kind: paymentMethods.kind, storeId: orders.storeId })
    .from(orders)
    .innerJoin(paymentMethods, eq(paymentMethods.id, refund.methodId))
    .where(eq(orders.id, refund.orderId));
  if (found?.kind !== "cash") return null;
  for (const person of new Set([actor.userId, refund.requestedBy])) {
    if (!person) continue;
    const shiftId = await openShiftOf(tx, refund.merchantId, person, found.storeId);
    if (shiftId) return shiftId;
  }
  return null;
}

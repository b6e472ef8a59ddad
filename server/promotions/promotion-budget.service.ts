import { and, eq, sql } from "drizzle-orm";
import { orders, promotionHolds, promotions } from "@/db/schema";
import type { Tx } from "@/db/types";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { DomainError } from "@/server/errors";

/**
 * How a discount moves a promotion's budget: held, given back, spent, or spent late — a
 * payment whose discount had already been given back (its request expired or was replaced)
 * still cost the discount, as the provider charged the discounted amount.
 *
 * A refund moves nothing: it gives back what the customer paid (the discounted amount), and
 * the discount stays spent — it was given, it stays in the roll-ups' promotion cost, and a
 * budget that refunds refilled would let one customer's buy-and-refund cycle hand the same
 * room out again (server/refunds/refund-settle.service.ts; the counter's promotion guide).
 */
export type BudgetMove = "reserve" | "release" | "consume" | "consume_late";

const moves: Record<BudgetMove, { reserved: 1n | 0n | -1n; spent: 0n | 1n }> = {
  reserve: { reserved: 1n, spent: 0n },
  release: { reserved: -1n, spent: 0n },
  consume: { reserved: -1n, spent: 1n },
  consume_late: { reserved: 0n, spent: 1n },
};

/**
 * The one transition of a promotion's budget: one conditional UPDATE that moves `amountMinor`.
 * A reservation only succeeds while what is held and spent stays within the budget, so
 * concurrent requests can never take it past (the row lock of the UPDATE queues them; the
 * table's CHECK is the backstop); a release or a spend never adds to the total. A late spend
 * is never refused — the money is gone — and records how far it took the total past the
 * budget in `overBudgetMinor`. Throws when a move does not fit; returns the promotion's
 * figures after the move.
 */
export async function moveBudget(
  tx: Tx,
  promotionId: string,
  move: BudgetMove,
  amountMinor: bigint,
) {
  const dr = amountMinor * moves[move].reserved;
  const ds = amountMinor * moves[move].spent;
  const total = sql`${promotions.reservedMinor} + ${dr} + ${promotions.spentMinor} + ${ds}`;
  const [row] = await tx
    .update(promotions)
    .set({
      reservedMinor: sql`${promotions.reservedMinor} + ${dr}`,
      spentMinor: sql`${promotions.spentMinor} + ${ds}`,
      ...(move === "consume_late"
        ? {
            overBudgetMinor: sql`greatest(${promotions.overBudgetMinor}, ${total} - ${promotions.budgetMinor})`,
          }
        : {}),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(promotions.id, promotionId),
        sql`${promotions.reservedMinor} + ${dr} >= 0`,
        move === "reserve" ? sql`${total} <= ${promotions.budgetMinor}` : undefined,
      ),
    )
    .returning();
  if (!row) {
    throw new DomainError(
      "CONFLICT",
      "promotionBudgetExhausted",
      "The promotion's budget cannot cover this discount",
    );
  }
  return row;
}

/**
 * Settles a payment request's discount lines with its new status, in the attempt's
 * transition (server/payments/attempt-transition.service.ts): a payment spends them, a
 * failure, expiry or cancellation (a replaced request) gives them back. Only lines still held
 * move, so a repeated notice moves nothing twice — except on a late success: the provider
 * charged the discounted amount, so lines already given back are spent all the same, even
 * past the budget (their room may have gone to another request meanwhile). Such an overshoot
 * is recorded on the promotion and raises an alert in the same transaction: never lost.
 * A request without a discount costs no query.
 */
export async function settlePromotionHolds(
  tx: Tx,
  attempt: { id: string; merchantId: string; orderId: string; discountMinor: bigint },
  status: string,
) {
  if (attempt.discountMinor === 0n) return;
  const to =
    status === "succeeded"
      ? "consumed"
      : status === "failed" || status === "expired" || status === "cancelled"
        ? "released"
        : null;
  if (!to) return;
  const settle = (from: "reserved" | "released") =>
    tx
      .update(promotionHolds)
      .set({ status: to, updatedAt: new Date() })
      .where(and(eq(promotionHolds.attemptId, attempt.id), eq(promotionHolds.status, from)))
      .returning({
        promotionId: promotionHolds.promotionId,
        amountMinor: promotionHolds.amountMinor,
      });
  // Promotion order: two transactions settling the same promotions lock them alike.
  const byPromotion = (a: { promotionId: string }, b: { promotionId: string }) =>
    a.promotionId.localeCompare(b.promotionId);
  const held = (await settle("reserved")).sort(byPromotion);
  for (const hold of held)
    await moveBudget(
      tx,
      hold.promotionId,
      to === "consumed" ? "consume" : "release",
      hold.amountMinor,
    );
  if (to !== "consumed") return;
  const givenBack = (await settle("released")).sort(byPromotion);
  for (const hold of givenBack) await spendLate(tx, attempt, hold.promotionId, hold.amountMinor);
}

/** A late payment's discount line: spent whatever room is left, and the owner told when it overshoots. */
async function spendLate(
  tx: Tx,
  attempt: { id: string; merchantId: string; orderId: string },
  promotionId: string,
  amountMinor: bigint,
) {
  const after = await moveBudget(tx, promotionId, "consume_late", amountMinor);
  if (after.reservedMinor + after.spentMinor <= after.budgetMinor) return;
  const [order] = await tx
    .select({ number: orders.number })
    .from(orders)
    .where(eq(orders.id, attempt.orderId));
  await raiseAlert(tx, {
    merchantId: attempt.merchantId,
    kind: "promotion_over_budget",
    entityType: "order",
    entityId: attempt.orderId,
    details: {
      promotionName: after.name,
      orderNumber: order?.number ?? null,
      currency: after.currency,
      discountMinor: amountMinor.toString(),
      budgetMinor: after.budgetMinor.toString(),
      spentMinor: after.spentMinor.toString(),
      overBudgetMinor: after.overBudgetMinor.toString(),
    },
  });
}

/**
 * When a shop's trading history is deleted (server/housekeeping/shop-history.service.ts),
 * what its orders held and spent of each promotion's budget goes with them: the promotions
 * stay, as settings, with their whole budget free again. Their holds must be deleted in the
 * same transaction.
 */
export async function clearBudgets(tx: Tx, merchantId: string) {
  await tx
    .update(promotions)
    .set({ reservedMinor: 0n, spentMinor: 0n, overBudgetMinor: 0n, updatedAt: new Date() })
    .where(eq(promotions.merchantId, merchantId));
}

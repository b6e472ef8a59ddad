import { and, eq, inArray, sql } from "drizzle-orm";
import { promotionHolds, promotions } from "@/db/schema";
import type { Tx } from "@/db/types";
import { DomainError } from "@/server/errors";

/** How a discount moves a promotion's budget: held, given back, or spent. */
export type BudgetMove = "reserve" | "release" | "consume";

const moves: Record<BudgetMove, { reserved: 1n | -1n; spent: 0n | 1n }> = {
  reserve: { reserved: 1n, spent: 0n },
  release: { reserved: -1n, spent: 0n },
  consume: { reserved: -1n, spent: 1n },
};

/**
 * The one transition of a promotion's budget: one conditional UPDATE that moves `amountMinor`
 * and only succeeds while what is held and spent stays within the budget, so concurrent
 * requests can never take it past (the row lock of the UPDATE queues them; the table's CHECK
 * is the backstop). Throws when the move does not fit.
 */
export async function moveBudget(
  tx: Tx,
  promotionId: string,
  move: BudgetMove,
  amountMinor: bigint,
) {
  const dr = amountMinor * moves[move].reserved;
  const ds = amountMinor * moves[move].spent;
  const [row] = await tx
    .update(promotions)
    .set({
      reservedMinor: sql`${promotions.reservedMinor} + ${dr}`,
      spentMinor: sql`${promotions.spentMinor} + ${ds}`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(promotions.id, promotionId),
        sql`${promotions.reservedMinor} + ${dr} >= 0`,
        sql`${promotions.reservedMinor} + ${dr} + ${promotions.spentMinor} + ${ds} <= ${promotions.budgetMinor}`,
      ),
    )
    .returning({ id: promotions.id });
  if (!row) {
    throw new DomainError(
      "CONFLICT",
      "promotionBudgetExhausted",
      "The promotion's budget cannot cover this discount",
    );
  }
}

/**
 * Settles a payment request's discount lines with its new status, in the attempt's
 * transition (server/payments/attempt-transition.service.ts): a payment spends them, a
 * failure, expiry or cancellation (a replaced request) gives them back. Only lines still held
 * move, so a repeated or late notice moves nothing twice; a late success of a request whose
 * lines were already given back leaves them so (its order is then usually paid twice and
 * refunded). A request without a discount costs no query.
 */
export async function settlePromotionHolds(
  tx: Tx,
  attempt: { id: string; discountMinor: bigint },
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
  const moved = await tx
    .update(promotionHolds)
    .set({ status: to, updatedAt: new Date() })
    .where(
      and(eq(promotionHolds.attemptId, attempt.id), inArray(promotionHolds.status, ["reserved"])),
    )
    .returning({
      promotionId: promotionHolds.promotionId,
      amountMinor: promotionHolds.amountMinor,
    });
  // Promotion order: two transactions settling the same promotions lock them alike.
  moved.sort((a, b) => a.promotionId.localeCompare(b.promotionId));
  for (const hold of moved)
    await moveBudget(
      tx,
      hold.promotionId,
      to === "consumed" ? "consume" : "release",
      hold.amountMinor,
    );
}

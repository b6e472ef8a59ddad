import { paymentAttempts } from "@/db/schema";
import type { Tx } from "@/db/types";
import { statementTemplate, type Placeholders } from "@/db/statement-template";
import type { Actor } from "@/server/audit/audit.service";
import { otherOpenAttempts, transitionAttempt } from "./attempt-transition.service";
import type { OrderRow } from "./order-transition.service";

// Attempts another transaction holds (the expiry job, a notification) are left to it:
// waiting for them here, while holding the order and the audit lock, could deadlock.
// NO KEY UPDATE: only status columns change, and this lock does not clash with the KEY
// SHARE lock a provider_requests insert takes on its attempt (its foreign key), which
// FOR UPDATE would skip, leaving that attempt open on a paid order.
// On every paid order: a template (db/statement-template.ts).
const claimableOpenAttempts = statementTemplate(
  "claimable_open_attempts",
  (db, v: Placeholders<{ orderId: string; exceptId: string | null }>) =>
    db
      .select()
      .from(paymentAttempts)
      // No exception (null): every open attempt.
      .where(otherOpenAttempts(paymentAttempts, v.orderId, v.exceptId))
      .for("no key update", { skipLocked: true }),
);

/**
 * Cancels the order's open attempts (a new one replaces them, or the order is closed). Returns
 * how many it expired instead (each with a failure record written).
 */
export async function cancelOpenAttempts(
  tx: Tx,
  actor: Actor,
  order: Pick<OrderRow, "id" | "status">,
  exceptId: string | null,
) {
  const now = new Date();
  const claimable = await claimableOpenAttempts(tx, { orderId: order.id, exceptId });
  // A request already past its deadline expired (the job just had not reached it yet): say so,
  // so failure statistics count it as an expiry, not as a cancellation.
  const overdue = claimable.filter((a) => a.expiresAt <= now);
  for (const attempt of overdue) {
    await transitionAttempt(tx, actor, attempt, "expired", {
      set: { failureReason: "expired" },
      audit: { reason: "expired" },
      order: order.status,
    });
  }
  for (const attempt of claimable.filter((a) => a.expiresAt > now)) {
    await transitionAttempt(tx, actor, attempt, "cancelled", { order: order.status });
  }
  return overdue.length;
}

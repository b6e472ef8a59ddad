import { and, eq, inArray, sql } from "drizzle-orm";
import { orders } from "@/db/schema";
import { definedOnly, setTo, statementTemplatesByShape } from "@/db/statement-template";
import type { Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { publishEvent } from "@/server/events/events.service";
import type { OutboxMessage } from "@/server/notices/outbox.logic";
import { writeOutbox } from "@/server/notices/outbox.service";
import { assertOrderTransition, orderStatusesInto, type OrderStatus } from "./state.logic";

export type OrderRow = typeof orders.$inferSelect;

export interface OrderEffects {
  set?: Partial<Pick<OrderRow, "paidAt">>;
  /** What the audit row records besides the status change (who closed a stale order). */
  audit?: Record<string, unknown>;
  /**
   * What the new status sets in motion, in this transaction and before its audit row (a paid
   * order: its other requests closed, its voucher issued, its failures recovered).
   */
  follow?: (order: OrderRow) => Promise<void>;
  /**
   * The message the move sends, built after `follow` (a paid order's e-mail links the voucher
   * issued there); null: nothing to send (the customer left no e-mail address).
   */
  outbox?: (order: OrderRow) => Promise<OutboxMessage | null>;
  /**
   * false: no live event of the order's own, because the attempt's transition that caused
   * this one reports the order's new status in its event (a success that pays the order).
   */
  event?: boolean;
}

const auditActions: Record<Exclude<OrderStatus, "pending">, string> = {
  paid: "order.paid",
  cancelled: "order.cancel",
  expired: "order.expire",
  partially_refunded: "order.partial_refund",
  refunded: "order.refund",
};

/**
 * The UPDATE of transitionOrder (its only user), one template per target status and set of
 * columns changed: it moves the row only while it still is in a status allowed to move to `to`.
 */
const updateOrderStatus = statementTemplatesByShape(
  "transition_order",
  (shape: { to: OrderStatus; columns: string[] }) => [shape.to, ...shape.columns].join(","),
  (db, _, { to, columns }) =>
    db
      .update(orders)
      .set({
        ...Object.fromEntries(columns.map((k) => [k, setTo(sql.placeholder(k))])),
        status: to,
      })
      .where(
        and(eq(orders.id, sql.placeholder("id")), inArray(orders.status, orderStatusesInto(to))),
      )
      .returning(),
);

/**
 * The one way an order's status changes, in the caller's transaction: checks the transition
 * table, updates the row only while it still is in a status allowed to move to `to`, then
 * runs what the move sets in motion and writes its audit row, outbox message and live event.
 * Returns the updated row, or null when another transaction moved the order first.
 */
export async function transitionOrder(
  tx: Tx,
  actor: Actor,
  order: OrderRow,
  to: OrderStatus,
  effects: OrderEffects = {},
): Promise<OrderRow | null> {
  assertOrderTransition(order.status, to);
  const set = definedOnly({ ...effects.set, updatedAt: new Date() });
  const [row] = await updateOrderStatus(
    tx,
    { to, columns: Object.keys(set).sort() },
    { ...set, id: order.id },
  );
  if (!row) return null;
  await effects.follow?.(row);
  await recordAudit(tx, actor, {
    merchantId: row.merchantId,
    // No transition leads back to pending (assertOrderTransition refused it above).
    action: auditActions[to as Exclude<OrderStatus, "pending">],
    entityType: "order",
    entityId: row.id,
    before: { status: order.status },
    after: { status: to, ...effects.audit },
  });
  const message = await effects.outbox?.(row);
  if (message) await writeOutbox(tx, message);
  if (effects.event !== false) {
    await publishEvent(tx, {
      merchantId: row.merchantId,
      orderId: row.id,
      token: null,
      orderStatus: to,
      attemptStatus: null,
    });
  }
  return row;
}

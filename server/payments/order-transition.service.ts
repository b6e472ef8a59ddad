import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { orders } from "@/db/schema";
import { definedOnly, setTo, statementTemplatesByShape } from "@/db/statement-template";
import type { DbOrTx, Tx } from "@/db/types";
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

/** What an order's move sets: the columns (their names, sorted) besides its status. */
export interface OrderMoveShape {
  to: OrderStatus;
  columns: string[];
}

/**
 * A move of an order checked against the transition table and ready to be made: what its
 * UPDATE sets (the shape) and the values, under keys with `prefix` (its placeholders' names in
 * orderMoveUpdate). Made by transitionOrder's own statement, or by the statement of the
 * attempt's transition that causes it (a success that pays the order: transitionAttempt's
 * `orderMove`), then finished by finishOrderMove either way.
 */
export interface OrderMove {
  order: OrderRow;
  to: OrderStatus;
  shape: OrderMoveShape;
  values: (prefix: string) => Record<string, unknown>;
}

export function orderMove(
  order: OrderRow,
  to: OrderStatus,
  set: OrderEffects["set"] = {},
): OrderMove {
  assertOrderTransition(order.status, to);
  const values: Record<string, unknown> = definedOnly({ ...set, updatedAt: new Date() });
  return {
    order,
    to,
    shape: { to, columns: Object.keys(values).sort() },
    values: (prefix) =>
      Object.fromEntries(
        Object.entries({ ...values, id: order.id }).map(([k, v]) => [`${prefix}${k}`, v]),
      ),
  };
}

/** A template's key for a move's shape. */
export const orderMoveKey = (shape: OrderMoveShape) => [shape.to, ...shape.columns].join(",");

/**
 * The UPDATE of an order's move, its values the placeholders named with `prefix`: it moves the
 * row only while it still is in a status allowed to move to `to` (and `also` holds, for a
 * statement that makes the move only with another: see transitionAttempt).
 */
export function orderMoveUpdate(db: DbOrTx, shape: OrderMoveShape, prefix: string, also?: SQL) {
  return db
    .update(orders)
    .set({
      ...Object.fromEntries(shape.columns.map((k) => [k, setTo(sql.placeholder(`${prefix}${k}`))])),
      status: shape.to,
    })
    .where(
      and(
        eq(orders.id, sql.placeholder(`${prefix}id`)),
        inArray(orders.status, orderStatusesInto(shape.to)),
        also,
      ),
    );
}

/** transitionOrder's UPDATE, one template per target status and set of columns changed. */
const updateOrderStatus = statementTemplatesByShape(
  "transition_order",
  orderMoveKey,
  (db, _, shape) => orderMoveUpdate(db, shape, "").returning(),
);

/**
 * The one way an order's status changes, in the caller's transaction: checks the transition
 * table, updates the row only while it still is in a status allowed to move to `to`, then
 * runs what the move sets in motion and writes its audit row, outbox message and live event
 * (finishOrderMove). Returns the updated row, or null when another transaction moved the order
 * first.
 */
export async function transitionOrder(
  tx: Tx,
  actor: Actor,
  order: OrderRow,
  to: OrderStatus,
  effects: OrderEffects = {},
): Promise<OrderRow | null> {
  const move = orderMove(order, to, effects.set);
  const [row] = await updateOrderStatus(tx, move.shape, move.values(""));
  return finishOrderMove(tx, actor, move, row ?? null, effects);
}

/**
 * What an order's move sets in motion once its UPDATE has run (`row`, as updated; null when
 * another transaction moved the order first, and then nothing): its follow-ups, audit row,
 * outbox message and live event. Returns `row`.
 */
export async function finishOrderMove(
  tx: Tx,
  actor: Actor,
  move: OrderMove,
  row: OrderRow | null,
  effects: Omit<OrderEffects, "set"> = {},
): Promise<OrderRow | null> {
  if (!row) return null;
  await effects.follow?.(row);
  await recordAudit(tx, actor, {
    merchantId: row.merchantId,
    // No transition leads back to pending (assertOrderTransition refused it).
    action: auditActions[move.to as Exclude<OrderStatus, "pending">],
    entityType: "order",
    entityId: row.id,
    before: { status: move.order.status },
    after: { status: move.to, ...effects.audit },
  });
  const message = await effects.outbox?.(row);
  if (message) await writeOutbox(tx, message);
  if (effects.event !== false) {
    await publishEvent(tx, {
      merchantId: row.merchantId,
      orderId: row.id,
      token: null,
      orderStatus: move.to,
      attemptStatus: null,
    });
  }
  return row;
}

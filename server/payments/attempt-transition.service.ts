import { and, eq, getTableColumns, inArray, is, sql, SQL, type SQLWrapper } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { paymentAttempts } from "@/db/schema";
import { definedOnly, setTo, statementTemplatesByShape } from "@/db/statement-template";
import type { Tx } from "@/db/types";
import { attemptRollupPlace, bumpTransitionRollups } from "@/server/analytics/rollup.service";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { publishEvent } from "@/server/events/events.service";
import {
  hasRecoverableFailures,
  recordAttemptFailure,
} from "@/server/failures/failure-log.service";
import { settlePromotionHolds } from "@/server/promotions/promotion-budget.service";
import { closedDayAt, reopenClosedDay } from "@/server/reconciliation/recon-reopen.service";
import {
  assertAttemptTransition,
  attemptStatusesInto,
  type AttemptStatus,
  type OrderStatus,
} from "./state.logic";
import {
  orderMoveKey,
  orderMoveUpdate,
  type OrderMove,
  type OrderMoveShape,
  type OrderRow,
} from "./order-transition.service";
import { paidSoFarSql } from "./parts.service";

export type AttemptRow = typeof paymentAttempts.$inferSelect;

const attemptColumns = getTableColumns(paymentAttempts);

/** The columns that change with an attempt's status (fee and provider ids, or the failure). */
export type AttemptChanges = Partial<
  Pick<
    AttemptRow,
    | "feeMinor"
    | "providerTxnId"
    | "succeededAt"
    | "isDuplicate"
    | "cashTenderedMinor"
    | "changeMinor"
    | "failureCode"
    | "failureMessage"
    | "failureReason"
    | "shiftId"
  >
>;

export interface AttemptEffects {
  set?: AttemptChanges;
  /** What the audit row records besides the attempt's id (reason, provider ids, amounts). */
  audit?: Record<string, unknown>;
  /**
   * The order's status the live event reports; or the change this transition makes to the
   * order (a success pays it), run after the attempt's audit row and roll-ups, returning the
   * order's status then.
   */
  order:
    | OrderStatus
    | ((attempt: AttemptRow, facts: SuccessFacts, moved: OrderRow | null) => Promise<OrderStatus>);
  /**
   * The order's move this transition causes, when it is known before (a success that pays the
   * order): made by the attempt's own UPDATE statement, in a data-modifying WITH, and only if
   * the attempt moves, so that both rows cost one round trip. `order` receives the order's row
   * as moved (null: the order was no longer in a status to make the move) to finish the move
   * (finishOrderMove) where the order's change comes among the effects.
   */
  orderMove?: OrderMove;
  /**
   * What the order's paid parts sum to (paidSoFar), as the caller's decision read it: the row
   * moves only while they still do (for terms read before the order's lock was held: see
   * succeedAttempt).
   */
  paidPartsStill?: bigint;
}

/** The audit action of a move to `to`; null: the provider merely saw the request (pending). */
function auditAction(to: AttemptStatus, after: AttemptRow): string | null {
  switch (to) {
    case "succeeded":
      return after.isDuplicate ? "attempt.duplicate_success" : "attempt.succeed";
    case "failed":
      return "attempt.fail";
    case "expired":
      return "attempt.expire";
    case "cancelled":
      return "attempt.cancel";
    case "created":
    case "pending":
      return null;
  }
}

/**
 * The order's attempts still open (those allowed to move to cancelled) other than `exceptId`
 * (null: none excepted), in `table` (the attempts' table, or an alias of it in a subquery).
 */
export function otherOpenAttempts(
  table: { id: AnyPgColumn; orderId: AnyPgColumn; status: AnyPgColumn },
  orderId: SQLWrapper,
  exceptId: SQLWrapper,
) {
  return and(
    eq(table.orderId, orderId),
    inArray(table.status, attemptStatusesInto("cancelled")),
    sql`${table.id} is distinct from ${exceptId}::uuid`,
  );
}

const otherAttemptName = "other_attempt";
const otherAttempt = alias(paymentAttempts, otherAttemptName);

/**
 * What a success's UPDATE reads besides the row, each an index probe in the statement that runs
 * anyway, so that a follow-up finding nothing to do (nearly always) costs no statement of its
 * own: whether the order has other open requests to close (new ones are made under the order's
 * lock, which every success holds: none can appear later in its transaction), failure records
 * to mark recovered, and whether the method's day the success lands on is closed. Read after
 * the row's change, at the moment the follow-ups' own statements used to run but for the few
 * statements between.
 */
const successFacts = {
  otherOpen: sql<boolean>`exists (select 1 from ${paymentAttempts} as ${sql.identifier(otherAttemptName)} where ${otherOpenAttempts(
    otherAttempt,
    paymentAttempts.orderId,
    paymentAttempts.id,
  )})`,
  failuresToRecover: hasRecoverableFailures(paymentAttempts.orderId),
  dayClosed: closedDayAt(
    paymentAttempts.merchantId,
    paymentAttempts.methodId,
    sql`coalesce(${paymentAttempts.succeededAt}, ${paymentAttempts.updatedAt})`,
  ),
};

/** What a success's UPDATE found (successFacts); null for any other transition. */
export type SuccessFacts = { otherOpen: boolean; failuresToRecover: boolean } | null;

/** A row transitionAttempt's UPDATE returns: the attempt, where its roll-ups live, a success's facts. */
type AttemptUpdated = AttemptRow & {
  rollupStoreId: string;
  rollupDay: string;
  rollupHour: number;
  rollupZone: string;
} & Partial<Record<keyof typeof successFacts, boolean>>;

/** A row of transitionAttempt's UPDATE made with an order's move: the two CTEs' rows. */
type AttemptAndOrderMoved = { moved_attempt: AttemptUpdated; moved_order: OrderRow | null };

/** What transitionAttempt's UPDATE sets, and the order's move made with it, if any. */
interface AttemptUpdateShape {
  to: AttemptStatus;
  columns: string[];
  order?: OrderMoveShape;
  paidChecked: boolean;
}

/** The placeholders of the order's move in the attempt's statement are named so. */
const orderPrefix = "order_";

/**
 * The UPDATE of transitionAttempt (its only user), one template per target status, set of
 * columns changed and order move made with it: it moves the row only while it still is in a
 * status allowed to move to `to`. With an order move, the attempt's UPDATE and the order's
 * (orderMoveUpdate) are one data-modifying WITH, the order's made only if the attempt's row
 * moved: its rows come back as `{ moved_attempt, moved_order }`.
 */
const updateAttemptStatus = statementTemplatesByShape<
  AttemptUpdateShape,
  Record<string, unknown>,
  (AttemptUpdated | AttemptAndOrderMoved)[]
>(
  "transition_attempt",
  (shape: AttemptUpdateShape) =>
    [shape.to, ...shape.columns].join(",") +
    (shape.order ? `+order:${orderMoveKey(shape.order)}` : "") +
    (shape.paidChecked ? "+paid" : ""),
  (db, _, { to, columns, order, paidChecked }) => {
    const update = db
      .update(paymentAttempts)
      .set({
        ...Object.fromEntries(columns.map((k) => [k, setTo(sql.placeholder(k))])),
        status: to,
      })
      .where(
        and(
          eq(paymentAttempts.id, sql.placeholder("id")),
          inArray(paymentAttempts.status, attemptStatusesInto(to)),
          paidChecked
            ? sql`${paidSoFarSql(sql.placeholder("paid_order_id"))} = ${sql.placeholder("paid_parts")}`
            : undefined,
        ),
      );
    const returned = {
      ...attemptColumns,
      ...attemptRollupPlace,
      ...(to === "succeeded" ? successFacts : {}),
    };
    if (!order) return update.returning(returned);
    // A WITH's columns are read by name: the computed ones are named after their keys.
    const movedAttempt = db
      .$with("moved_attempt")
      .as(
        update.returning(
          Object.fromEntries(
            Object.entries(returned).map(([k, v]) => [k, is(v, SQL) ? v.as(k) : v]),
          ) as unknown as typeof returned,
        ),
      );
    const movedOrder = db
      .$with("moved_order")
      .as(
        orderMoveUpdate(
          db,
          order,
          orderPrefix,
          sql`exists (select 1 from ${movedAttempt})`,
        ).returning(),
      );
    return db
      .with(movedAttempt, movedOrder)
      .select()
      .from(movedAttempt)
      .leftJoin(movedOrder, sql`true`);
  },
);

/**
 * The one way an attempt's status changes, in the caller's transaction: checks the transition
 * table, updates the row only while it still is in a status allowed to move to `to`, then
 * writes what the move implies — the failure record (failed, expired), the audit row, the
 * roll-ups (pending and cancelled count nothing there), the re-opening of a reconciled day the
 * success lands on (a late payment changes a closed day; only when the UPDATE found it closed),
 * the order's change (told a success's successFacts), the promotion
 * discount lines spent or given back (server/promotions; a late success spends its lines even
 * when they had been given back, past the budget if need be) and the live event.
 * Returns the updated row, or null when another transaction moved the attempt first.
 */
export async function transitionAttempt(
  tx: Tx,
  actor: Actor,
  attempt: AttemptRow,
  to: AttemptStatus,
  effects: AttemptEffects,
): Promise<AttemptRow | null> {
  assertAttemptTransition(attempt.status, to);
  // The row, and where its roll-ups live: read by the UPDATE rather than by a statement of their own.
  const set = definedOnly({ ...effects.set, updatedAt: new Date() });
  const move = effects.orderMove;
  const paid = effects.paidPartsStill;
  const [found] = await updateAttemptStatus(
    tx,
    { to, columns: Object.keys(set).sort(), order: move?.shape, paidChecked: paid !== undefined },
    {
      ...set,
      id: attempt.id,
      ...move?.values(orderPrefix),
      // Compared with paidSoFarSql, which reads the sum as text.
      ...(paid === undefined
        ? {}
        : { paid_order_id: attempt.orderId, paid_parts: paid.toString() }),
    },
  );
  // With an order move the statement's rows are the two CTEs' (see updateAttemptStatus).
  const both = move ? (found as AttemptAndOrderMoved | undefined) : undefined;
  const updated = move ? both?.moved_attempt : (found as AttemptUpdated | undefined);
  const movedOrder = both?.moved_order ?? null;
  if (!updated) return null;
  // Only a success's UPDATE reads successFacts.
  const {
    rollupStoreId: _s,
    rollupDay: _d,
    rollupHour: _h,
    rollupZone: _z,
    otherOpen,
    failuresToRecover,
    dayClosed,
    ...row
  } = updated;
  const facts: SuccessFacts =
    to === "succeeded"
      ? { otherOpen: otherOpen === true, failuresToRecover: failuresToRecover === true }
      : null;
  if (to === "failed" || to === "expired") await recordAttemptFailure(tx, row);
  const action = auditAction(to, row);
  if (action) {
    await recordAudit(tx, actor, {
      merchantId: row.merchantId,
      action,
      entityType: "order",
      entityId: row.orderId,
      after: { attemptId: row.id, ...effects.audit },
    });
  }
  if (to !== "pending" && to !== "cancelled") await bumpTransitionRollups(tx, updated, attempt);
  if (to === "succeeded" && dayClosed)
    await reopenClosedDay(
      tx,
      actor,
      row.merchantId,
      row.methodId,
      row.succeededAt ?? row.updatedAt,
      "payment",
    );
  const orderStatus =
    typeof effects.order === "function"
      ? await effects.order(row, facts, movedOrder)
      : effects.order;
  // After the order's change: a late success has then closed the order's other requests,
  // giving their discounts back, before its own discount is spent (see settlePromotionHolds).
  await settlePromotionHolds(tx, row, to);
  await publishEvent(tx, {
    merchantId: row.merchantId,
    orderId: row.orderId,
    token: row.token,
    orderStatus,
    attemptStatus: to,
  });
  return row;
}

import { and, eq, inArray, isNull, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { one } from "@/db/one";
import {
  cashShifts,
  memberships,
  merchants,
  paymentAttempts,
  paymentMethods,
  refunds,
  shiftPaidOuts,
  stores,
  users,
} from "@/db/schema";
import type { DbOrTx, Db, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { confirmsShifts, type Role } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { personLabel } from "@/server/team/person-label";
import {
  assertShiftTransition,
  cashDifference,
  expectedCash,
  shiftStatusesInto,
  type ShiftStatus,
} from "./shift.logic";
import {
  closeShiftForCashierInput,
  closeShiftInput,
  confirmShiftInput,
  listShiftsInput,
  openShiftInput,
  paidOutInput,
  type CloseShiftForCashierInput,
  type CloseShiftInput,
  type ConfirmShiftInput,
  type ListShiftsInput,
  type OpenShiftInput,
  type PaidOutInput,
} from "./shift.schema";

/** Who acts on a shift: the audit's actor, the signed-in person and their role in the shop. */
export interface ShiftActor {
  actor: Actor;
  userId: string;
  role: Role;
}

export type ShiftRow = typeof cashShifts.$inferSelect;

const notFound = () => new DomainError("NOT_FOUND", "shiftNotFound", "Shift not found");
const notYours = () =>
  new DomainError("FORBIDDEN", "shiftNotYours", "Only the cashier of this shift may do this");

const notOpen = () =>
  new DomainError("INVALID_STATE", "shiftNotOpen", "This shift is already closed");

const sumText = (column: SQL | AnyColumn) => sql<string>`coalesce(sum(${column}), 0)::text`;

/** What a shift took, method by method (every method its cashier took, not only cash). */
async function methodTotals(db: DbOrTx, shiftId: string) {
  const rows = await db
    .select({
      methodId: paymentMethods.id,
      label: paymentMethods.label,
      kind: paymentMethods.kind,
      currency: paymentAttempts.currency,
      payments: sql<number>`count(*)::int`,
      amountMinor: sumText(sql`${paymentAttempts.amountMinor}`),
      feeMinor: sumText(sql`coalesce(${paymentAttempts.feeMinor}, 0)`),
    })
    .from(paymentAttempts)
    .innerJoin(paymentMethods, eq(paymentMethods.id, paymentAttempts.methodId))
    .where(and(eq(paymentAttempts.shiftId, shiftId), eq(paymentAttempts.status, "succeeded")))
    .groupBy(paymentMethods.id, paymentMethods.label, paymentMethods.kind, paymentAttempts.currency)
    .orderBy(paymentMethods.label, paymentAttempts.currency);
  return rows.map((r) => ({
    ...r,
    payments: Number(r.payments),
    amountMinor: BigInt(r.amountMinor),
    feeMinor: BigInt(r.feeMinor),
  }));
}

/**
 * The drawer's figures of a shift from the rows stamped with its id: the close reads them
 * under the shift's lock, the open shift's running totals read them as they stand.
 */
async function drawerFigures(db: DbOrTx, shift: ShiftRow) {
  const methods = await methodTotals(db, shift.id);
  const cashSalesMinor = methods
    .filter((m) => m.kind === "cash" && m.currency === shift.currency)
    .reduce((sum, m) => sum + m.amountMinor, 0n);
  const [refunded] = await db
    .select({ sum: sumText(refunds.amountMinor) })
    .from(refunds)
    .where(
      and(
        eq(refunds.shiftId, shift.id),
        eq(refunds.status, "succeeded"),
        eq(refunds.currency, shift.currency),
      ),
    );
  const [paidOut] = await db
    .select({ sum: sumText(shiftPaidOuts.amountMinor) })
    .from(shiftPaidOuts)
    .where(eq(shiftPaidOuts.shiftId, shift.id));
  const movements = {
    floatMinor: shift.floatMinor,
    cashSalesMinor,
    cashRefundsMinor: BigInt(refunded?.sum ?? "0"),
    paidOutsMinor: BigInt(paidOut?.sum ?? "0"),
  };
  return { methods, ...movements, expectedMinor: expectedCash(movements) };
}

/**
 * The one way a shift's status changes, in the caller's transaction: checks the transition
 * table, updates the row only while its status may still move to `to`, and writes the audit
 * row. Returns the updated row, or null when another transaction moved it first.
 */
async function transitionShift(
  tx: Tx,
  actor: Actor,
  shift: ShiftRow,
  to: ShiftStatus,
  changes: Partial<ShiftRow>,
  audit: Record<string, unknown>,
): Promise<ShiftRow | null> {
  assertShiftTransition(shift.status, to);
  const [row] = await tx
    .update(cashShifts)
    .set({ ...changes, status: to, updatedAt: new Date() })
    .where(and(eq(cashShifts.id, shift.id), inArray(cashShifts.status, shiftStatusesInto(to))))
    .returning();
  if (!row) return null;
  await recordAudit(tx, actor, {
    merchantId: row.merchantId,
    action: shiftAuditAction(row, to),
    entityType: "shift",
    entityId: row.id,
    before: { status: shift.status },
    after: { status: to, storeId: row.storeId, cashierId: row.cashierId, ...audit },
  });
  return row;
}

/** A close by someone other than the cashier is its own act in the audit log: it names another's drawer. */
function shiftAuditAction(row: ShiftRow, to: ShiftStatus) {
  if (to === "confirmed") return "shift.confirm";
  return row.closedBy === row.cashierId ? "shift.close" : "shift.close_for_cashier";
}

/** Locks one of the merchant's shifts for the rest of the transaction (see shift-drawer.service.ts). */
async function lockShift(tx: Tx, merchantId: string, shiftId: string) {
  const [shift] = await tx
    .select()
    .from(cashShifts)
    .where(and(eq(cashShifts.id, shiftId), eq(cashShifts.merchantId, merchantId)))
    .for("update");
  if (!shift) throw notFound();
  return shift;
}

/** A cashier opens a shift at a store of the shop with the float counted into the drawer. */
export async function openShift(db: Db, who: ShiftActor, merchantId: string, raw: OpenShiftInput) {
  const input = openShiftInput.parse(raw);
  return db.transaction(async (tx) => {
    const [store] = await tx
      .select({ id: stores.id, currency: merchants.defaultCurrency })
      .from(stores)
      .innerJoin(merchants, eq(merchants.id, stores.merchantId))
      .where(
        and(
          eq(stores.id, input.storeId),
          eq(stores.merchantId, merchantId),
          isNull(stores.closedAt),
        ),
      );
    if (!store) throw new DomainError("NOT_FOUND", "storeNotFound", "Store not found");
    const [opened] = await tx
      .insert(cashShifts)
      .values({
        merchantId,
        storeId: store.id,
        cashierId: who.userId,
        currency: store.currency,
        floatMinor: input.floatMinor,
      })
      // The partial unique index: one open shift per cashier and store, even under races.
      .onConflictDoNothing()
      .returning();
    if (!opened)
      throw new DomainError(
        "CONFLICT",
        "shiftAlreadyOpen",
        "You already have an open shift at this store",
      );
    await recordAudit(tx, who.actor, {
      merchantId,
      action: "shift.open",
      entityType: "shift",
      entityId: opened.id,
      after: {
        storeId: opened.storeId,
        floatMinor: opened.floatMinor.toString(),
        currency: opened.currency,
      },
    });
    return opened;
  });
}

/** Locks the caller's own open shift, refusing anyone else's and a closed one. */
async function lockOwnOpenShift(tx: Tx, who: ShiftActor, merchantId: string, shiftId: string) {
  const shift = await lockShift(tx, merchantId, shiftId);
  if (shift.cashierId !== who.userId) throw notYours();
  if (shift.status !== "open") throw notOpen();
  return shift;
}

/** Cash taken out of the cashier's drawer during the shift (a supplier, petty cash), audited. */
export async function recordPaidOut(
  db: Db,
  who: ShiftActor,
  merchantId: string,
  raw: PaidOutInput,
) {
  const input = paidOutInput.parse(raw);
  return db.transaction(async (tx) => {
    const shift = await lockOwnOpenShift(tx, who, merchantId, input.shiftId);
    const paidOut = one(
      await tx
        .insert(shiftPaidOuts)
        .values({
          merchantId,
          shiftId: shift.id,
          kind: input.kind,
          amountMinor: input.amountMinor,
          currency: shift.currency,
          reason: input.reason,
          createdBy: who.userId,
        })
        .returning(),
      "paid-out",
    );
    await recordAudit(tx, who.actor, {
      merchantId,
      action: "shift.paid_out",
      entityType: "shift",
      entityId: shift.id,
      after: {
        paidOutId: paidOut.id,
        kind: paidOut.kind,
        amountMinor: paidOut.amountMinor.toString(),
        currency: paidOut.currency,
        reason: paidOut.reason,
      },
    });
    return paidOut;
  });
}

/**
 * Closes a locked open shift with the drawer's count, by its cashier or for them. Under the
 * shift's lock no sale, refund or paid-out can join it any more, and every one that did has
 * committed: the figures read now are the shift's for good, kept on the row with the count,
 * the difference and who counted.
 */
async function closeCounted(
  tx: Tx,
  who: ShiftActor,
  shift: ShiftRow,
  countedMinor: bigint,
  reason: string | null,
  now: Date,
) {
  const figures = await drawerFigures(tx, shift);
  const differenceMinor = cashDifference(countedMinor, figures.expectedMinor);
  const closed = await transitionShift(
    tx,
    who.actor,
    shift,
    "closed",
    {
      closedAt: now,
      closedBy: who.userId,
      closeReason: reason,
      cashSalesMinor: figures.cashSalesMinor,
      cashRefundsMinor: figures.cashRefundsMinor,
      paidOutsMinor: figures.paidOutsMinor,
      expectedMinor: figures.expectedMinor,
      countedMinor,
      differenceMinor,
    },
    {
      currency: shift.currency,
      expectedMinor: figures.expectedMinor.toString(),
      countedMinor: countedMinor.toString(),
      differenceMinor: differenceMinor.toString(),
      ...(reason ? { reason } : {}),
    },
  );
  if (!closed) throw new Error(`shift ${shift.id} did not move under its lock`);
  return { ...closed, methods: figures.methods };
}

/** The cashier closes their shift with the drawer's count. */
export async function closeShift(
  db: Db,
  who: ShiftActor,
  merchantId: string,
  raw: CloseShiftInput,
  now = new Date(),
) {
  const input = closeShiftInput.parse(raw);
  return db.transaction(async (tx) => {
    const shift = await lockOwnOpenShift(tx, who, merchantId, input.shiftId);
    return closeCounted(tx, who, shift, input.countedMinor, null, now);
  });
}

/** Whether the person is an owner of the shop now (not when they opened a shift). */
async function isOwnerOf(tx: Tx, merchantId: string, userId: string) {
  const [owner] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.merchantId, merchantId),
        eq(memberships.userId, userId),
        eq(memberships.role, "owner"),
      ),
    );
  return owner !== undefined;
}

/**
 * A manager or the owner closes a cashier's open shift for them (the cashier went home sick,
 * was removed or moved to another role, and only they could close it): they count the drawer
 * and say why. The close is the same as the cashier's, recorded as theirs; they then do not
 * confirm the count they made (confirmShift). An owner's drawer is the owner's money, so only
 * an owner counts it for them: a manager asks the owner instead.
 */
export async function closeShiftForCashier(
  db: Db,
  who: ShiftActor,
  merchantId: string,
  raw: CloseShiftForCashierInput,
  now = new Date(),
) {
  const input = closeShiftForCashierInput.parse(raw);
  if (!confirmsShifts.includes(who.role))
    throw new DomainError("FORBIDDEN", "roleForbidden", "Your role may not do this");
  return db.transaction(async (tx) => {
    const shift = await lockShift(tx, merchantId, input.shiftId);
    if (shift.cashierId === who.userId)
      throw new DomainError("INVALID_STATE", "shiftIsYours", "Close your own shift from My shift");
    if (shift.status !== "open") throw notOpen();
    if (who.role !== "owner" && (await isOwnerOf(tx, merchantId, shift.cashierId)))
      throw new DomainError(
        "FORBIDDEN",
        "shiftOwnersOwn",
        "Only an owner closes an owner's shift: ask the owner",
      );
    return closeCounted(tx, who, shift, input.countedMinor, input.reason, now);
  });
}

/**
 * A manager (or the owner) confirms a closed shift's count; a count that differs needs a note
 * saying what was found. Nobody but the owner confirms a count of their own drawer or a count
 * they made of someone else's: four eyes on every count, and since every shop has an owner,
 * a manager who is the only manager leaves the confirming to the owner. Nobody checks the
 * owner's own counts: the money is theirs.
 */
export async function confirmShift(
  db: Db,
  who: ShiftActor,
  merchantId: string,
  raw: ConfirmShiftInput,
  now = new Date(),
) {
  const input = confirmShiftInput.parse(raw);
  if (!confirmsShifts.includes(who.role))
    throw new DomainError("FORBIDDEN", "roleForbidden", "Your role may not do this");
  return db.transaction(async (tx) => {
    const shift = await lockShift(tx, merchantId, input.shiftId);
    const counted = shift.cashierId === who.userId || shift.closedBy === who.userId;
    if (counted && who.role !== "owner")
      throw new DomainError("FORBIDDEN", "shiftOwnCount", "Someone else confirms your own count");
    const note = input.note || null;
    if (shift.differenceMinor !== null && shift.differenceMinor !== 0n && !note)
      throw new DomainError(
        "VALIDATION",
        "shiftNoteRequired",
        "Say what was found about the difference before confirming",
      );
    const confirmed = await transitionShift(
      tx,
      who.actor,
      shift,
      "confirmed",
      { confirmedBy: who.userId, confirmedAt: now, confirmNote: note },
      { differenceMinor: shift.differenceMinor?.toString() ?? null, note },
    );
    if (!confirmed) throw new Error(`shift ${shift.id} did not move under its lock`);
    return confirmed;
  });
}

const cashier = alias(users, "cashier");
const closer = alias(users, "closer");
const confirmer = alias(users, "confirmer");

/** Whether the shift's cashier is in the shop now (and `also` holds of their membership). */
const cashierMember = (also?: SQL) =>
  sql<boolean>`exists (select 1 from ${memberships} where ${memberships.userId} = ${cashShifts.cashierId} and ${memberships.merchantId} = ${cashShifts.merchantId}${also ? sql` and ${also}` : sql``})`;

function selectShifts(db: DbOrTx) {
  return db
    .select({
      id: cashShifts.id,
      storeId: cashShifts.storeId,
      storeName: stores.name,
      cashierId: cashShifts.cashierId,
      cashierName: personLabel(cashier),
      // A cashier removed from the team leaves their open shift for a manager to close.
      cashierInTeam: cashierMember(),
      // Only an owner closes an owner's shift for them (closeShiftForCashier).
      cashierIsOwner: cashierMember(eq(memberships.role, "owner")),
      status: cashShifts.status,
      currency: cashShifts.currency,
      floatMinor: cashShifts.floatMinor,
      openedAt: cashShifts.openedAt,
      closedAt: cashShifts.closedAt,
      closedById: cashShifts.closedBy,
      closedByName: personLabel(closer),
      closeReason: cashShifts.closeReason,
      cashSalesMinor: cashShifts.cashSalesMinor,
      cashRefundsMinor: cashShifts.cashRefundsMinor,
      paidOutsMinor: cashShifts.paidOutsMinor,
      expectedMinor: cashShifts.expectedMinor,
      countedMinor: cashShifts.countedMinor,
      differenceMinor: cashShifts.differenceMinor,
      confirmedByName: personLabel(confirmer),
      confirmedAt: cashShifts.confirmedAt,
      confirmNote: cashShifts.confirmNote,
    })
    .from(cashShifts)
    .innerJoin(stores, eq(stores.id, cashShifts.storeId))
    .innerJoin(cashier, eq(cashier.id, cashShifts.cashierId))
    .leftJoin(closer, eq(closer.id, cashShifts.closedBy))
    .leftJoin(confirmer, eq(confirmer.id, cashShifts.confirmedBy));
}

const newestFirst: Keyset = {
  key: cashShifts.openedAt,
  id: cashShifts.id,
  kind: "instant",
  descending: true,
};

/** The shop's shifts, newest first, a page at a time (keyset in SQL), by status and store. */
export async function listShifts(db: DbOrTx, merchantId: string, raw: ListShiftsInput) {
  const input = listShiftsInput.parse(raw);
  const rows = await selectShifts(db)
    .where(
      and(
        eq(cashShifts.merchantId, merchantId),
        input.status ? eq(cashShifts.status, input.status) : undefined,
        input.storeId ? eq(cashShifts.storeId, input.storeId) : undefined,
        keysetAfter(newestFirst, input.cursor),
      ),
    )
    .orderBy(...keysetOrderBy(newestFirst))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (r) => [r.openedAt, r.id]);
}

/** The paid-outs of a shift, in the order they were made. */
function paidOutsOf(db: DbOrTx, shiftId: string) {
  return db
    .select({
      id: shiftPaidOuts.id,
      kind: shiftPaidOuts.kind,
      amountMinor: shiftPaidOuts.amountMinor,
      currency: shiftPaidOuts.currency,
      reason: shiftPaidOuts.reason,
      createdAt: shiftPaidOuts.createdAt,
    })
    .from(shiftPaidOuts)
    .where(eq(shiftPaidOuts.shiftId, shiftId))
    .orderBy(shiftPaidOuts.createdAt);
}

/**
 * One shift with its method totals and paid-outs: a closed one as it was counted, an open one
 * as it stands. Its cashier sees their own; those who confirm see every one.
 */
export async function getShift(db: DbOrTx, who: ShiftActor, merchantId: string, shiftId: string) {
  const [row] = await selectShifts(db).where(
    and(eq(cashShifts.id, shiftId), eq(cashShifts.merchantId, merchantId)),
  );
  if (!row) throw notFound();
  if (row.cashierId !== who.userId && !confirmsShifts.includes(who.role)) throw notFound();
  const shift = one(await db.select().from(cashShifts).where(eq(cashShifts.id, shiftId)), "shift");
  const figures = await drawerFigures(db, shift);
  return {
    ...row,
    methods: figures.methods,
    paidOuts: await paidOutsOf(db, shiftId),
    // An open shift's drawer as it stands; a closed one's as it was counted.
    running: row.status === "open" ? figures : null,
  };
}

/** The caller's open shift at a store with its running totals, or null. */
export async function currentShift(
  db: DbOrTx,
  who: ShiftActor,
  merchantId: string,
  storeId: string,
) {
  const [open] = await db
    .select({ id: cashShifts.id })
    .from(cashShifts)
    .where(
      and(
        eq(cashShifts.merchantId, merchantId),
        eq(cashShifts.cashierId, who.userId),
        eq(cashShifts.storeId, storeId),
        eq(cashShifts.status, "open"),
      ),
    );
  return open ? getShift(db, who, merchantId, open.id) : null;
}

import { aliasedTable, and, asc, eq } from "drizzle-orm";
import { orders, supportNotes, users } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import {
  listSupportNotesInput,
  type AddSupportNoteInput,
  type ListSupportNotesInput,
} from "./support-note.schema";
import { one } from "@/db/one";
import { personLabel } from "@/server/team/person-label";

const resolver = aliasedTable(users, "resolver");

function selectNotes(db: DbOrTx) {
  return db
    .select({
      id: supportNotes.id,
      orderId: supportNotes.orderId,
      orderNumber: orders.number,
      body: supportNotes.body,
      status: supportNotes.status,
      createdAt: supportNotes.createdAt,
      createdByName: personLabel(users),
      resolvedAt: supportNotes.resolvedAt,
      resolvedByName: personLabel(resolver),
    })
    .from(supportNotes)
    .innerJoin(orders, eq(orders.id, supportNotes.orderId))
    .leftJoin(users, eq(users.id, supportNotes.createdBy))
    .leftJoin(resolver, eq(resolver.id, supportNotes.resolvedBy));
}

/** Staff write down what the customer said and what was done, on the order; open until resolved. */
export async function addSupportNote(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: AddSupportNoteInput,
) {
  return db.transaction((tx) => writeSupportNote(tx, actor, merchantId, input));
}

/**
 * A note on one of the shop's orders with its audit row, in the caller's transaction (a
 * reply to a customer's feedback is one, written with the feedback's link to it).
 */
export async function writeSupportNote(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  input: AddSupportNoteInput,
) {
  const [order] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, input.orderId), eq(orders.merchantId, merchantId)));
  if (!order) throw new DomainError("NOT_FOUND", "orderNotFound", "Order not found");
  const note = one(
    await tx
      .insert(supportNotes)
      .values({ merchantId, orderId: order.id, body: input.body, createdBy: actor.userId })
      .returning(),
    "support note",
  );
  await recordAudit(tx, actor, {
    merchantId,
    action: "support_note.add",
    entityType: "order",
    entityId: order.id,
    after: { noteId: note.id, body: input.body },
  });
  return note;
}

/** Closes an open note: one conditional update, so two people resolving it cannot both win. */
export async function resolveSupportNote(db: Db, actor: Actor, merchantId: string, noteId: string) {
  return db.transaction(async (tx) => {
    const [note] = await tx
      .update(supportNotes)
      .set({ status: "resolved", resolvedAt: new Date(), resolvedBy: actor.userId })
      .where(
        and(
          eq(supportNotes.id, noteId),
          eq(supportNotes.merchantId, merchantId),
          eq(supportNotes.status, "open"),
        ),
      )
      .returning({ id: supportNotes.id, orderId: supportNotes.orderId });
    if (!note) {
      const [exists] = await tx
        .select({ id: supportNotes.id })
        .from(supportNotes)
        .where(and(eq(supportNotes.id, noteId), eq(supportNotes.merchantId, merchantId)));
      throw exists
        ? new DomainError("CONFLICT", "noteAlreadyResolved", "This note is already resolved")
        : new DomainError("NOT_FOUND", "noteNotFound", "Support note not found");
    }
    await recordAudit(tx, actor, {
      merchantId,
      action: "support_note.resolve",
      entityType: "order",
      entityId: note.orderId,
      after: { noteId },
    });
  });
}

/** The notes of one order, oldest first (they read as a conversation). */
export function listOrderNotes(db: DbOrTx, merchantId: string, orderId: string) {
  return selectNotes(db)
    .where(and(eq(supportNotes.orderId, orderId), eq(supportNotes.merchantId, merchantId)))
    .orderBy(asc(supportNotes.createdAt));
}

const newestNotesFirst: Keyset = {
  key: supportNotes.createdAt,
  id: supportNotes.id,
  kind: "instant",
  descending: true,
};

/** The follow-up list: open (or resolved) notes across orders, newest first, keyset-paginated. */
export async function listSupportNotes(
  db: DbOrTx,
  merchantId: string,
  rawInput: ListSupportNotesInput,
) {
  const input = listSupportNotesInput.parse(rawInput);
  const rows = await selectNotes(db)
    .where(
      and(
        eq(supportNotes.merchantId, merchantId),
        eq(supportNotes.status, input.status),
        keysetAfter(newestNotesFirst, input.cursor),
      ),
    )
    .orderBy(...keysetOrderBy(newestNotesFirst))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (r) => [r.createdAt, r.id]);
}

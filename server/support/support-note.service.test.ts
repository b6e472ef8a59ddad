import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { newOrder, seedPayments, type PaymentsSeed } from "@/test/payments";
import {
  addSupportNote,
  listOrderNotes,
  listSupportNotes,
  resolveSupportNote,
} from "./support-note.service";
import { labelOf } from "@/test/fixtures";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
let other: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Notes");
  other = await seedPayments(db, "Elsewhere");
});

describe(`support notes (${engine})`, () => {
  it("adds notes to an order, with author and audit, listed oldest first on the order", async () => {
    const order = await newOrder(db, seed);
    const first = await addSupportNote(db, seed.staff, seed.merchant.id, {
      orderId: order.id,
      body: "Customer says the wallet showed no balance.",
    });
    await addSupportNote(db, seed.manager, seed.merchant.id, {
      orderId: order.id,
      body: "Paid in cash instead.",
    });
    const notes = await listOrderNotes(db, seed.merchant.id, order.id);
    expect(notes.map((n) => [n.body, n.status, n.createdByName])).toEqual([
      ["Customer says the wallet showed no balance.", "open", labelOf(seed.people.staff)],
      ["Paid in cash instead.", "open", labelOf(seed.people.manager)],
    ]);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, order.id), eq(auditLog.action, "support_note.add")));
    expect(audit).toHaveLength(2);
    expect(audit[0]!.after).toMatchObject({ noteId: first.id });
  });

  it("resolves a note once; the follow-up list moves it from open to resolved", async () => {
    const order = await newOrder(db, seed);
    const note = await addSupportNote(db, seed.staff, seed.merchant.id, {
      orderId: order.id,
      body: "Call back tomorrow",
    });
    expect((await listSupportNotes(db, seed.merchant.id, {})).rows.map((n) => n.id)).toContain(
      note.id,
    );
    await resolveSupportNote(db, seed.manager, seed.merchant.id, note.id);
    await expect(
      resolveSupportNote(db, seed.staff, seed.merchant.id, note.id),
    ).rejects.toMatchObject({ code: "CONFLICT", messageKey: "noteAlreadyResolved" });
    const open = await listSupportNotes(db, seed.merchant.id, { status: "open" });
    const resolved = await listSupportNotes(db, seed.merchant.id, { status: "resolved" });
    expect(open.rows.map((n) => n.id)).not.toContain(note.id);
    expect(resolved.rows.find((n) => n.id === note.id)).toMatchObject({
      resolvedByName: labelOf(seed.people.manager),
      orderNumber: order.number,
    });
  });

  it("pages the follow-up list without overlap", async () => {
    const order = await newOrder(db, seed);
    for (let i = 0; i < 5; i++)
      await addSupportNote(db, seed.staff, seed.merchant.id, { orderId: order.id, body: `n${i}` });
    const all = await listSupportNotes(db, seed.merchant.id, { limit: 100 });
    const p1 = await listSupportNotes(db, seed.merchant.id, { limit: 3 });
    const p2 = await listSupportNotes(db, seed.merchant.id, { limit: 3, cursor: p1.nextCursor! });
    expect([...p1.rows, ...p2.rows].map((n) => n.id)).toEqual(
      all.rows.slice(0, 6).map((n) => n.id),
    );
  });

  it("keeps merchants apart: no note on another's order, no resolving another's note", async () => {
    const theirs = await newOrder(db, other);
    await expect(
      addSupportNote(db, seed.staff, seed.merchant.id, { orderId: theirs.id, body: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const theirNote = await addSupportNote(db, other.staff, other.merchant.id, {
      orderId: theirs.id,
      body: "theirs",
    });
    await expect(
      resolveSupportNote(db, seed.manager, seed.merchant.id, theirNote.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listOrderNotes(db, seed.merchant.id, theirs.id)).toEqual([]);
  });
});

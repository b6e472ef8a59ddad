import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { seedMerchant } from "@/test/fixtures";
import {
  listAudit,
  recordAudit,
  verifyAuditChain,
  type Actor,
  type AuditEntry,
} from "./audit.service";

const { db } = setupTestDatabase();

const system: Actor = { userId: null, ip: "203.0.113.7", userAgent: "vitest" };

function append(entry: AuditEntry, actor: Actor = system) {
  return db.transaction((tx) => recordAudit(tx, actor, entry));
}

async function seqsOf(merchantId: string | null) {
  const rows = await db
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(merchantId ? eq(auditLog.merchantId, merchantId) : isNull(auditLog.merchantId))
    .orderBy(asc(auditLog.seq));
  return rows.map((r) => r.seq);
}

describe(`audit chain (${engine})`, () => {
  it("numbers each merchant's rows 1, 2, 3 and links each to the one before", async () => {
    const { merchant, people } = await seedMerchant(db, "Audit");
    const actor: Actor = { userId: people.owner.id, ip: "198.51.100.4", userAgent: "Firefox" };
    for (const name of ["a", "b", "c"]) {
      await append(
        {
          merchantId: merchant.id,
          action: "merchant.rename",
          entityType: "merchant",
          entityId: merchant.id,
          after: { name },
        },
        actor,
      );
    }

    expect(await seqsOf(merchant.id)).toEqual([1, 2, 3]);
    const rows = (await listAudit(db, merchant.id)).reverse();
    expect(rows.map((r) => r.after)).toEqual([{ name: "a" }, { name: "b" }, { name: "c" }]);
    expect(rows[0]!.prevHash).toBeNull();
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
    expect(rows[0]).toMatchObject({
      actorUserId: people.owner.id,
      ipAddress: "198.51.100.4",
      userAgent: "Firefox",
    });
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("keeps a separate chain per merchant, and one for rows without a merchant", async () => {
    const a = await seedMerchant(db, "ChainA");
    const b = await seedMerchant(db, "ChainB");
    await append({ merchantId: a.merchant.id, action: "x", entityType: "t" });
    await append({ merchantId: b.merchant.id, action: "x", entityType: "t" });
    await append({ merchantId: null, action: "system.start", entityType: "system" });
    await append({ merchantId: a.merchant.id, action: "y", entityType: "t" });
    await append({ merchantId: null, action: "system.start", entityType: "system" });

    expect(await seqsOf(a.merchant.id)).toEqual([1, 2]);
    expect(await seqsOf(b.merchant.id)).toEqual([1]);
    expect(await seqsOf(null)).toEqual([1, 2]);
    expect(await verifyAuditChain(db, a.merchant.id)).toBeNull();
    expect(await verifyAuditChain(db, b.merchant.id)).toBeNull();
    expect(await verifyAuditChain(db, null)).toBeNull();
  });

  it("verifies rows whose before/after went through jsonb (key order, dates, unicode, nesting)", async () => {
    const { merchant } = await seedMerchant(db, "Json");
    await append({
      merchantId: merchant.id,
      action: "merchant.settings.update",
      entityType: "merchant",
      entityId: merchant.id,
      before: {
        zeta: 1,
        alpha: { nested: [3, 1, 2], 名称: "茶馆" },
        amountMinor: 12345,
        ratio: 0.15,
      },
      after: { when: new Date("2025-01-02T03:04:05.678Z"), flag: false, empty: null, list: [] },
    });
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("verifies an empty chain as intact", async () => {
    const { merchant } = await seedMerchant(db, "Empty");
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("writes nothing when the surrounding transaction rolls back", async () => {
    const { merchant } = await seedMerchant(db, "Rollback");
    await append({ merchantId: merchant.id, action: "kept", entityType: "t" });
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, system, { merchantId: merchant.id, action: "lost", entityType: "t" });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    await append({ merchantId: merchant.id, action: "kept again", entityType: "t" });

    const rows = await listAudit(db, merchant.id);
    expect(rows.map((r) => r.action)).toEqual(["kept again", "kept"]);
    expect(await seqsOf(merchant.id)).toEqual([1, 2]);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("reports the seq of a row whose `after` was edited in the database", async () => {
    const { merchant } = await seedMerchant(db, "Tamper");
    for (const amount of [100, 200, 300, 400]) {
      await append({
        merchantId: merchant.id,
        action: "refund",
        entityType: "order",
        after: { amountMinor: amount },
      });
    }
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();

    await db.execute(
      sql`update audit_log set after = '{"amountMinor": 1}'::jsonb where merchant_id = ${merchant.id} and seq = 3`,
    );
    expect(await verifyAuditChain(db, merchant.id)).toBe(3);
  });

  it("reports a deleted row as the seq after the gap", async () => {
    const { merchant } = await seedMerchant(db, "Delete");
    for (let i = 0; i < 4; i++)
      await append({ merchantId: merchant.id, action: `a${i}`, entityType: "t" });
    await db.execute(sql`delete from audit_log where merchant_id = ${merchant.id} and seq = 2`);
    expect(await verifyAuditChain(db, merchant.id)).toBe(3);
  });

  it("does not let tampering with one merchant's chain affect another's", async () => {
    const a = await seedMerchant(db, "IsoA");
    const b = await seedMerchant(db, "IsoB");
    await append({ merchantId: a.merchant.id, action: "x", entityType: "t", after: { v: 1 } });
    await append({ merchantId: b.merchant.id, action: "x", entityType: "t", after: { v: 1 } });
    await db
      .update(auditLog)
      .set({ action: "forged" })
      .where(and(eq(auditLog.merchantId, a.merchant.id), eq(auditLog.seq, 1)));
    expect(await verifyAuditChain(db, a.merchant.id)).toBe(1);
    expect(await verifyAuditChain(db, b.merchant.id)).toBeNull();
  });

  it("gives 10 concurrent appends to one merchant seq 1..10 with an intact chain", async () => {
    const { merchant } = await seedMerchant(db, "Concurrent");
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        append({ merchantId: merchant.id, action: "concurrent", entityType: "t", after: { i } }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await seqsOf(merchant.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const written = (await listAudit(db, merchant.id)).map((r) => (r.after as { i: number }).i);
    expect(written.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await verifyAuditChain(db, merchant.id)).toBeNull();
  });

  it("lists newest first, filtered by entity type and limited", async () => {
    const { merchant } = await seedMerchant(db, "List");
    await append({ merchantId: merchant.id, action: "m1", entityType: "membership" });
    await append({ merchantId: merchant.id, action: "s1", entityType: "merchant" });
    await append({ merchantId: merchant.id, action: "m2", entityType: "membership" });

    expect((await listAudit(db, merchant.id)).map((r) => r.action)).toEqual(["m2", "s1", "m1"]);
    expect(
      (await listAudit(db, merchant.id, { entityType: "membership" })).map((r) => r.action),
    ).toEqual(["m2", "m1"]);
    expect((await listAudit(db, merchant.id, { limit: 1 })).map((r) => r.action)).toEqual(["m2"]);
  });
});

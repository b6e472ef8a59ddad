import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor, labelOf, seedMerchant } from "@/test/fixtures";
import { exportsByName } from "@/server/exports/export-registry";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { getAuditKey, type HeadStore } from "./audit-key";
import {
  exportAllAuditHeads,
  exportAuditHead,
  readExportedHead,
  verifyAuditLog,
} from "./audit-head.service";
import { auditHash, auditKeyFrom } from "./audit.logic";
import {
  checkAuditChain,
  listAuditLog,
  recordAudit,
  type Actor,
  type AuditEntry,
} from "./audit.service";

const { db } = setupTestDatabase();

const system: Actor = { userId: null, ip: "203.0.113.7", userAgent: "vitest" };

function append(entry: AuditEntry, actor: Actor = system) {
  return db.transaction((tx) => recordAudit(tx, actor, entry));
}

async function appendMany(merchantId: string, n: number, actor: Actor = system) {
  for (let i = 1; i <= n; i++) {
    await append({ merchantId, action: "step", entityType: "t", after: { i } }, actor);
  }
}

const headStore = (): HeadStore => ({
  dir: mkdtempSync(path.join(tmpdir(), "hexiao-heads-")),
  key: getAuditKey(),
});

describe(`keyed audit chain (${engine})`, () => {
  it("writes keyed rows after rows written before the key, and the chain verifies across", async () => {
    const { merchant } = await seedMerchant(db, "Legacy");
    // Two rows as the release before the key wrote them: plain SHA-256, no key id.
    let prevHash: string | null = null;
    for (const seq of [1, 2]) {
      const content = {
        merchantId: merchant.id,
        seq,
        actorUserId: null,
        action: "legacy",
        entityType: "t",
        entityId: null,
        before: null,
        after: { seq },
        ipAddress: null,
        userAgent: null,
        createdAt: new Date(Date.UTC(2025, 0, seq)),
        prevHash,
      };
      const hash = auditHash(content, null);
      await db.insert(auditLog).values({ ...content, hash });
      prevHash = hash;
    }
    await appendMany(merchant.id, 2);

    const rows = await db
      .select({ seq: auditLog.seq, keyId: auditLog.keyId, prevHash: auditLog.prevHash })
      .from(auditLog)
      .where(eq(auditLog.merchantId, merchant.id))
      .orderBy(auditLog.seq);
    expect(rows.map((r) => r.keyId)).toEqual([null, null, getAuditKey().id, getAuditKey().id]);
    expect(rows[2]!.prevHash).toBe(prevHash);
    expect(await checkAuditChain(db, merchant.id)).toMatchObject({
      intact: true,
      lastSeq: 4,
      legacyUpTo: 2,
    });
  });

  it("does not verify with another key (a database restored without its key), saying so", async () => {
    const { merchant } = await seedMerchant(db, "OtherKey");
    await appendMany(merchant.id, 2);
    expect(await checkAuditChain(db, merchant.id, auditKeyFrom(randomBytes(32)))).toEqual({
      intact: false,
      brokenSeq: 1,
      reason: "otherKey",
      intactUpTo: 0,
    });
  });

  it("catches a keyed row re-hashed by someone without the key", async () => {
    const { merchant } = await seedMerchant(db, "Rehash");
    await appendMany(merchant.id, 3);
    const [row] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, merchant.id), eq(auditLog.seq, 3)));
    const forged = { ...row!, after: { i: 999 } };
    await db
      .update(auditLog)
      .set({ after: forged.after, hash: auditHash(forged, null), keyId: null })
      .where(eq(auditLog.id, row!.id));
    expect(await checkAuditChain(db, merchant.id)).toMatchObject({
      intact: false,
      brokenSeq: 3,
      reason: "unkeyed",
    });
  });
});

describe(`exported chain heads (${engine})`, () => {
  it("exports a signed head outside the database that the chain matches as it grows", async () => {
    const { merchant } = await seedMerchant(db, "Head");
    const store = headStore();
    await appendMany(merchant.id, 3);
    const { head, previous } = await exportAuditHead(db, merchant.id, store);
    expect(previous).toBeNull();
    expect(head).toMatchObject({ merchantId: merchant.id, seq: 3, keyId: getAuditKey().id });
    const file = JSON.parse(readFileSync(path.join(store.dir, `${merchant.id}.json`), "utf8"));
    expect(file).toEqual(head);

    await appendMany(merchant.id, 2);
    expect(await verifyAuditLog(db, merchant.id, store)).toEqual({
      chain: { intact: true, lastSeq: 5, lastHash: expect.any(String), legacyUpTo: null },
      head: { exportedAt: head.exportedAt, seq: 3, comparison: { kind: "matches" } },
    });
  });

  it("detects the newest rows deleted after the export, which the chain alone cannot", async () => {
    const { merchant } = await seedMerchant(db, "Truncate");
    const store = headStore();
    await appendMany(merchant.id, 5);
    const { head } = await exportAuditHead(db, merchant.id, store);
    await db.execute(sql`delete from audit_log where merchant_id = ${merchant.id} and seq >= 4`);

    const verdict = await verifyAuditLog(db, merchant.id, store);
    expect(verdict.chain).toMatchObject({ intact: true, lastSeq: 3 });
    expect(verdict.head?.comparison).toEqual({
      kind: "deletedOrChanged",
      seq: 5,
      exportedAt: head.exportedAt,
    });
  });

  it("detects the head's row changed, and the job keeps the old head as evidence", async () => {
    const { merchant } = await seedMerchant(db, "Changed");
    const store = headStore();
    await appendMany(merchant.id, 3);
    await exportAllAuditHeads(db, store);
    const before = await readExportedHead(store.dir, merchant.id);
    await db
      .update(auditLog)
      .set({ hash: "f".repeat(64) })
      .where(and(eq(auditLog.merchantId, merchant.id), eq(auditLog.seq, 3)));

    expect((await verifyAuditLog(db, merchant.id, store)).head?.comparison).toMatchObject({
      kind: "deletedOrChanged",
      seq: 3,
    });
    await expect(exportAllAuditHeads(db, store)).rejects.toThrow(merchant.id);
    expect(await readExportedHead(store.dir, merchant.id)).toEqual(before);
  });

  it("reports a head edited in its folder as not signed", async () => {
    const { merchant } = await seedMerchant(db, "Forged");
    const store = headStore();
    await appendMany(merchant.id, 4);
    await exportAuditHead(db, merchant.id, store);
    const file = path.join(store.dir, `${merchant.id}.json`);
    const head = JSON.parse(readFileSync(file, "utf8"));
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, JSON.stringify({ ...head, seq: 2 }));
    expect((await verifyAuditLog(db, merchant.id, store)).head?.comparison).toEqual({
      kind: "badSignature",
    });
  });
});

describe(`the owner's audit log (${engine})`, () => {
  it("filters by person, action, entity and local dates, newest first", async () => {
    const { merchant, people } = await seedMerchant(db, "Filters");
    const owner: Actor = { userId: people.owner.id, ip: "198.51.100.1", userAgent: "Firefox" };
    const staff: Actor = { userId: people.staff.id, ip: "198.51.100.2", userAgent: "Safari" };
    const m = merchant.id;
    await append(
      { merchantId: m, action: "store.update", entityType: "store", entityId: "s1" },
      owner,
    );
    await append(
      { merchantId: m, action: "voucher.redeem", entityType: "voucher", entityId: "v1" },
      staff,
    );
    await append(
      { merchantId: m, action: "voucher.redeem", entityType: "voucher", entityId: "v2" },
      staff,
    );
    await append(
      {
        merchantId: m,
        action: "store.update",
        entityType: "store",
        entityId: "s2",
        before: { name: "A" },
        after: { name: "B" },
      },
      owner,
    );
    // Times moved to known instants around a Shanghai midnight (the chain is not under test here).
    const times = [
      "2026-03-01T15:59:00Z",
      "2026-03-01T16:00:00Z",
      "2026-03-02T15:59:59Z",
      "2026-03-02T16:00:00Z",
    ];
    for (const [i, at] of times.entries()) {
      await db
        .update(auditLog)
        .set({ createdAt: new Date(at) })
        .where(and(eq(auditLog.merchantId, m), eq(auditLog.seq, i + 1)));
    }
    const list = async (f: Parameters<typeof listAuditLog>[2]) =>
      (await listAuditLog(db, m, f)).rows.map((r) => r.seq);

    expect(await list({})).toEqual([4, 3, 2, 1]);
    expect(await list({ actorUserId: people.staff.id })).toEqual([3, 2]);
    expect(await list({ action: "store.update" })).toEqual([4, 1]);
    expect(await list({ entityType: "voucher", entityId: "v2" })).toEqual([3]);
    // 2 March in Shanghai is 1 March 16:00 UTC to 2 March 16:00 UTC.
    expect(await list({ from: "2026-03-02", to: "2026-03-02" })).toEqual([3, 2]);
    expect(await list({ from: "2026-03-03" })).toEqual([4]);

    const [newest] = (await listAuditLog(db, m, {})).rows;
    expect(newest).toMatchObject({
      actor: labelOf(people.owner),
      ipAddress: "198.51.100.1",
      userAgent: "Firefox",
      before: { name: "A" },
      after: { name: "B" },
    });
  });

  it("pages by keyset without gaps or repeats, and shows only the shop's rows", async () => {
    const a = await seedMerchant(db, "PagesA");
    const b = await seedMerchant(db, "PagesB");
    await appendMany(a.merchant.id, 7);
    await appendMany(b.merchant.id, 2);
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listAuditLog(db, a.merchant.id, { limit: 3, cursor });
      seen.push(...page.rows.map((r) => r.seq));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(pages).toBe(3);
  });

  it("is the owner's alone, and each owner sees only their shop", async () => {
    const a = await seedMerchant(db, "RouterA");
    const b = await seedMerchant(db, "RouterB");
    await appendMany(a.merchant.id, 2, { userId: a.people.owner.id, ip: null, userAgent: null });
    await appendMany(b.merchant.id, 3);
    const caller = (user: SessionUser) => createCaller(contextFor(db, user));

    for (const role of ["manager", "staff", "analyst"] as const) {
      expect((await expectTRPCError(caller(a.people[role]).audit.list({}))).code).toBe("FORBIDDEN");
      expect((await expectTRPCError(caller(a.people[role]).audit.verify())).code).toBe("FORBIDDEN");
      expect((await expectTRPCError(caller(a.people[role]).audit.exportHead())).code).toBe(
        "FORBIDDEN",
      );
    }
    const page = await caller(a.people.owner).audit.list({});
    expect(page.rows.map((r) => r.seq)).toEqual([2, 1]);
    const choices = await caller(a.people.owner).audit.filters();
    expect(choices).toEqual({
      actions: ["step"],
      entityTypes: ["t"],
      people: [{ id: a.people.owner.id, label: labelOf(a.people.owner) }],
    });
    expect((await caller(b.people.owner).audit.verify()).chain).toMatchObject({
      intact: true,
      lastSeq: 3,
    });
  });

  it("exports the filtered log as CSV through the export route, for the owner only, and audits it", async () => {
    const { merchant, people } = await seedMerchant(db, "Csv");
    await append(
      {
        merchantId: merchant.id,
        action: "store.update",
        entityType: "store",
        after: { name: "=1+1" },
      },
      { userId: people.owner.id, ip: "198.51.100.9", userAgent: "Firefox" },
    );
    await append({ merchantId: merchant.id, action: "voucher.redeem", entityType: "voucher" });
    const download = (user: SessionUser, query: string) =>
      exportsByName.audit!(
        contextFor(db, user),
        new Request(`http://hexiao.test/api/exports/audit?locale=en&${query}`),
      );

    expect((await download(people.manager, "")).status).toBe(403);
    const res = await download(people.owner, "entityType=store");
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "No.,Time,Person,Action,Entity type,Entity ID,IP address,Device,Before,After",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(labelOf(people.owner));
    expect(lines[1]).toContain("store.update");
    expect(lines[1]).toContain("198.51.100.9");
    expect(lines[1]).toContain(`"{""name"":""=1+1""}"`);

    const [recorded] = (await listAuditLog(db, merchant.id, { action: "export.download" })).rows;
    expect(recorded).toMatchObject({
      actorUserId: people.owner.id,
      entityType: "export",
      after: { format: "csv", filters: { entityType: "store" } },
    });
  });
});

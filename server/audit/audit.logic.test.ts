import { describe, expect, it } from "vitest";
import {
  auditHash,
  auditKeyFrom,
  checkChain,
  compareWithHead,
  headSignatureValid,
  signHead,
  type AuditContent,
  type StoredAuditRow,
} from "./audit.logic";

const key = auditKeyFrom(Buffer.alloc(32, 0x0b));
const otherKey = auditKeyFrom(Buffer.alloc(32, 0x0c));

function content(over: Partial<AuditContent> = {}): AuditContent {
  return {
    merchantId: "5b0b8a0e-7f6c-4d59-9a51-6f3f1f0f4a11",
    seq: 1,
    actorUserId: "0d6c8b9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
    action: "merchant.settings.update",
    entityType: "merchant",
    entityId: "5b0b8a0e-7f6c-4d59-9a51-6f3f1f0f4a11",
    before: { name: "Old" },
    after: { name: "New" },
    ipAddress: "203.0.113.7",
    userAgent: "vitest",
    createdAt: new Date("2025-03-01T08:00:00.000Z"),
    prevHash: null,
    ...over,
  };
}

describe("auditHash", () => {
  // Vectors computed apart from this code (Python's hmac over the sorted-key JSON): a stored
  // chain must verify in every later release, so the hash may never drift.
  it("is HMAC-SHA256 of the canonical content with a key", () => {
    expect(auditHash(content(), key)).toBe(
      "886a195ff7d3ed3114b28166bf0551977db28415464dbfb89b882e55ad4f0ae8",
    );
  });

  it("is the plain SHA-256 the rows before the key were written with, without one", () => {
    expect(auditHash(content(), null)).toBe(
      "cca52f89de96de2dd6ec7ef348b3c6fe5ac011259d9e44ba150a26d9675214a4",
    );
  });

  it("differs with another key, and the key's id does not reveal the key", () => {
    expect(auditHash(content(), otherKey)).not.toBe(auditHash(content(), key));
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    expect(key.id).not.toBe(otherKey.id);
    expect(Buffer.alloc(32, 0x0b).toString("hex")).not.toContain(key.id);
  });

  it("covers only the content, not the stored row's id, key id or hash", () => {
    const stored = {
      ...content(),
      id: "f3b1c2d4-0000-4000-8000-000000000000",
      keyId: key.id,
      hash: "x".repeat(64),
    };
    expect(auditHash(stored, key)).toBe(auditHash(content(), key));
  });

  it("does not depend on key order inside before/after", () => {
    expect(auditHash(content({ after: { a: 1, b: 2 } }), key)).toBe(
      auditHash(content({ after: { b: 2, a: 1 } }), key),
    );
  });

  const changes: Record<keyof AuditContent, Partial<AuditContent>> = {
    merchantId: { merchantId: null },
    seq: { seq: 2 },
    actorUserId: { actorUserId: null },
    action: { action: "team.member.remove" },
    entityType: { entityType: "membership" },
    entityId: { entityId: "other" },
    before: { before: { name: "Older" } },
    after: { after: { name: "Newer" } },
    ipAddress: { ipAddress: "198.51.100.1" },
    userAgent: { userAgent: "curl" },
    createdAt: { createdAt: new Date("2025-03-01T08:00:00.001Z") },
    prevHash: { prevHash: "a".repeat(64) },
  };

  it.each(Object.entries(changes))("changes when %s changes", (_field, change) => {
    expect(auditHash(content(change), key)).not.toBe(auditHash(content(), key));
  });
});

/** A chain of n rows as recordAudit writes them; the first `legacy` rows unkeyed, as before the key. */
function chain(n: number, legacy = 0, withKey = key) {
  const rows: StoredAuditRow[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const rowKey = seq <= legacy ? null : withKey;
    const row = content({
      seq,
      after: { step: seq },
      createdAt: new Date(Date.UTC(2025, 2, 1, 8, 0, seq)),
      prevHash: rows.at(-1)?.hash ?? null,
    });
    rows.push({ ...row, hash: auditHash(row, rowKey), keyId: rowKey?.id ?? null });
  }
  return rows;
}

const broken = (rows: StoredAuditRow[]) => {
  const check = checkChain(rows, key);
  return check.intact ? null : { seq: check.brokenSeq, reason: check.reason };
};

describe("checkChain", () => {
  it("passes an intact chain, and an empty one", () => {
    expect(checkChain(chain(5), key)).toEqual({
      intact: true,
      lastSeq: 5,
      lastHash: chain(5)[4]!.hash,
      legacyUpTo: null,
    });
    expect(checkChain([], key)).toEqual({
      intact: true,
      lastSeq: 0,
      lastHash: null,
      legacyUpTo: null,
    });
  });

  it("verifies rows written before the key (plain hashes) followed by keyed ones", () => {
    expect(checkChain(chain(6, 3), key)).toMatchObject({ intact: true, lastSeq: 6, legacyUpTo: 3 });
    expect(checkChain(chain(3, 3), key)).toMatchObject({ intact: true, legacyUpTo: 3 });
  });

  it("finds an edited unkeyed row as well as an edited keyed one", () => {
    const rows = chain(6, 3);
    rows[1] = { ...rows[1]!, after: { step: 999 } };
    expect(broken(rows)).toEqual({ seq: 2, reason: "content" });
    const keyed = chain(6, 3);
    keyed[4] = { ...keyed[4]!, after: { step: 999 } };
    expect(broken(keyed)).toEqual({ seq: 5, reason: "content" });
  });

  it("refuses a keyed row rewritten as unkeyed (someone without the key re-hashing it)", () => {
    const rows = chain(5, 2);
    const forged = { ...rows[3]!, after: { step: 999 } };
    rows[3] = { ...forged, hash: auditHash(forged, null), keyId: null };
    expect(broken(rows)).toEqual({ seq: 4, reason: "unkeyed" });
  });

  it("refuses rows hashed with a key it does not hold, naming that as the reason", () => {
    expect(broken(chain(3, 0, otherKey))).toEqual({ seq: 1, reason: "otherKey" });
    const forged = chain(3, 0, otherKey).map((r) => ({ ...r, keyId: key.id }));
    expect(broken(forged)).toEqual({ seq: 1, reason: "content" });
  });

  it("finds a row edited together with its own hash, through the next row's link", () => {
    const rows = chain(5);
    const forged = { ...rows[2]!, after: { step: 999 } };
    rows[2] = { ...forged, hash: auditHash(forged, key) };
    expect(broken(rows)).toEqual({ seq: 4, reason: "link" });
  });

  it("finds a deleted middle row, and a deleted first row", () => {
    const rows = chain(5);
    rows.splice(2, 1);
    expect(broken(rows)).toEqual({ seq: 4, reason: "gap" });
    const first = chain(5);
    first.shift();
    expect(broken(first)).toEqual({ seq: 2, reason: "gap" });
  });

  it("finds a deleted middle row even when later rows were renumbered", () => {
    const rows = chain(5);
    rows.splice(2, 1);
    const renumbered = rows.map((r, i) => ({ ...r, seq: i + 1 }));
    expect(broken(renumbered)).toEqual({ seq: 3, reason: "link" });
    expect(checkChain(renumbered, key)).toMatchObject({ intactUpTo: 2 });
  });

  it("cannot see the newest rows deleted: the rest is still a whole chain", () => {
    expect(checkChain(chain(5).slice(0, 3), key)).toMatchObject({ intact: true, lastSeq: 3 });
  });
});

describe("chain heads", () => {
  const at = new Date("2025-03-02T00:00:00.000Z");
  const rows = chain(5);
  const head = signHead({ merchantId: rows[0]!.merchantId, seq: 5, hash: rows[4]!.hash }, key, at);
  const rowAt = (seq: number, list = rows) => list.find((r) => r.seq === seq);

  it("is signed over every field, with the key", () => {
    expect(headSignatureValid(head, key)).toBe(true);
    expect(headSignatureValid(head, otherKey)).toBe(false);
    for (const change of [
      { seq: 4 },
      { hash: rows[3]!.hash },
      { exportedAt: "2025-03-03T00:00:00.000Z" },
      { merchantId: null },
    ]) {
      expect(headSignatureValid({ ...head, ...change }, key)).toBe(false);
    }
  });

  it("matches the chain it was taken from, and the chain grown since", () => {
    expect(compareWithHead(rowAt(5), head, key)).toEqual({ kind: "matches" });
    const grown = chain(8);
    expect(compareWithHead(rowAt(5, grown), head, key)).toEqual({ kind: "matches" });
  });

  it("detects the newest rows deleted (the head's seq beyond the last row)", () => {
    const truncated = rows.slice(0, 3);
    expect(compareWithHead(rowAt(5, truncated), head, key)).toEqual({
      kind: "deletedOrChanged",
      seq: 5,
      exportedAt: "2025-03-02T00:00:00.000Z",
    });
  });

  it("detects the head's row changed (re-hashed, or the chain rewritten from an earlier row)", () => {
    const rewritten = chain(5).map((r) => (r.seq === 5 ? { ...r, hash: "f".repeat(64) } : r));
    expect(compareWithHead(rowAt(5, rewritten), head, key)).toMatchObject({
      kind: "deletedOrChanged",
    });
  });

  it("trusts no head whose signature does not hold", () => {
    const forged = { ...head, seq: 3, hash: rows[2]!.hash };
    expect(compareWithHead(rowAt(3), forged, key)).toEqual({ kind: "badSignature" });
  });

  it("matches an empty chain's head whatever the database holds", () => {
    const empty = signHead({ merchantId: null, seq: 0, hash: null }, key, at);
    expect(compareWithHead(undefined, empty, key)).toEqual({ kind: "matches" });
  });
});

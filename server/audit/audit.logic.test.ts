import { describe, expect, it } from "vitest";
import { auditHash, firstBrokenLink, type AuditContent } from "./audit.logic";

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
  it("is a stable sha-256 hex digest of the content", () => {
    expect(auditHash(content())).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(content())).toBe(auditHash(content()));
  });

  it("covers only the content, not the stored row's id or hash", () => {
    const stored = {
      ...content(),
      id: "f3b1c2d4-0000-4000-8000-000000000000",
      hash: "x".repeat(64),
    };
    expect(auditHash(stored)).toBe(auditHash(content()));
  });

  it("does not depend on key order inside before/after", () => {
    expect(auditHash(content({ after: { a: 1, b: 2 } }))).toBe(
      auditHash(content({ after: { b: 2, a: 1 } })),
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
    expect(auditHash(content(change))).not.toBe(auditHash(content()));
  });
});

/** A well-formed chain of n rows, as recordAudit would write it. */
function chain(n: number) {
  const rows: (AuditContent & { hash: string })[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const row = content({
      seq,
      after: { step: seq },
      createdAt: new Date(Date.UTC(2025, 2, 1, 8, 0, seq)),
      prevHash: rows.at(-1)?.hash ?? null,
    });
    rows.push({ ...row, hash: auditHash(row) });
  }
  return rows;
}

describe("firstBrokenLink", () => {
  it("returns null for an intact chain, and for an empty one", () => {
    expect(firstBrokenLink(chain(5))).toBeNull();
    expect(firstBrokenLink([])).toBeNull();
  });

  it("finds a row whose content was edited", () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, after: { step: 999 } };
    expect(firstBrokenLink(rows)).toBe(3);
  });

  it("finds a row edited together with its own hash, through the next row's link", () => {
    const rows = chain(5);
    const forged = { ...rows[2]!, after: { step: 999 } };
    rows[2] = { ...forged, hash: auditHash(forged) };
    expect(firstBrokenLink(rows)).toBe(4);
  });

  it("finds a deleted middle row", () => {
    const rows = chain(5);
    rows.splice(2, 1);
    expect(firstBrokenLink(rows)).toBe(4);
  });

  it("finds a deleted first row", () => {
    const rows = chain(5);
    rows.shift();
    expect(firstBrokenLink(rows)).toBe(2);
  });

  it("finds a deleted middle row even when later rows were renumbered", () => {
    const rows = chain(5);
    rows.splice(2, 1);
    const renumbered = rows.map((r, i) => ({ ...r, seq: i + 1 }));
    expect(firstBrokenLink(renumbered)).toBe(3);
  });
});

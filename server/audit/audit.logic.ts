import { createHash } from "node:crypto";
import { canonicalJson } from "@/server/crypto/canonical-json.logic";

export interface AuditContent {
  merchantId: string | null;
  seq: number;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: Date;
  prevHash: string | null;
}

/**
 * Hashes exactly the content fields: a stored row also carries `id` and `hash`, which must
 * not enter its own hash, or no stored chain could ever verify.
 */
export function auditHash(row: AuditContent): string {
  const content: Record<keyof AuditContent, unknown> = {
    merchantId: row.merchantId,
    seq: row.seq,
    actorUserId: row.actorUserId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    createdAt: row.createdAt.toISOString(),
    prevHash: row.prevHash,
  };
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

/**
 * Checks a chain given in `seq` order. Returns the seq of the first row that does not
 * hold (its hash, its link to the previous row, or a gap in numbering), or null when intact.
 */
export function firstBrokenLink(rows: (AuditContent & { hash: string })[]): number | null {
  let prev: (AuditContent & { hash: string }) | undefined;
  for (const row of rows) {
    const expectedSeq = prev ? prev.seq + 1 : 1;
    const expectedPrev = prev?.hash ?? null;
    if (row.seq !== expectedSeq || row.prevHash !== expectedPrev || auditHash(row) !== row.hash) {
      return row.seq;
    }
    prev = row;
  }
  return null;
}

/** Audit values go into jsonb: money (bigint) becomes its decimal string, dates their ISO form. */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJsonSafe(v)]),
    );
  }
  return value ?? null;
}

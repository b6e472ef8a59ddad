import { createHash, createHmac, timingSafeEqual } from "node:crypto";
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
 * The secret the chain is keyed with, kept outside the database (AUDIT_KEY or a key file), and
 * its id, stored on each row: someone who can write to the database but not read the key cannot
 * compute a row's hash, so cannot rewrite the chain behind an edit.
 */
export interface AuditKey {
  id: string;
  secret: Buffer;
}

/** A key's public id: a digest of the secret that reveals nothing of it (16 hex digits). */
export function auditKeyId(secret: Buffer): string {
  return createHmac("sha256", secret).update("hexiao audit key id").digest("hex").slice(0, 16);
}

export function auditKeyFrom(secret: Buffer): AuditKey {
  return { id: auditKeyId(secret), secret };
}

/**
 * Hashes exactly the content fields: a stored row also carries `id`, `keyId` and `hash`, which
 * must not enter its own hash, or no stored chain could ever verify. With a key, HMAC-SHA256;
 * without one (rows written before the chain was keyed), plain SHA-256.
 */
export function auditHash(row: AuditContent, key: AuditKey | null): string {
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
  const text = canonicalJson(content);
  return key
    ? createHmac("sha256", key.secret).update(text).digest("hex")
    : createHash("sha256").update(text).digest("hex");
}

export type StoredAuditRow = AuditContent & { hash: string; keyId: string | null };

/** Why a row does not hold. */
export type BreakReason =
  /** Its seq is not the one after the previous row's: a row before it was deleted. */
  | "gap"
  /** Its prevHash is not the previous row's hash. */
  | "link"
  /** Its hash is not the hash of its content: the row was edited. */
  | "content"
  /** Hashed with a key this server does not hold (restored with another AUDIT_KEY?). */
  | "otherKey"
  /** Unkeyed after a keyed row: only rows older than the key may be unkeyed. */
  | "unkeyed";

export type ChainCheck =
  | { intact: true; lastSeq: number; lastHash: string | null; legacyUpTo: number | null }
  | { intact: false; brokenSeq: number; reason: BreakReason; intactUpTo: number };

/**
 * Checks a chain fed in `seq` order, row by row (a long chain is read in pages): each row
 * numbered after the previous one, linked to its hash, and hashed from its content with the
 * key it names (none only for the rows written before the chain was keyed, which must all come
 * first). `add` answers the first row that does not hold, with the reason; `result` the verdict.
 */
export function chainChecker(key: AuditKey) {
  let prev: StoredAuditRow | undefined;
  let legacyUpTo: number | null = null;
  let broken: ChainCheck | undefined;
  return {
    add(row: StoredAuditRow): ChainCheck | undefined {
      if (broken) return broken;
      const fail = (reason: BreakReason): ChainCheck =>
        (broken = { intact: false, brokenSeq: row.seq, reason, intactUpTo: prev?.seq ?? 0 });
      if (row.seq !== (prev ? prev.seq + 1 : 1)) return fail("gap");
      if (row.prevHash !== (prev?.hash ?? null)) return fail("link");
      if (row.keyId === null && prev && prev.keyId !== null) return fail("unkeyed");
      if (row.keyId !== null && row.keyId !== key.id) return fail("otherKey");
      if (!sameHex(auditHash(row, row.keyId === null ? null : key), row.hash)) {
        return fail("content");
      }
      if (row.keyId === null) legacyUpTo = row.seq;
      prev = row;
      return undefined;
    },
    result(): ChainCheck {
      return (
        broken ?? {
          intact: true,
          lastSeq: prev?.seq ?? 0,
          lastHash: prev?.hash ?? null,
          legacyUpTo,
        }
      );
    },
  };
}

/** The verdict on a whole chain given in `seq` order. */
export function checkChain(rows: Iterable<StoredAuditRow>, key: AuditKey): ChainCheck {
  const checker = chainChecker(key);
  for (const row of rows) if (checker.add(row)) break;
  return checker.result();
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A chain's head as exported outside the database: which chain, its last seq and hash, when it
 * was read, and an HMAC over all of it, so a head cannot be forged or moved back without the key.
 */
export interface ChainHead {
  /** Null: the chain of rows without a shop. */
  merchantId: string | null;
  seq: number;
  hash: string | null;
  exportedAt: string;
  keyId: string;
}
export interface SignedChainHead extends ChainHead {
  signature: string;
}

function headSignature(head: ChainHead, key: AuditKey): string {
  const fields: Record<keyof ChainHead, unknown> = {
    merchantId: head.merchantId,
    seq: head.seq,
    hash: head.hash,
    exportedAt: head.exportedAt,
    keyId: head.keyId,
  };
  return createHmac("sha256", key.secret)
    .update(`hexiao audit head\n${canonicalJson(fields)}`)
    .digest("hex");
}

export function signHead(
  head: Omit<ChainHead, "keyId" | "exportedAt">,
  key: AuditKey,
  at: Date,
): SignedChainHead {
  const unsigned: ChainHead = { ...head, exportedAt: at.toISOString(), keyId: key.id };
  return { ...unsigned, signature: headSignature(unsigned, key) };
}

export function headSignatureValid(head: SignedChainHead, key: AuditKey): boolean {
  return head.keyId === key.id && sameHex(headSignature(head, key), head.signature);
}

export type HeadComparison =
  | { kind: "matches" }
  /** The head was signed with another key, or edited: it proves nothing. */
  | { kind: "badSignature" }
  /** The database no longer has the head's row, or has another one in its place. */
  | { kind: "deletedOrChanged"; seq: number; exportedAt: string };

/**
 * Compares the database's chain with an exported head: the row at the head's seq must still be
 * there with the head's hash. With an intact chain up to that row, nothing up to the head was
 * edited, and rows past it were appended later; a head beyond the last row means the newest
 * rows were deleted, which no check of the database alone can see.
 */
export function compareWithHead(
  rowAtHead: { seq: number; hash: string } | undefined,
  head: SignedChainHead,
  key: AuditKey,
): HeadComparison {
  if (!headSignatureValid(head, key)) return { kind: "badSignature" };
  if (head.seq === 0) return { kind: "matches" };
  if (rowAtHead?.seq === head.seq && head.hash !== null && sameHex(rowAtHead.hash, head.hash)) {
    return { kind: "matches" };
  }
  return { kind: "deletedOrChanged", seq: head.seq, exportedAt: head.exportedAt };
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

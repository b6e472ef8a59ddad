import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import type { DbOrTx, Tx } from "@/db/types";
import type { RequestMeta } from "@/server/http/request-meta";
import { auditHash, firstBrokenLink, toJsonSafe } from "./audit.logic";

/** Who acts: the signed-in user (or null for the system) and where the request came from. */
export interface Actor extends RequestMeta {
  userId: string | null;
}

/** The system acts (expiry job, provider notifications): no user, maybe a source address. */
export const systemActor: Actor = { userId: null, ip: null, userAgent: null };

export interface AuditEntry {
  merchantId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

function chainOf(merchantId: string | null) {
  return merchantId ? eq(auditLog.merchantId, merchantId) : isNull(auditLog.merchantId);
}

/**
 * Appends to the merchant's audit chain. Must run inside the transaction of the change it
 * records; a transaction-scoped advisory lock serialises appends per merchant so `seq`
 * and `prevHash` are taken from the true last row.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  const chainKey = entry.merchantId ?? "system";
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${chainKey}`}, 0))`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(chainOf(entry.merchantId))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const content = {
    merchantId: entry.merchantId,
    seq: (last?.seq ?? 0) + 1,
    actorUserId: actor.userId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: toJsonSafe(entry.before),
    after: toJsonSafe(entry.after),
    ipAddress: actor.ip,
    userAgent: actor.userAgent,
    createdAt: new Date(),
    prevHash: last?.hash ?? null,
  };
  await tx.insert(auditLog).values({ ...content, hash: auditHash(content) });
}

export async function listAudit(
  db: DbOrTx,
  merchantId: string,
  opts: { entityType?: string; limit?: number } = {},
) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        chainOf(merchantId),
        opts.entityType ? eq(auditLog.entityType, opts.entityType) : undefined,
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(opts.limit ?? 50);
}

/** Re-hashes the whole chain of a merchant; null when intact, else the first broken seq. */
export async function verifyAuditChain(
  db: DbOrTx,
  merchantId: string | null,
): Promise<number | null> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(chainOf(merchantId))
    .orderBy(asc(auditLog.seq));
  return firstBrokenLink(rows);
}

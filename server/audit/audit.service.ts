import { and, asc, desc, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import {
  beforeCommit,
  commitOrder,
  defersToCommit,
  GatheredPerTransaction,
} from "@/db/commit-hooks";
import { allOf } from "@/db/one";
import {
  sqlStatementTemplate,
  statementTemplatesByShape,
  type Placeholders,
  type ValueOrPlaceholder,
} from "@/db/statement-template";
import { auditChainHeads, auditLog, merchants, users } from "@/db/schema";
import type { DbOrTx, Tx } from "@/db/types";
import type { RequestMeta } from "@/server/http/request-meta";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { personLabel } from "@/server/team/person-label";
import { getAuditKey } from "./audit-key";
import { auditHash, chainChecker, toJsonSafe, type AuditKey, type ChainCheck } from "./audit.logic";
import {
  auditFilters,
  listAuditInput,
  type AuditFilters,
  type ListAuditInput,
} from "./audit.schema";

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

export function chainOf(merchantId: ValueOrPlaceholder<string> | null) {
  return merchantId ? eq(auditLog.merchantId, merchantId) : isNull(auditLog.merchantId);
}

/** The head row of the same chain (null merchant: the system's chain). */
function headOf(merchantId: ValueOrPlaceholder<string> | null) {
  return merchantId
    ? eq(auditChainHeads.merchantId, merchantId)
    : isNull(auditChainHeads.merchantId);
}

/**
 * Locks the chain's head row and reads it, in one statement: after waiting for another
 * appender, the row is read as that one committed it. A chain without a head row (rows
 * written before heads were kept, or none yet) gets one from its newest row in the log.
 * Templates (db/statement-template.ts): a merchant's chain, and the system's (no merchant).
 */
const lockChainHead = statementTemplatesByShape(
  "lock_audit_chain_head",
  (system: boolean) => (system ? "system" : "merchant"),
  (db, v: Placeholders<{ merchantId: string | null }>, system) => {
    const merchantId = system ? null : (v.merchantId as ValueOrPlaceholder<string>);
    const last = db
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .where(chainOf(merchantId))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    return db
      .insert(auditChainHeads)
      .select(
        sql`select ${merchantId}::uuid, coalesce(last.seq, 0), last.hash
          from (select 1) as one left join lateral (${last}) as last on true`,
      )
      .onConflictDoUpdate({
        target: auditChainHeads.merchantId,
        // Changes nothing: the row is locked and returned as it now is.
        set: { seq: sql`${auditChainHeads.seq}` },
      })
      .returning({ seq: auditChainHeads.seq, hash: auditChainHeads.hash });
  },
);

/** The rows of one chain, as JSON objects named by column, and its new head. */
type ChainAppend = {
  merchantId: string | null;
  rows: string;
  seq: number;
  hash: string | null;
};

/**
 * Appends a chain's rows and moves its head, in one statement. The rows come as one JSON array,
 * so the text is the same for any number of them (a template, for a merchant's chain and for
 * the system's).
 */
function appendStatement(system: boolean) {
  return sqlStatementTemplate((v: Placeholders<ChainAppend>) => {
    const merchantId = system ? null : (v.merchantId as ValueOrPlaceholder<string>);
    return sql`with appended as (
        insert into ${auditLog} (merchant_id, seq, actor_user_id, action, entity_type, entity_id,
          before, after, ip_address, user_agent, created_at, prev_hash, hash, key_id)
        select merchant_id, seq, actor_user_id, action, entity_type, entity_id,
          before, after, ip_address, user_agent, created_at, prev_hash, hash, key_id
        from json_to_recordset(${v.rows}::json) as r(merchant_id uuid, seq bigint,
          actor_user_id uuid, action text, entity_type text, entity_id text, before jsonb,
          after jsonb, ip_address text, user_agent text, created_at timestamptz,
          prev_hash text, hash text, key_id text))
      update ${auditChainHeads} set seq = ${v.seq}, hash = ${v.hash} where ${headOf(merchantId)}`;
  });
}
const appendToMerchantChain = appendStatement(false);
const appendToSystemChain = appendStatement(true);

/** An entry as recorded, its place in the chain still to be given. */
interface PendingEntry {
  actor: Actor;
  entry: AuditEntry;
}

const pendingEntries = new GatheredPerTransaction<PendingEntry>();

/**
 * Records an audit row in the transaction of the change it records. The row takes its place
 * in the merchant's chain (`seq`, `prevHash`, keyed `hash`) at the end of the transaction, just
 * before COMMIT (db/commit-hooks.ts): the chain's lock, which makes `seq` and `prevHash` those
 * of the true last row, is then held for three statements and the commit instead of from the
 * first audit row on, so one merchant's transitions no longer run one at a time. The chain's
 * order is the order of commits; within a transaction, the order of the calls. Being the last
 * lock any transaction takes (commitOrder), it can wait for no other lock, so it adds no lock
 * order to keep.
 * In a transaction not opened by openDatabase's handle the row is chained at once.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  // Its content is fixed now: the caller may change the objects it passed before the commit.
  const recorded = {
    actor,
    entry: { ...entry, before: toJsonSafe(entry.before), after: toJsonSafe(entry.after) },
  };
  if (!defersToCommit(tx)) return appendToChains(tx, [recorded]);
  if (pendingEntries.add(tx, recorded)) beforeCommit(tx, chainPending, commitOrder.auditChain);
}

async function chainPending(tx: Tx): Promise<void> {
  await appendToChains(tx, pendingEntries.take(tx));
}

/**
 * Appends the entries to their chains: per chain, its head locked and read, then every row
 * and the new head in one statement. Chains are taken in one order (by merchant id) so that two transactions
 * touching the same two chains cannot each hold the one the other waits for.
 */
async function appendToChains(tx: Tx, pending: PendingEntry[]): Promise<void> {
  const key = getAuditKey();
  const byChain = new Map<string, PendingEntry[]>();
  for (const p of pending) {
    const chainKey = p.entry.merchantId ?? "";
    byChain.set(chainKey, [...(byChain.get(chainKey) ?? []), p]);
  }
  const createdAt = new Date();
  for (const [, entries] of [...byChain.entries()].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const merchantId = entries[0]?.entry.merchantId ?? null;
    const [head] = await lockChainHead(tx, merchantId === null, { merchantId });
    if (!head) throw new Error("audit chain head not returned");
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const rows = entries.map(({ actor, entry }) => {
      const content = {
        merchantId,
        seq: ++seq,
        actorUserId: actor.userId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        before: entry.before,
        after: entry.after,
        ipAddress: actor.ip,
        userAgent: actor.userAgent,
        createdAt,
        prevHash,
      };
      const hash = auditHash(content, key);
      prevHash = hash;
      // Named as the columns; JSON's null (or a missing key) is SQL's NULL.
      return {
        merchant_id: merchantId,
        seq: content.seq,
        actor_user_id: content.actorUserId,
        action: content.action,
        entity_type: content.entityType,
        entity_id: content.entityId,
        before: content.before,
        after: content.after,
        ip_address: content.ipAddress,
        user_agent: content.userAgent,
        created_at: createdAt.toISOString(),
        prev_hash: content.prevHash,
        hash,
        key_id: key.id,
      };
    });
    const append = merchantId === null ? appendToSystemChain : appendToMerchantChain;
    await append(tx, { merchantId, rows: JSON.stringify(rows), seq, hash: prevHash });
  }
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

/** Rows are checked in pages of this many: memory stays at one page whatever the chain's length. */
const checkPage = 2000;

/**
 * Re-hashes the whole chain of a merchant, in seq order: intact up to its last row, or the
 * first row that does not hold and why (audit.logic.ts).
 */
export async function checkAuditChain(
  db: DbOrTx,
  merchantId: string | null,
  key: AuditKey = getAuditKey(),
): Promise<ChainCheck> {
  const checker = chainChecker(key);
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(chainOf(merchantId), gt(auditLog.seq, after)))
      .orderBy(asc(auditLog.seq))
      .limit(checkPage);
    for (const row of rows) if (checker.add(row)) return checker.result();
    const last = rows.at(-1);
    if (!last || rows.length < checkPage) return checker.result();
    after = last.seq;
  }
}

/** The chain's check as a number: null when intact, else the first broken seq. */
export async function verifyAuditChain(
  db: DbOrTx,
  merchantId: string | null,
  key?: AuditKey,
): Promise<number | null> {
  const check = await checkAuditChain(db, merchantId, key);
  return check.intact ? null : check.brokenSeq;
}

/** The owner's log, newest first: seq is unique per shop and follows time. */
const newestFirst: Keyset = {
  key: auditLog.seq,
  id: auditLog.id,
  kind: "integer",
  descending: true,
};

/**
 * The WHERE of the log's filters. Pages walk audit_log_page (merchant, seq, id) backwards, or
 * audit_log_actor_page when one person is chosen; the other filters are checked on the way.
 */
function filterWhere(merchantId: string, f: AuditFilters, tz: string): SQL {
  const at = auditLog.createdAt;
  return allOf(
    eq(auditLog.merchantId, merchantId),
    f.actorUserId ? eq(auditLog.actorUserId, f.actorUserId) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.from ? sql`${at} >= (${f.from}::date)::timestamp at time zone ${tz}` : undefined,
    f.to ? sql`${at} < (${f.to}::date + 1)::timestamp at time zone ${tz}` : undefined,
  );
}

function selectRows(db: DbOrTx) {
  return db
    .select({
      id: auditLog.id,
      seq: auditLog.seq,
      createdAt: auditLog.createdAt,
      actorUserId: auditLog.actorUserId,
      actor: personLabel(users),
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      ipAddress: auditLog.ipAddress,
      userAgent: auditLog.userAgent,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId));
}
export type AuditRow = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

async function pageOf(db: DbOrTx, where: SQL, cursorText: string | undefined, limit: number) {
  const rows = await selectRows(db)
    .where(and(where, keysetAfter(newestFirst, cursorText)))
    .orderBy(...keysetOrderBy(newestFirst))
    .limit(limit + 1);
  return keysetPage(rows, limit, (r) => [BigInt(r.seq), r.id]);
}

async function timeZoneOf(db: DbOrTx, merchantId: string) {
  const [m] = await db
    .select({ timeZone: merchants.timeZone })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  return m?.timeZone ?? "UTC";
}

/** One page of the shop's audit log, newest first, filtered in SQL, keyset-paginated on (seq, id). */
export async function listAuditLog(db: DbOrTx, merchantId: string, rawInput: ListAuditInput) {
  const input = listAuditInput.parse(rawInput);
  const where = filterWhere(merchantId, input, await timeZoneOf(db, merchantId));
  return pageOf(db, where, input.cursor, input.limit);
}

/** The filtered log in keyset pages of 500, for the export. */
export async function* auditLogPages(
  db: DbOrTx,
  merchantId: string,
  filters: AuditFilters,
  timeZone: string,
): AsyncGenerator<AuditRow[]> {
  const where = filterWhere(merchantId, auditFilters.parse(filters), timeZone);
  let cursor: string | undefined;
  do {
    const page = await pageOf(db, where, cursor, 500);
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * What the filters offer: the actions and entity kinds the shop's log holds, and the people who
 * acted in it (former members too: their rows stay). Distinct values, not rows.
 */
export async function auditFilterChoices(db: DbOrTx, merchantId: string) {
  const [actions, entityTypes, people] = await Promise.all([
    db
      .selectDistinct({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.merchantId, merchantId))
      .orderBy(asc(auditLog.action))
      .limit(500),
    db
      .selectDistinct({ entityType: auditLog.entityType })
      .from(auditLog)
      .where(eq(auditLog.merchantId, merchantId))
      .orderBy(asc(auditLog.entityType))
      .limit(200),
    db
      .selectDistinct({ id: users.id, label: sql<string>`${personLabel(users)}` })
      .from(auditLog)
      .innerJoin(users, eq(users.id, auditLog.actorUserId))
      .where(eq(auditLog.merchantId, merchantId))
      .orderBy(sql`2`)
      .limit(500),
  ]);
  return {
    actions: actions.map((a) => a.action),
    entityTypes: entityTypes.map((e) => e.entityType),
    people,
  };
}

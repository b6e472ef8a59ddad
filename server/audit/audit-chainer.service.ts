import { desc, eq, isNull, lt, sql } from "drizzle-orm";
import { auditChainHeads, auditLog, auditPending } from "@/db/schema";
import {
  sqlStatementTemplate,
  statementTemplatesByShape,
  type Placeholders,
  type ValueOrPlaceholder,
} from "@/db/statement-template";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { getAuditKey } from "./audit-key";
import { auditHash, type AuditContent } from "./audit.logic";

/*
 * The audit chain's one appender. A change's transaction only queues its audit rows
 * (audit_pending, one insert, no lock); after its commit a chainer moves the chain's queued rows
 * into audit_log in one transaction per batch: the chain's head locked and read, the rows taken
 * in the order they were queued, each given its seq, prevHash and keyed hash, then inserted
 * with the new head. The head's lock is so held once per batch, not once per change, and the
 * change's transactions of one merchant no longer wait for one another.
 *
 * The chain's order is the order rows are chained in: batch after batch, and within a batch
 * the order they were queued in (pending_no; within one transaction, the order of the calls).
 * A row of a transaction that committed later may so precede one queued earlier.
 *
 * Until chained, a row is not tamper-evident: the window is the chainer's next batch (the
 * change's caller waits for it), or after a crash between commit and chaining, the sweep
 * (chainAllPending, at start and every minute).
 */

/** The rows of one chain, or its head: a merchant's, or the system's (null). */
export function chainOf(merchantId: ValueOrPlaceholder<string> | null) {
  return merchantId ? eq(auditLog.merchantId, merchantId) : isNull(auditLog.merchantId);
}

function headOf(merchantId: ValueOrPlaceholder<string> | null) {
  return merchantId
    ? eq(auditChainHeads.merchantId, merchantId)
    : isNull(auditChainHeads.merchantId);
}

function pendingOf(merchantId: ValueOrPlaceholder<string> | null) {
  return merchantId ? eq(auditPending.merchantId, merchantId) : isNull(auditPending.merchantId);
}

/** An audit row as queued: its content, fixed when it was recorded, without its place in the chain. */
export type QueuedAudit = Omit<AuditContent, "seq" | "prevHash">;

/**
 * Queues rows in one statement: they come as one JSON array, so the text is the same for any
 * number of them (a template). `n` keeps their order into pending_no.
 */
const insertPending = sqlStatementTemplate((v: Placeholders<{ rows: string }>) => {
  return sql`insert into ${auditPending} (merchant_id, actor_user_id, action, entity_type,
      entity_id, before, after, ip_address, user_agent, created_at)
    select merchant_id, actor_user_id, action, entity_type, entity_id, before, after,
      ip_address, user_agent, created_at
    from json_to_recordset(${v.rows}::json) as r(n int, merchant_id uuid, actor_user_id uuid,
      action text, entity_type text, entity_id text, before jsonb, after jsonb,
      ip_address text, user_agent text, created_at timestamptz)
    order by n`;
});

export async function queueAudit(tx: Tx, rows: QueuedAudit[]): Promise<void> {
  // Named as the columns; JSON's null (or a missing key) is SQL's NULL.
  const json = rows.map((r, n) => ({
    n,
    merchant_id: r.merchantId,
    actor_user_id: r.actorUserId,
    action: r.action,
    entity_type: r.entityType,
    entity_id: r.entityId,
    before: r.before,
    after: r.after,
    ip_address: r.ipAddress,
    user_agent: r.userAgent,
    created_at: r.createdAt.toISOString(),
  }));
  await insertPending(tx, { rows: JSON.stringify(json) });
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

/** The most rows one batch takes: a backlog after a crash is chained in several. */
const batchSize = 500;

interface PendingRow {
  pending_no: string | number;
  actor_user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip_address: string | null;
  user_agent: string | null;
  created_at: Date | string;
}

/**
 * Takes (deletes and returns) the chain's oldest queued rows, in their order. Run after the head
 * is locked, in its own statement: under READ COMMITTED it sees what another process's chainer
 * committed while this one waited for the lock, so no row is taken twice.
 */
function takeStatement(system: boolean) {
  return sqlStatementTemplate((v: Placeholders<{ merchantId: string | null; limit: number }>) => {
    const merchantId = system ? null : (v.merchantId as ValueOrPlaceholder<string>);
    return sql`with taken as (
        delete from ${auditPending} where pending_no in (
          select pending_no from ${auditPending} where ${pendingOf(merchantId)}
          order by pending_no limit ${v.limit})
        returning pending_no, actor_user_id, action, entity_type, entity_id, before, after,
          ip_address, user_agent, created_at)
      select * from taken order by pending_no`;
  });
}
const takeFromMerchantChain = takeStatement(false);
const takeFromSystemChain = takeStatement(true);

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

/**
 * One batch of the chain, in `tx`: the head locked, up to batchSize queued rows taken and
 * appended after it. The number of rows chained.
 */
async function chainBatch(tx: DbOrTx, merchantId: string | null): Promise<number> {
  const system = merchantId === null;
  const [head] = await lockChainHead(tx, system, { merchantId });
  if (!head) throw new Error("audit chain head not returned");
  const take = system ? takeFromSystemChain : takeFromMerchantChain;
  const pending = await take(tx, { merchantId, limit: batchSize });
  if (pending.length === 0) return 0;
  const key = getAuditKey();
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const rows = (pending as PendingRow[]).map((p) => {
    const createdAt = new Date(p.created_at);
    const content = {
      merchantId,
      seq: ++seq,
      actorUserId: p.actor_user_id,
      action: p.action,
      entityType: p.entity_type,
      entityId: p.entity_id,
      before: p.before,
      after: p.after,
      ipAddress: p.ip_address,
      userAgent: p.user_agent,
      createdAt,
      prevHash,
    };
    const hash = auditHash(content, key);
    prevHash = hash;
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
  const append = system ? appendToSystemChain : appendToMerchantChain;
  await append(tx, { merchantId, rows: JSON.stringify(rows), seq, hash: prevHash });
  return rows.length;
}

/**
 * Chains everything queued for the chain in `tx` itself: for a transaction not opened through
 * openDatabase's handle, whose rows cannot wait for its commit (the head's lock is then held to
 * its end, as every appender's once was).
 */
export async function chainInTransaction(tx: DbOrTx, merchantId: string | null): Promise<void> {
  while ((await chainBatch(tx, merchantId)) === batchSize);
}

/** Chains everything queued for the chain: a transaction per batch. The rows chained. */
async function chainQueued(db: Db, merchantId: string | null): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction((tx) => chainBatch(tx, merchantId));
    total += n;
    if (n < batchSize) return total;
  }
}

/**
 * One chainer per chain and database handle in this process. While a run is in flight, callers
 * join the next one (it starts when the current ends and takes all that was queued by then):
 * whatever number of transactions commit meanwhile, the chain gets one transaction per batch.
 */
interface ChainRuns {
  current: Promise<number> | null;
  next: Promise<number> | null;
}
const runsOf = new WeakMap<Db, Map<string, ChainRuns>>();

/**
 * Chains what the chain has queued, in a run that starts after this call: the rows a caller
 * committed before calling are in the log when it resolves (unless the run failed: then they
 * stay queued for the sweep). Resolves to the rows that run chained.
 */
export function chainSoon(db: Db, merchantId: string | null): Promise<number> {
  let byChain = runsOf.get(db);
  if (!byChain) runsOf.set(db, (byChain = new Map()));
  const chainKey = merchantId ?? "";
  let runs = byChain.get(chainKey);
  if (!runs) byChain.set(chainKey, (runs = { current: null, next: null }));
  const state = runs;
  // A run not started yet takes this caller's rows too.
  if (state.next) return state.next;
  const before = state.current;
  const run: Promise<number> = (before ?? Promise.resolve(0))
    .catch(() => 0)
    .then(() => {
      state.current = run;
      if (state.next === run) state.next = null;
      return chainQueued(db, merchantId);
    })
    .finally(() => {
      if (state.current === run) state.current = null;
    });
  if (before) state.next = run;
  else state.current = run;
  return run;
}

/** Rows queued longer than this are overdue: their chainer failed or its process stopped. */
export const overdueAfterMs = 60_000;

/**
 * The sweep: chains every chain that has queued rows (after a crash between a commit and its
 * chaining, or a chainer that failed). Safe beside running chainers, of this process or
 * another: they take turns on the head's lock and each takes what is queued at its turn.
 */
export async function chainAllPending(db: Db): Promise<number> {
  const chains = await db
    .selectDistinct({ merchantId: auditPending.merchantId })
    .from(auditPending);
  const chained = await Promise.all(chains.map((c) => chainSoon(db, c.merchantId)));
  return chained.reduce((a, b) => a + b, 0);
}

/** Queued rows older than overdueAfterMs (the sweep's backlog, for the health check). */
export async function overduePending(db: DbOrTx, at = new Date()): Promise<number> {
  const since = new Date(at.getTime() - overdueAfterMs).toISOString();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditPending)
    .where(lt(auditPending.createdAt, sql`${since}::timestamptz`));
  return row?.n ?? 0;
}

import { eq, isNull, lt, sql, type Placeholder, type SQL } from "drizzle-orm";
import { auditChainHeads, auditLog, auditPending } from "@/db/schema";
import {
  sqlStatementTemplate,
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
 * An audit row's content as the columns audit_pending and audit_log both have, named as they
 * are (JSON's null, or a missing key, is SQL's NULL): rows go to the database as one JSON array,
 * read there by json_populate_recordset with the table's row type.
 */
function contentColumns(row: QueuedAudit) {
  return {
    merchant_id: row.merchantId,
    actor_user_id: row.actorUserId,
    action: row.action,
    entity_type: row.entityType,
    entity_id: row.entityId,
    before: row.before,
    after: row.after,
    ip_address: row.ipAddress,
    user_agent: row.userAgent,
    created_at: row.createdAt.toISOString(),
  };
}

/** Those columns, as a statement lists them: contentColumns' keys (a row's values do not change them). */
const contentColumnList = sql.raw(
  Object.keys(contentColumns({ createdAt: new Date(0) } as QueuedAudit)).join(", "),
);

/** A queued row as the take returns it (the driver gives a timestamp as a Date). */
type TakenColumns = Omit<ReturnType<typeof contentColumns>, "created_at"> & {
  created_at: Date | string;
};

/** The content of a row taken from the queue, as it is hashed. */
function takenContent(row: TakenColumns): QueuedAudit {
  return {
    merchantId: row.merchant_id,
    actorUserId: row.actor_user_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    ipAddress: row.ip_address,
    userAgent: row.user_agent,
    createdAt: new Date(row.created_at),
  };
}

/**
 * Queues rows in one statement: they come as one JSON array, so the text is the same for any
 * number of them (a template), and are numbered (pending_no) in the array's order.
 */
const insertPending = sqlStatementTemplate<
  { rows: string },
  { merchant_id: string | null; pending_no: string | number }
>((v) => {
  return sql`insert into ${auditPending} (${contentColumnList})
    select ${contentColumnList}
    from json_populate_recordset(null::${auditPending}, ${v.rows}::json) with ordinality
    order by ordinality
    returning merchant_id, pending_no`;
});

/**
 * Queues one row from within a statement of the caller's: a change made by one statement (a
 * data-modifying WITH), which has no transaction to queue it in. `row` is its content as JSON
 * (auditRowJson); `known` is what only the statement knows, from the columns of `from` (the
 * rows it is queued for; none, no row queued): the entity's id and what to add to `after`
 * (a jsonb object). Returns the row's pending_no, to chain it with chainSoon once the
 * statement has run.
 */
export function queueAuditIn(
  row: SQL | Placeholder,
  known: { entityId: SQL; after: SQL },
  from: SQL,
): SQL {
  return sql`insert into ${auditPending} (${contentColumnList})
    select ${contentColumnList}
    from (select queued.merchant_id, queued.actor_user_id, queued.action, queued.entity_type,
        ${known.entityId} as entity_id, queued.before, queued.after || ${known.after} as after,
        queued.ip_address, queued.user_agent, queued.created_at
      from json_populate_record(null::${auditPending}, ${row}::json) as queued, ${from}) as row
    returning pending_no`;
}

/** A row's content as queueAuditIn takes it. */
export function queuedRowJson(row: QueuedAudit): string {
  return JSON.stringify(contentColumns(row));
}

/** Queues rows; returns the number of each chain's last row (for chainSoon). */
export async function queueAudit(tx: Tx, rows: QueuedAudit[]): Promise<Map<string | null, number>> {
  const queued = await insertPending(tx, { rows: JSON.stringify(rows.map(contentColumns)) });
  const last = new Map<string | null, number>();
  for (const row of queued) {
    last.set(row.merchant_id, Math.max(last.get(row.merchant_id) ?? 0, Number(row.pending_no)));
  }
  return last;
}

/** The most rows one batch takes: a backlog after a crash is chained in several. */
const batchSize = 500;

/**
 * The chain's head and the rows taken after it: one result row per row taken, or one whose
 * queued columns are all null when none was.
 */
type HeadAndTaken = TakenColumns & {
  head_seq: string | number;
  head_hash: string | null;
  candidates: number;
  pending_no: string | number | null;
};

/**
 * Locks the chain's head and takes (deletes and returns) its oldest queued rows, in one
 * statement. A chain without a head row (rows written before heads were kept, or none yet)
 * gets one from its newest row in the log.
 *
 * The head's upsert changes nothing: it locks the row and returns it as it now is, that is as
 * another chainer committed it if this one waited for it (ON CONFLICT DO UPDATE locks and reads
 * the newest version, whatever the statement's snapshot). The rows are chosen only once the
 * head is locked (the candidates' filter needs the head: a one-time filter, run first), so no
 * chainer holds queued rows while it waits for the head, and two cannot wait for each other.
 * The choice reads the statement's snapshot, taken before the wait: rows another chainer
 * took meanwhile are still seen there, but the DELETE skips them (READ COMMITTED rechecks a
 * row another transaction deleted), so no row is taken twice; rows queued meanwhile are left
 * to the next batch. `candidates` says how many were chosen: fewer than a batch, the queue
 * (as of this statement's start) is done, whatever number the other chainer took.
 */
function lockAndTakeStatement(system: boolean) {
  return sqlStatementTemplate((v: Placeholders<{ merchantId: string | null; limit: number }>) => {
    const merchantId = system ? null : (v.merchantId as ValueOrPlaceholder<string>);
    return sql`with head as (
        insert into ${auditChainHeads} (merchant_id, seq, hash)
        select ${merchantId}::uuid, coalesce(last.seq, 0), last.hash
        from (select 1) as one left join lateral (
          select seq, hash from ${auditLog} where ${chainOf(merchantId)}
          order by seq desc limit 1) as last on true
        on conflict (merchant_id) do update set seq = ${auditChainHeads}.seq
        returning seq, hash),
      candidates as (
        select pending_no from ${auditPending}
        where ${pendingOf(merchantId)} and (select true from head)
        order by pending_no limit ${v.limit}),
      taken as (
        delete from ${auditPending} where pending_no in (select pending_no from candidates)
        returning *)
      select head.seq as head_seq, head.hash as head_hash,
        (select count(*) from candidates)::int as candidates, taken.*
      from head left join taken on true
      order by taken.pending_no`;
  });
}
const lockAndTakeFromMerchantChain = lockAndTakeStatement(false);
const lockAndTakeFromSystemChain = lockAndTakeStatement(true);

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
        insert into ${auditLog} (${contentColumnList}, seq, prev_hash, hash, key_id)
        select ${contentColumnList}, seq, prev_hash, hash, key_id
        from json_populate_recordset(null::${auditLog}, ${v.rows}::json))
      update ${auditChainHeads} set seq = ${v.seq}, hash = ${v.hash} where ${headOf(merchantId)}`;
  });
}
const appendToMerchantChain = appendStatement(false);
const appendToSystemChain = appendStatement(true);

/**
 * One batch of the chain, in `tx`: the head locked, up to batchSize queued rows taken and
 * appended after it. The rows chained, and whether a full batch was chosen (more may wait).
 */
async function chainBatch(
  tx: DbOrTx,
  merchantId: string | null,
): Promise<{ chained: number; full: boolean; taken: number[] }> {
  const system = merchantId === null;
  const lockAndTake = system ? lockAndTakeFromSystemChain : lockAndTakeFromMerchantChain;
  const taken = (await lockAndTake(tx, { merchantId, limit: batchSize })) as HeadAndTaken[];
  const [head] = taken;
  if (!head) throw new Error("audit chain head not returned");
  const full = head.candidates === batchSize;
  if (head.pending_no === null) return { chained: 0, full, taken: [] };
  const key = getAuditKey();
  let seq = Number(head.head_seq);
  let prevHash = head.head_hash;
  const rows = taken.map((row) => {
    const content = { ...takenContent(row), seq: ++seq, prevHash };
    const hash = auditHash(content, key);
    const columns = {
      ...contentColumns(content),
      seq,
      prev_hash: prevHash,
      hash,
      key_id: key.id,
    };
    prevHash = hash;
    return columns;
  });
  const append = system ? appendToSystemChain : appendToMerchantChain;
  await append(tx, { merchantId, rows: JSON.stringify(rows), seq, hash: prevHash });
  return { chained: rows.length, full, taken: taken.map((row) => Number(row.pending_no)) };
}

/**
 * Chains everything queued for the chain in `tx` itself: for a transaction not opened through
 * openDatabase's handle, whose rows cannot wait for its commit (the head's lock is then held to
 * its end, as every appender's once was).
 */
export async function chainInTransaction(tx: DbOrTx, merchantId: string | null): Promise<void> {
  while ((await chainBatch(tx, merchantId)).full);
}

/**
 * Chains everything queued for the chain: a transaction per batch. The rows chained; the
 * numbers of those taken go to `taken` once their batch has committed.
 */
async function chainQueued(
  db: Db,
  merchantId: string | null,
  taken: (numbers: number[]) => void,
): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await db.transaction((tx) => chainBatch(tx, merchantId));
    taken(batch.taken);
    total += batch.chained;
    if (!batch.full) return total;
  }
}

/**
 * One chainer per chain and database handle in this process. While a run is in flight, callers
 * join the next one (it starts when the current ends and takes all that was queued by then):
 * whatever number of transactions commit meanwhile, the chain gets one transaction per batch.
 * The next run is skipped when the current one took every row its callers wait for: a caller's
 * rows are one transaction's, seen at once and taken in their order, so its last row taken
 * means all of them were.
 */
interface ChainRuns {
  current: Promise<number> | null;
  next: Promise<number> | null;
  /** The last rows the next run's callers queued, not yet taken; null when one did not say. */
  awaited: Set<number> | null;
  /** The rows the current run has taken (committed). */
  taken: Set<number>;
}
const runsOf = new WeakMap<Db, Map<string, ChainRuns>>();

/**
 * Chains what the chain has queued, in a run that starts after this call: the rows a caller
 * committed before calling are in the log when it resolves (unless the run failed: then they
 * stay queued for the sweep). `lastQueued` is the number of the caller's last row of the chain
 * (queueAudit). Resolves to the rows that run chained.
 */
export function chainSoon(db: Db, merchantId: string | null, lastQueued?: number): Promise<number> {
  const byChain = runsOf.get(db) ?? new Map<string, ChainRuns>();
  runsOf.set(db, byChain);
  const chainKey = merchantId ?? "";
  let runs = byChain.get(chainKey);
  if (!runs) {
    byChain.set(chainKey, (runs = { current: null, next: null, awaited: null, taken: new Set() }));
  }
  const state = runs;
  const awaits = () => {
    if (lastQueued === undefined) state.awaited = null;
    else if (!state.taken.has(lastQueued)) state.awaited?.add(lastQueued);
  };
  // A run not started yet takes this caller's rows too.
  if (state.next) {
    awaits();
    return state.next;
  }
  const before = state.current;
  if (before) {
    state.awaited = new Set();
    awaits();
  }
  const run: Promise<number> = (before ?? Promise.resolve(0))
    .catch(() => 0)
    .then(() => {
      state.current = run;
      if (state.next === run) state.next = null;
      // Every caller's rows were taken by the run before: nothing to chain for them.
      if (before && state.awaited?.size === 0) return 0;
      state.taken = new Set();
      return chainQueued(db, merchantId, (numbers) => {
        for (const n of numbers) {
          state.taken.add(n);
          state.awaited?.delete(n);
        }
      });
    })
    .finally(() => {
      if (state.current !== run) return;
      state.current = null;
      // Nothing in flight or waiting: the chain's entry goes, so that the map holds only the
      // chains being worked on (a later call makes a new one).
      if (!state.next) byChain.delete(chainKey);
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

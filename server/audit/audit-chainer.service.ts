import {
  and,
  eq,
  isNotNull,
  isNull,
  lt,
  notExists,
  sql,
  type Placeholder,
  type SQL,
} from "drizzle-orm";
import { auditChainHeads, auditLog, auditPending, merchants, users } from "@/db/schema";
import {
  noticeValues,
  sendNoticesAfterCommit,
  sendNoticesSql,
  type Notice,
  type NoticeValues,
} from "@/db/notices";
import { runStatementParts, type StatementPart } from "@/db/statement-parts";
import {
  sqlStatementTemplate,
  type Placeholders,
  type ValueOrPlaceholder,
} from "@/db/statement-template";
import { processWide } from "@/db/process-wide";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { getAuditKey } from "./audit-key";
import { auditHash, type AuditContent } from "./audit.logic";

/*
 * The audit chain's one appender. A change's transaction only queues its audit rows
 * (audit_pending, one insert, no lock); after its commit a chainer moves the chain's queued rows
 * into audit_log in two statements per batch: the chain's head and its queued rows read, the
 * rows given in the order they were queued each its seq, prevHash and keyed hash, then in one
 * statement the head moved (only if it is still the one read: compare-and-set), the rows
 * inserted and taken from the queue. The head's row is so locked once per batch for one
 * statement, not once per change, and the change's transactions of one merchant do not wait
 * for one another; a chainer that lost the race for the head reads it again. The rows this
 * process queued need no read while the head is the one its last append left (no other
 * chainer has appended since): the write alone, hashed from what was queued (appendKnown).
 *
 * The chain's order is the order rows are chained in: batch after batch, and within a batch
 * the order they were queued in (pending_no; within one transaction, the order of the calls).
 * A row of a transaction that committed later may so precede one queued earlier.
 *
 * Until chained, a row is not tamper-evident: the window is the chainer's next batch (the
 * change's caller waits for it), or after a crash between commit and chaining, the sweep
 * (chainAllPending, at start and every minute), which also chains again the rows of an append
 * a crash lost (appendStatement: its commit does not wait for the disk).
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

/** A row this process queued, with its number: its chainer can hash it without reading it back. */
export interface QueuedRow {
  pendingNo: number;
  content: QueuedAudit;
}

/**
 * Queues rows, as a part of a statement (db/statement-parts.ts): one insert, the rows as one
 * JSON array, so the text is the same for any number of them, numbered (pending_no) in the
 * array's order. `queued` receives each chain's rows with their numbers, in that order (for
 * chainSoon).
 */
export function queueAuditPart(
  rows: QueuedAudit[],
  queued: (byChain: Map<string | null, QueuedRow[]>) => void,
): StatementPart {
  return {
    shape: "audit-queue",
    values: { rows: JSON.stringify(rows.map(contentColumns)) },
    build: ({ value, cte, after }) => ({
      ctes: [
        sql`${cte("queued")} as (
          insert into ${auditPending} (${contentColumnList})
          select ${contentColumnList}
          from json_populate_recordset(null::${auditPending}, ${value("rows")}::json)
            with ordinality
          where ${after}
          order by ordinality
          returning pending_no)`,
      ],
      last: cte("queued"),
      result: sql`(select json_agg(pending_no order by pending_no) from ${cte("queued")})`,
    }),
    received: (result) => {
      // The numbers were drawn in the array's order (the insert's `order by ordinality`).
      const numbers = ((result ?? []) as number[]).map(Number);
      const byChain = new Map<string | null, QueuedRow[]>();
      rows.forEach((content, i) => {
        const pendingNo = numbers[i];
        if (pendingNo === undefined) throw new Error("audit row queued without its number");
        const chain = byChain.get(content.merchantId);
        if (chain) chain.push({ pendingNo, content });
        else byChain.set(content.merchantId, [{ pendingNo, content }]);
      });
      queued(byChain);
    },
  };
}

/**
 * Queues one row from within a statement of the caller's: a change made by one statement (a
 * data-modifying WITH), which has no transaction to queue it in. `row` is its content as JSON
 * (auditRowJson); `known` is what only the statement knows, from the columns of `from` (the
 * rows it is queued for; none, no row queued): the entity's id and what to add to `after`
 * (a jsonb object). Returns the row as queued, as JSON (`queued_row`, StatementQueued), to
 * chain it with chainSoon once the statement has run: whole, so the chainer can hash it
 * without reading it back (appendKnown), as it does a transaction's rows.
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
    returning to_json(${auditPending}) as queued_row`;
}

/** A row queueAuditIn queued, as its statement returns it: audit_pending's row as JSON. */
export type StatementQueued = Omit<TakenColumns, "created_at"> & {
  pending_no: number;
  created_at: string;
};

/** That row as chainSoon takes it: its number and its content as the queue holds it. */
export function statementQueuedRow(queued: StatementQueued): QueuedRow {
  return { pendingNo: Number(queued.pending_no), content: takenContent(queued) };
}

/** A row's content as queueAuditIn takes it. */
export function queuedRowJson(row: QueuedAudit): string {
  return JSON.stringify(contentColumns(row));
}

/** Queues rows in a statement of their own; returns each chain's rows with their numbers. */
export async function queueAudit(
  tx: Tx,
  rows: QueuedAudit[],
): Promise<Map<string | null, QueuedRow[]>> {
  let byChain = new Map<string | null, QueuedRow[]>();
  await runStatementParts(tx, [queueAuditPart(rows, (queued) => (byChain = queued))]);
  return byChain;
}

/** The most rows one batch takes: a backlog after a crash is chained in several. */
const batchSize = 500;

/**
 * The chain's head and its oldest queued rows: one result row per queued row, or one whose
 * queued columns are all null when none is queued.
 */
type HeadAndQueued = TakenColumns & {
  head_seq: string | number;
  head_hash: string | null;
  candidates: number;
  pending_no: string | number | null;
};

/**
 * Reads the chain's head and its oldest queued rows, in one statement and so one snapshot,
 * taking no lock: the rows are claimed by the append, only if the head is still the one read
 * here. A chain without a head row (rows written before heads were kept, or none yet) reads
 * as its newest row in the log.
 */
function readHeadStatement(system: boolean) {
  return sqlStatementTemplate((v: Placeholders<{ merchantId: string | null; limit: number }>) => {
    const merchantId = system ? null : (v.merchantId as ValueOrPlaceholder<string>);
    return sql`with head as (
        select seq, hash from ${auditChainHeads} where ${headOf(merchantId)}
        union all
        select coalesce(last.seq, 0), last.hash
        from (select 1) as one left join lateral (
          select seq, hash from ${auditLog} where ${chainOf(merchantId)}
          order by seq desc limit 1) as last on true
        where not exists (select 1 from ${auditChainHeads} where ${headOf(merchantId)})),
      queued as (
        select * from ${auditPending} where ${pendingOf(merchantId)}
        order by pending_no limit ${v.limit})
      select head.seq as head_seq, head.hash as head_hash,
        (select count(*) from queued)::int as candidates, queued.*
      from head left join queued on true
      order by queued.pending_no`;
  });
}
const readMerchantHead = readHeadStatement(false);
const readSystemHead = readHeadStatement(true);

/**
 * The rows of one chain, as JSON objects named by column, the head they follow and the new one;
 * and the notices to send once they are in the log.
 */
type ChainAppend = NoticeValues & {
  merchantId: string | null;
  rows: string;
  taken: string;
  fromSeq: number;
  seq: number;
  hash: string | null;
};

/**
 * Moves the chain's head from the one read (fromSeq) to the new one, and only if it moved
 * appends the rows and takes them from the queue: one statement, so all of it or none. A
 * chainer that read the same head and moved it first (another process's, or a sweep's)
 * makes this one change nothing (the upsert locks the head row and rechecks its newest
 * version): it reads again. So does one whose rows are not all queued any more (rows hashed
 * from memory, appendKnown: never appended twice). The rows come as one JSON array, so the
 * text is the same for any number of them (a template, for a merchant's chain and for the
 * system's).
 *
 * Run as its own transaction (`alone`), its commit does not wait for the disk
 * (synchronous_commit off for that transaction only; never inside a caller's transaction,
 * whose commit may move money). The rows it moves are on disk already in audit_pending,
 * committed with their change: an append a crash loses leaves them queued and the head where
 * it was, and the sweep chains them again (WAL is written in order, so a lost append takes
 * every later one with it: the chain has no gap). Every caller of a change waits for its
 * append (chainSoon), and a flush waited for was one more disk wait in each, in series behind
 * the chain's previous append (a redemption at the counter, a provider's notification: issue
 * #20). One-row inserts on this machine's PostgreSQL at load ~27: p50 9.8–12.0 ms a commit
 * waiting for the disk, 2.3–3.1 ms not.
 *
 * The notices it carries (the changes' announcements, which must not be heard before their
 * rows are in the log) are sent only if it appended: a statement of their own each was one
 * round trip more per append (issue #20).
 */
function appendStatement(system: boolean, alone: boolean) {
  return sqlStatementTemplate<ChainAppend, { moved: number }>((v) => {
    const merchantId = system ? null : (v.merchantId as ValueOrPlaceholder<string>);
    const takenNumbers = sql`select value::bigint from json_array_elements_text(${v.taken}::json)`;
    return sql`with moved as (
        insert into ${auditChainHeads} (merchant_id, seq, hash)
        select ${merchantId}::uuid, ${v.seq}::bigint, ${v.hash}::text
        where (select count(*) from ${auditPending} where pending_no in (${takenNumbers}))
          = json_array_length(${v.taken}::json)
        on conflict (merchant_id) do update set seq = excluded.seq, hash = excluded.hash
        where ${auditChainHeads}.seq = ${v.fromSeq}
        returning 1),
      taken as (
        delete from ${auditPending}
        where pending_no in (${takenNumbers})
          and exists (select 1 from moved)),
      appended as (
        insert into ${auditLog} (${contentColumnList}, seq, prev_hash, hash, key_id)
        select ${contentColumnList}, seq, prev_hash, hash, key_id
        from json_populate_recordset(null::${auditLog}, ${v.rows}::json)
        where exists (select 1 from moved))
      select (select count(*) from moved)::int as moved,
        ${sendNoticesSql(v, sql`exists (select 1 from moved)`)} as noticed${
          alone ? sql`, set_config('synchronous_commit', 'off', true) as commit_mode` : sql``
        }`;
  });
}
/** The appends by chain (a merchant's, the system's) and whether each is its own transaction. */
const appends = {
  merchant: { alone: appendStatement(false, true), inTransaction: appendStatement(false, false) },
  system: { alone: appendStatement(true, true), inTransaction: appendStatement(true, false) },
};

/** A chain's newest row: its seq and hash (no hash: an empty chain). */
interface ChainHead {
  seq: number;
  hash: string | null;
}

/**
 * Hashes `contents` after `head`, in their order, and appends them with the head moved (one
 * statement): the new head, or null when the head was not `head` any more or a row was not
 * queued (appendStatement): nothing written then. `alone`: `db` is the handle, not a
 * transaction, so the statement commits by itself.
 */
async function hashAndAppend(
  db: DbOrTx,
  alone: boolean,
  merchantId: string | null,
  head: ChainHead,
  contents: QueuedAudit[],
  taken: number[],
  notices: Notice[],
): Promise<ChainHead | null> {
  const key = getAuditKey();
  let seq = head.seq;
  let prevHash = head.hash;
  const rows = contents.map((queued) => {
    const content = { ...queued, seq: ++seq, prevHash };
    const hash = auditHash(content, key);
    const columns = { ...contentColumns(content), seq, prev_hash: prevHash, hash, key_id: key.id };
    prevHash = hash;
    return columns;
  });
  const chain = merchantId === null ? appends.system : appends.merchant;
  const [appended] = await (alone ? chain.alone : chain.inTransaction)(db, {
    merchantId,
    rows: JSON.stringify(rows),
    taken: JSON.stringify(taken),
    fromSeq: head.seq,
    seq,
    hash: prevHash,
    ...noticeValues(notices),
  });
  return appended?.moved === 1 ? { seq, hash: prevHash } : null;
}

/**
 * One batch of the chain, on `db` (a transaction's, or the handle's, `alone`: each statement
 * then is its own): the head and up to batchSize queued rows read, hashed after it, and
 * appended with the head moved, read again while another chainer moved the head first. The
 * rows chained, whether a full batch was chosen (more may wait) and the head left. `notices`
 * go with the append of a batch that is not full (the chain's last), if there is one.
 */
async function chainBatch(
  db: DbOrTx,
  alone: boolean,
  merchantId: string | null,
  notices: Notice[] = [],
): Promise<{ chained: number; full: boolean; taken: number[]; head: ChainHead }> {
  const read = merchantId === null ? readSystemHead : readMerchantHead;
  for (;;) {
    const queued = (await read(db, { merchantId, limit: batchSize })) as HeadAndQueued[];
    const [first] = queued;
    if (!first) throw new Error("audit chain head not returned");
    const full = first.candidates === batchSize;
    const head = { seq: Number(first.head_seq), hash: first.head_hash };
    if (first.pending_no === null) return { chained: 0, full, taken: [], head };
    const taken = queued.map((row) => Number(row.pending_no));
    const contents = queued.map(takenContent);
    const moved = await hashAndAppend(
      db,
      alone,
      merchantId,
      head,
      contents,
      taken,
      full ? [] : notices,
    );
    if (moved) return { chained: queued.length, full, taken, head: moved };
  }
}

/**
 * The head each chain's last append by this process left, per database handle: while no other
 * chainer appends (another instance's, the sweep's), the rows this process queued are chained
 * from memory after it, in one statement (appendKnown). One small entry per chain written to.
 */
const headsOf = processWide("audit.chainHeads", () => new WeakMap<Db, Map<string, ChainHead>>());

const canonicalUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether a row hashed as queued hashes as the log will give it back: the log returns a uuid
 * in its canonical form, and its other columns as written (JSON as JSON: the same
 * assumption the chaining of rows read from the queue makes).
 */
function readsBackAsQueued(row: QueuedAudit): boolean {
  return [row.merchantId, row.actorUserId].every((id) => id === null || canonicalUuid.test(id));
}

/**
 * Chains rows this process queued (their content known: no read) after the head its last
 * append left; false, with nothing written, when that head is unknown or has moved, or a row
 * is not queued any more (chained by another chainer): the caller reads the chain then.
 */
async function appendKnown(
  db: Db,
  merchantId: string | null,
  rows: QueuedRow[],
  notices: Notice[],
) {
  const heads = headsOf.get(db);
  const head = heads?.get(merchantId ?? "");
  if (!heads || !head || rows.length === 0) return false;
  if (!rows.every((row) => readsBackAsQueued(row.content))) return false;
  const sorted = [...rows].sort((a, b) => a.pendingNo - b.pendingNo);
  const moved = await hashAndAppend(
    db,
    true,
    merchantId,
    head,
    sorted.map((row) => row.content),
    sorted.map((row) => row.pendingNo),
    notices,
  );
  if (moved) heads.set(merchantId ?? "", moved);
  return moved !== null;
}

function rememberHead(db: Db, merchantId: string | null, head: ChainHead) {
  let heads = headsOf.get(db);
  if (!heads) headsOf.set(db, (heads = new Map()));
  heads.set(merchantId ?? "", head);
}

/**
 * Chains everything queued for the chain in `tx` itself: for a transaction not opened through
 * openDatabase's handle, whose rows cannot wait for its commit (the head's row lock is then held to
 * its end, as every appender's once was).
 */
export async function chainInTransaction(tx: DbOrTx, merchantId: string | null): Promise<void> {
  while ((await chainBatch(tx, false, merchantId)).full);
}

/**
 * Chains the rows `known` (this process's callers', their content in hand), in one statement
 * when appendKnown can; else everything queued for the chain: a read and a write per batch.
 * The rows chained; the numbers of those taken go to `taken` once their batch has committed.
 */
async function chainQueued(
  db: Db,
  merchantId: string | null,
  known: QueuedRow[] | null,
  taken: (numbers: number[]) => void,
  notices: Notice[],
): Promise<{ chained: number; noticed: boolean }> {
  if (known && (await appendKnown(db, merchantId, known, notices))) {
    taken(known.map((row) => row.pendingNo));
    return { chained: known.length, noticed: true };
  }
  let total = 0;
  for (;;) {
    // No transaction: the batch's one write is one statement.
    const batch = await chainBatch(db, true, merchantId, notices);
    rememberHead(db, merchantId, batch.head);
    taken(batch.taken);
    total += batch.chained;
    // The last batch carried the notices if it appended anything.
    if (!batch.full) return { chained: total, noticed: batch.chained > 0 };
  }
}

/**
 * One chainer per chain and database handle in this process. While a run is in flight, callers
 * join the next one (it starts when the current ends and takes all that was queued by then):
 * whatever number of transactions commit meanwhile, the chain gets one write per batch.
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
  /** The rows the next run's callers queued, their content in hand; null when one gave none. */
  nextRows: QueuedRow[] | null;
  /** What the next run's callers send once their rows are chained. */
  nextNotices: Notice[];
}
// Per process (db/process-wide.ts): the after-commit chaining of a route and the sweep of the
// background jobs run in different copies of this module, and must join the same runs.
const runsOf = processWide("audit.chainRuns", () => new WeakMap<Db, Map<string, ChainRuns>>());

/**
 * Per chain, the ends of the transactions whose commit is on its way with rows of the chain
 * queued (committingWith). Per process, as the runs are.
 */
const committingOf = processWide("audit.committing", () => new Map<string, Set<Promise<void>>>());

/**
 * Notes that a transaction's commit, ending with `end` (db/commit-hooks.ts transactionEnd),
 * queues rows of these chains: a run about to start waits for it (commitsOnTheirWay).
 */
export function committingWith(merchantIds: Iterable<string | null>, end: Promise<void>) {
  for (const merchantId of merchantIds) {
    const key = merchantId ?? "";
    let ends = committingOf.get(key);
    if (!ends) committingOf.set(key, (ends = new Set()));
    const own = ends;
    own.add(end);
    void end.then(() => {
      own.delete(end);
      if (own.size === 0 && committingOf.get(key) === own) committingOf.delete(key);
    });
  }
}

/**
 * The longest a run waits for the commits on their way: their answers are due within a round
 * trip, and a commit held up longer (a hook after the audit rows' part that waits for this
 * very chain) must not hold the chain's run with it.
 */
const commitWaitMs = 20;

/**
 * Settles once the commits of the chain on their way now have ended (or after commitWaitMs).
 * Under load a run that starts at once appends the rows of one commit while the next commit is
 * a round trip away, and that one then needs an append of its own: waiting for it makes one
 * append of both (issue #20). Later commits are not waited for: they join the next run.
 */
function commitsOnTheirWay(merchantId: string | null): Promise<unknown> | undefined {
  const ends = committingOf.get(merchantId ?? "");
  if (!ends || ends.size === 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.all([...ends]),
    new Promise((late) => (timer = setTimeout(late, commitWaitMs))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Chains what the chain has queued, in a run that starts after this call: the rows a caller
 * committed before calling are in the log when it resolves (unless the run failed: then they
 * stay queued for the sweep). `queued` is the caller's rows of the chain (queueAuditPart),
 * which the run may chain without reading them back, or the number of its last one.
 * `notices` are sent once the run has chained (with its append, else after it, or after it
 * failed, as the caller would have sent them itself). Resolves to the rows that run chained.
 */
export function chainSoon(
  db: Db,
  merchantId: string | null,
  queued?: number | QueuedRow[],
  notices: Notice[] = [],
): Promise<number> {
  const byChain = runsOf.get(db) ?? new Map<string, ChainRuns>();
  runsOf.set(db, byChain);
  const chainKey = merchantId ?? "";
  let runs = byChain.get(chainKey);
  if (!runs) {
    byChain.set(
      chainKey,
      (runs = {
        current: null,
        next: null,
        awaited: null,
        taken: new Set(),
        nextRows: null,
        nextNotices: [],
      }),
    );
  }
  const state = runs;
  const rows = Array.isArray(queued) ? queued : null;
  // A chain's rows come in the order they were numbered: its last is its highest.
  const lastQueued = Array.isArray(queued) ? queued.at(-1)?.pendingNo : queued;
  const awaits = () => {
    if (lastQueued === undefined) state.awaited = null;
    else if (!state.taken.has(lastQueued)) state.awaited?.add(lastQueued);
  };
  // A run not started yet takes this caller's rows too.
  if (state.next) {
    awaits();
    state.nextRows = rows && state.nextRows ? state.nextRows.concat(rows) : null;
    if (notices.length > 0) state.nextNotices = state.nextNotices.concat(notices);
    return state.next;
  }
  state.awaited = new Set();
  awaits();
  state.nextRows = rows;
  state.nextNotices = notices;
  // With none in flight, the run starts once the callbacks already due have run
  // (setImmediate): the transactions whose commits came back together join it, and those whose
  // commits are still on their way (commitsOnTheirWay).
  const before: Promise<unknown> = state.current ?? new Promise((start) => setImmediate(start));
  const run: Promise<number> = before
    .catch(() => 0)
    // Callers keep joining this run (state.next) while it waits.
    .then(() => commitsOnTheirWay(merchantId))
    .then(async () => {
      state.current = run;
      if (state.next === run) state.next = null;
      const notices = state.nextNotices;
      let noticed = false;
      try {
        // Every caller's rows were taken by the run before: nothing to chain for them.
        if (state.awaited?.size === 0) return 0;
        const known = state.nextRows?.filter((r) => !state.taken.has(r.pendingNo));
        state.taken = new Set();
        const done = await chainQueued(
          db,
          merchantId,
          known ?? null,
          (numbers) => {
            for (const n of numbers) {
              state.taken.add(n);
              state.awaited?.delete(n);
            }
          },
          notices,
        );
        noticed = done.noticed;
        return done.chained;
      } finally {
        if (!noticed) await sendNoticesAfterCommit(db, notices);
      }
    })
    .finally(() => {
      if (state.current !== run) return;
      state.current = null;
      // Nothing in flight or waiting: the chain's entry goes, so that the map holds only the
      // chains being worked on (a later call makes a new one).
      if (!state.next) byChain.delete(chainKey);
    });
  state.next = run;
  return run;
}

/** Rows queued longer than this are overdue: their chainer failed or its process stopped. */
export const overdueAfterMs = 60_000;

/**
 * What the queue's missing foreign keys would have done (db/schema/audit.ts): the rows of a
 * shop deleted since they were queued go (its log went with it), and an actor deleted since
 * is forgotten, as the log forgets its own rows' (set null). Either would fail its append.
 */
async function dropOrphans(db: Db) {
  const one = sql`1`;
  await db
    .delete(auditPending)
    .where(
      and(
        isNotNull(auditPending.merchantId),
        notExists(
          db.select({ one }).from(merchants).where(eq(merchants.id, auditPending.merchantId)),
        ),
      ),
    );
  await db
    .update(auditPending)
    .set({ actorUserId: null })
    .where(
      and(
        isNotNull(auditPending.actorUserId),
        notExists(db.select({ one }).from(users).where(eq(users.id, auditPending.actorUserId))),
      ),
    );
}

/**
 * The sweep: chains every chain that has queued rows (after a crash between a commit and its
 * chaining, or a chainer that failed), after dropping what no chain can take (dropOrphans).
 * Safe beside running chainers, of this process or another: each moves the head only from the
 * one it read, so each batch follows the one before.
 */
export async function chainAllPending(db: Db): Promise<number> {
  await dropOrphans(db);
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

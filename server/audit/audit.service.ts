import { and, asc, desc, eq, gt, sql, type SQL } from "drizzle-orm";
import {
  afterCommit,
  afterCommitOrder,
  beforeCommitPart,
  commitOrder,
  defersToCommit,
  GatheredPerTransaction,
  transactionEnd,
} from "@/db/commit-hooks";
import { allOf } from "@/db/one";
import { auditLog, merchants, users } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import type { RequestMeta } from "@/server/http/request-meta";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { takeEventNotices } from "@/server/events/events.service";
import { personLabel } from "@/server/team/person-label";
import { getAuditKey } from "./audit-key";
import {
  chainInTransaction,
  chainOf,
  chainSoon,
  committingWith,
  queueAudit,
  queueAuditPart,
  queuedRowJson,
  statementQueuedRow,
  type QueuedAudit,
  type StatementQueued,
} from "./audit-chainer.service";
import { chainChecker, toJsonSafe, type AuditKey, type ChainCheck } from "./audit.logic";
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

const queuedEntries = new GatheredPerTransaction<QueuedAudit>();

/**
 * Records an audit row in the transaction of the change it records. The row is queued
 * (audit_pending) with the transaction's others in one insert just before COMMIT (a part of the
 * commit's statement, after the roll-ups' upserts: db/commit-hooks.ts), and takes its
 * place in its chain (`seq`, `prevHash`, keyed `hash`) after the commit, from the chain's one
 * appender (audit-chainer.service.ts): the change's transaction takes no chain lock, so one
 * merchant's changes do not wait for one another. The chain's order is the order of chaining;
 * within a transaction, the order of the calls. The transaction's caller gets control back once
 * the rows are chained (db.transaction awaits the after-commit work), so what it reads next
 * shows them. In a transaction not opened by openDatabase's handle the row is chained at once,
 * in that transaction.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  const recorded = auditContent(actor, entry);
  if (!defersToCommit(tx)) {
    await queueAudit(tx, [recorded]);
    return chainInTransaction(tx, recorded.merchantId);
  }
  if (queuedEntries.add(tx, recorded)) beforeCommitPart(tx, queueRecorded, commitOrder.auditQueue);
}

/** An audit row's content, fixed now: the caller may change the objects it passed later. */
function auditContent(actor: Actor, entry: AuditEntry): QueuedAudit {
  return {
    merchantId: entry.merchantId,
    actorUserId: actor.userId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: toJsonSafe(entry.before),
    after: toJsonSafe(entry.after),
    ipAddress: actor.ip,
    userAgent: actor.userAgent,
    createdAt: new Date(),
  };
}

/**
 * The audit row of a change made by one statement, outside any transaction (a statement is
 * atomic: a data-modifying WITH that makes the change and queues its row commits both or
 * neither). The statement queues `auditRowJson` with queueAuditIn (audit-chainer.service.ts),
 * which returns the row as queued; chainStatementAudit chains it once the statement has
 * run, as a transaction's after-commit step does (the caller gets control back once it is).
 */
export function auditRowJson(actor: Actor, entry: AuditEntry): string {
  return queuedRowJson(auditContent(actor, entry));
}

export async function chainStatementAudit(
  db: Db,
  merchantId: string | null,
  queued: StatementQueued,
): Promise<void> {
  await chainSoon(db, merchantId, [statementQueuedRow(queued)]).catch((err: unknown) =>
    console.error("A step after a commit failed:", err instanceof Error ? err.message : err),
  );
}

/**
 * The transaction's audit rows queued, a part of its commit's statement (commitOrder). When
 * they are of one chain (nearly always), its announcements go with their append, which must
 * come first anyway: one round trip after the commit, not two.
 */
function queueRecorded(tx: Tx) {
  const rows = queuedEntries.take(tx);
  const end = transactionEnd(tx);
  if (end) committingWith(new Set(rows.map((row) => row.merchantId)), end);
  return queueAuditPart(rows, (byChain) =>
    afterCommit(
      tx,
      async (db) => {
        const notices = byChain.size === 1 ? takeEventNotices(tx) : [];
        await Promise.all(
          [...byChain].map(([merchantId, rows]) => chainSoon(db, merchantId, rows, notices)),
        );
      },
      afterCommitOrder.auditChain,
    ),
  );
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
 * The WHERE of the log's filters. Pages walk the unique (merchant, seq) index backwards, or
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

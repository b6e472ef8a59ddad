import { processWide } from "./process-wide";
import { runStatementParts, type StatementPart } from "./statement-parts";
import type { Db, DbOrTx, Tx } from "./types";

/**
 * Work a transaction does last, after its callback has returned and just before COMMIT: code
 * inside a transaction registers it with `beforeCommit` (or `beforeCommitPart`), and
 * `installCommitHooks` (installed on the handle by openDatabase) runs it. A lock taken there is
 * held only for the last statements and the commit, never while the rest of the transaction
 * works (the roll-ups' rows); what a transaction gathers can be written there in one statement
 * (its audit rows), and the writes of several hooks in one too (`beforeCommitPart`). A callback
 * that throws rolls back without it. Work that must wait until the commit is done (telling
 * other screens about the change, chaining the audit rows: server/audit/audit-chainer.service.ts)
 * registers with `afterCommit`, and the transaction's caller gets control back once it is done.
 */
type Hook = (tx: Tx) => Promise<void>;
/** A hook that gives its write as a part of a statement, taking what its transaction gathered. */
type PartHook = (tx: Tx) => StatementPart;
type AfterHook = (db: Db) => Promise<void>;

/**
 * When a hook runs among those of its transaction: lower first. The locks hooks take are then
 * taken in one order by every transaction, so two transactions can never each hold one that
 * the other waits for: the roll-ups' rows (server/analytics/rollup-write.ts), then the other
 * rows written at commit (writeAtCommit). The audit rows' queue only adds rows: what it locks
 * is its references' key (the merchant, the acting user), which waits only for a transaction
 * deleting or re-keying them. It goes right after the roll-ups, the two parts of one
 * statement, where a write at commit (a known customer's figures) between them split them in
 * two; so no row written at commit is held while it waits either. The vouchers issued
 * (server/vouchers/voucher-issue.service.ts) come third, a third part of the statement: new
 * rows, which wait only at their unique code for a transaction that drew the same one, or
 * at their references' keys like the audit rows. The order
 * holds within the statement too: a part starts once the one before has run to its end
 * (db/statement-parts.ts), so the roll-up rows are locked before anything else is written.
 * That the parts see one snapshot changes nothing: none reads another's table.
 */
export const commitOrder = { rollups: 0, auditQueue: 1, vouchers: 2, writesAtCommit: 3 } as const;

type Registered = ({ hook: Hook; part?: undefined } | { part: PartHook; hook?: undefined }) & {
  order: number;
  done: boolean;
};

// Per process, not per module copy: a transaction is opened by the copy that opened the database
// and written to by whichever copy handles the request (process-wide.ts).
const hooksOf = processWide("commitHooks.before", () => new WeakMap<Tx, Registered[]>());
const afterHooksOf = processWide(
  "commitHooks.after",
  () => new WeakMap<Tx, { hook: AfterHook; order: number }[]>(),
);

/**
 * Whether `tx` is a transaction opened through a handle with installCommitHooks: only there
 * do `beforeCommit` and `afterCommit` run their hooks (a caller elsewhere does the work at
 * once instead).
 */
export function defersToCommit(tx: DbOrTx): tx is Tx {
  return hooksOf.has(tx as Tx);
}

/** Runs `hook` once just before `tx` commits, however many times it is registered. */
export function beforeCommit(tx: Tx, hook: Hook, order: number): void {
  const hooks = registeredOf(tx);
  if (!hooks.some((h) => h.hook === hook)) hooks.push({ hook, order, done: false });
}

/**
 * Like beforeCommit, for a hook whose write can be a part of a statement: just before `tx`
 * commits, `part` gives it, and the parts of hooks that run one after the other (no hook of
 * beforeCommit's between them, by order) are sent as one statement.
 */
export function beforeCommitPart(tx: Tx, part: PartHook, order: number): void {
  const hooks = registeredOf(tx);
  if (!hooks.some((h) => h.part === part)) hooks.push({ part, order, done: false });
}

function registeredOf(tx: Tx): Registered[] {
  const hooks = hooksOf.get(tx);
  if (!hooks) throw new Error("beforeCommit needs a transaction opened by openDatabase's handle");
  return hooks;
}

/**
 * When an after-commit hook runs among those of its transaction: lower first. The change's
 * audit rows are chained before it is announced: a screen told of a change reads it afresh,
 * its timeline from the audit log, which must hold them by then.
 */
export const afterCommitOrder = { auditChain: 0, announce: 1 } as const;

/**
 * Runs `hook` once `tx` has committed, with the database handle (not the finished
 * transaction); never when it rolls back. The commit has happened by then, so a hook that
 * fails is reported and does not fail the caller.
 */
export function afterCommit(tx: Tx, hook: AfterHook, order: number): void {
  const hooks = afterHooksOf.get(tx);
  if (!hooks) throw new Error("afterCommit needs a transaction opened by openDatabase's handle");
  if (!hooks.some((h) => h.hook === hook)) hooks.push({ hook, order });
}

const endsOf = processWide("commitHooks.ends", () => new WeakMap<Tx, Promise<void>>());

/**
 * Settles once `tx` has ended, committed or rolled back, before its after-commit hooks run;
 * never rejects. For work after commits that gains by waiting for a commit already on its way
 * (the audit chain's append: server/audit/audit-chainer.service.ts). Undefined for a
 * transaction not opened through installCommitHooks.
 */
export function transactionEnd(tx: DbOrTx): Promise<void> | undefined {
  return endsOf.get(tx as Tx);
}

/** The next hook to run: the lowest order not run yet (a hook may register another). */
function nextHook(hooks: Registered[]): Registered | undefined {
  let next: Registered | undefined;
  for (const h of hooks) if (!h.done && (!next || h.order < next.order)) next = h;
  return next;
}

/**
 * Makes `db.transaction` run the hooks its transactions registered: by order before COMMIT
 * (consecutive parts as one statement), then the after-commit ones.
 *
 * `commitBehindLastStatement`, for a driver that sends a query without waiting for the answers
 * of those before it (PostgreSQL's: db/pg-begin-with-first.ts): the transaction's last statement,
 * when it is one of parts, is sent and COMMIT right behind it, both answered in one round trip.
 * Should the statement fail, the transaction is aborted by then and PostgreSQL answers its
 * COMMIT by rolling it back; the failure is then thrown, as before, and no after-commit hook runs.
 */
export function installCommitHooks(
  db: Db,
  { commitBehindLastStatement = false }: { commitBehindLastStatement?: boolean } = {},
): Db {
  const open = db.transaction.bind(db);
  const transaction: Db["transaction"] = async (run, config) => {
    const after: { hook: AfterHook; order: number }[] = [];
    // The last statement of parts, sent with the COMMIT behind it, its answer awaited after.
    let last: Promise<void> | undefined;
    // Settled once the COMMIT (or ROLLBACK) is answered: `last` has been by then.
    let ended = () => {};
    const end = new Promise<void>((settle) => (ended = settle));
    const result = await open(async (tx) => {
      const hooks: Registered[] = [];
      hooksOf.set(tx, hooks);
      afterHooksOf.set(tx, after);
      endsOf.set(tx, end);
      const value = await run(tx);
      for (let h = nextHook(hooks); h; h = nextHook(hooks)) {
        h.done = true;
        if (h.hook) {
          await h.hook(tx);
          continue;
        }
        // This part and those of the hooks next in order, up to one that is not a part.
        const parts = [h.part(tx)];
        for (let p = nextHook(hooks); p?.part; p = nextHook(hooks)) {
          p.done = true;
          parts.push(p.part(tx));
        }
        const written = runStatementParts(tx, parts);
        if (commitBehindLastStatement && !nextHook(hooks)) {
          // Awaited once the COMMIT is answered; a failure is thrown there.
          written.catch(() => undefined);
          last = written;
        } else await written;
      }
      return value;
    }, config).finally(ended);
    await last;
    // By order; in the order registered within one (a stable sort).
    for (const { hook } of after.sort((a, b) => a.order - b.order)) {
      await hook(db).catch((err: unknown) =>
        console.error("A step after a commit failed:", err instanceof Error ? err.message : err),
      );
    }
    return result;
  };
  db.transaction = transaction;
  return db;
}

/**
 * What each transaction gathers of one kind for a single hook that handles it all at the end
 * (writes at commit, audit rows, events): the first item is the one that registers the hook.
 */
export class GatheredPerTransaction<T> {
  private readonly items = new WeakMap<Tx, T[]>();

  /** Adds `item` to the transaction's list; true when it is the first (register the hook then). */
  add(tx: Tx, item: T): boolean {
    const list = this.items.get(tx);
    if (list) list.push(item);
    else this.items.set(tx, [item]);
    return !list;
  }

  /** The transaction's items, forgotten here. */
  take(tx: Tx): T[] {
    const list = this.items.get(tx) ?? [];
    this.items.delete(tx);
    return list;
  }
}

const pendingWrites = new GatheredPerTransaction<{ key: string; write: () => Promise<unknown> }>();

/**
 * A write to a row many transactions add to (a shop's customer figures of the day), done at
 * the end of the transaction: the row's lock is then held for the last statements and the
 * commit, not for the whole transaction, so the shop's payments do not run one at a time. All
 * of a transaction's such writes go in the order of their `key` (table and row), the order
 * every transaction takes them in, so two that touch the same two rows cannot deadlock. The
 * write must not be read back in the same transaction. Done at once in a transaction not
 * opened through installCommitHooks. (The payment roll-ups have a write of their own, all
 * rows in one statement: server/analytics/rollup-write.ts.)
 */
export async function writeAtCommit(tx: Tx, key: string, write: () => Promise<unknown>) {
  if (!defersToCommit(tx)) return write();
  if (pendingWrites.add(tx, { key, write }))
    beforeCommit(tx, writePending, commitOrder.writesAtCommit);
}

async function writePending(tx: Tx) {
  const pending = pendingWrites.take(tx);
  pending.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { write } of pending) await write();
}

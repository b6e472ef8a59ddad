import type { Db, Tx } from "./types";

/**
 * Work a transaction does last, after its callback has returned and just before COMMIT: code
 * inside a transaction registers it with `beforeCommit`, and `runBeforeCommit` (installed on
 * the handle by openDatabase) runs it. A lock taken there is held only for the last
 * statements and the commit, never while the rest of the transaction works — the audit chain
 * uses it (server/audit/audit.service.ts). A callback that throws rolls back without it.
 */
type Hook = (tx: Tx) => Promise<void>;

const hooksOf = new WeakMap<Tx, Hook[]>();

/**
 * Whether `tx` is a transaction opened through a handle with runBeforeCommit: only there does
 * `beforeCommit` run its hook (a caller elsewhere does the work at once instead).
 */
export function defersToCommit(tx: Tx): boolean {
  return hooksOf.has(tx);
}

/** Runs `hook` once just before `tx` commits, however many times it is registered. */
export function beforeCommit(tx: Tx, hook: Hook): void {
  const hooks = hooksOf.get(tx);
  if (!hooks) throw new Error("beforeCommit needs a transaction opened by openDatabase's handle");
  if (!hooks.includes(hook)) hooks.push(hook);
}

/** Makes `db.transaction` run the hooks its transactions registered, in order, before COMMIT. */
export function runBeforeCommit(db: Db): Db {
  const open = db.transaction.bind(db);
  const transaction: Db["transaction"] = (run, config) =>
    open(async (tx) => {
      const hooks: Hook[] = [];
      hooksOf.set(tx, hooks);
      const result = await run(tx);
      // A hook may register another: the list is walked until none is left.
      for (let i = 0; i < hooks.length; i++) await hooks[i]?.(tx);
      return result;
    }, config);
  db.transaction = transaction;
  return db;
}

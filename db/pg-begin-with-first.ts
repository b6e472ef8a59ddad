import pg from "pg";

/** What a BEGIN answers, handed back before it has been answered (nothing reads it). */
const begun = { command: "BEGIN", rowCount: null, oid: 0, fields: [], rows: [] };

function isBegin(config: unknown) {
  const text = typeof config === "string" ? config : (config as { text?: unknown })?.text;
  return typeof text === "string" && /^\s*begin\b/i.test(text);
}

/**
 * A client whose BEGIN costs no round trip of its own: it is answered at once, and goes on the
 * wire with the transaction's first statement, in one write, which the server answers without
 * waiting for this process in between (node-postgres's pipeline mode: every query sent with its
 * own Sync, the answers read in order). That statement's answer then waits for the BEGIN's as
 * well, so a BEGIN that failed fails it, and everything after it, as an awaited BEGIN would have
 * failed the transaction. (A BEGIN fails only when its connection does: its text is fixed.)
 * One round trip and one socket write fewer per transaction: on a machine where Node and the
 * server share two cores, the writes (each one wakes the server's process) were a fifth of this
 * process's CPU time in a payment notification, whose transaction is seven round trips.
 *
 * The pool's clients are otherwise used by callers awaiting each query before the next (drizzle's
 * sessions and transactions, the pool's own query, the migrator), so pipeline mode sends nothing
 * else earlier than before but a COMMIT right behind the statement of its commit hooks
 * (installCommitHooks' commitBehindLastStatement).
 */
export class BeginWithFirstStatement extends pg.Client {
  /** The BEGIN sent and not yet awaited by the query after it. */
  pendingBegin: Promise<unknown> | undefined;

  constructor(config: pg.ClientConfig = {}) {
    super({ ...config, pipeline: true } as pg.ClientConfig);
  }
}

// node-postgres's query, looked up when called (a bench counts statements by wrapping it).
const send = (client: pg.Client, args: unknown[]) =>
  (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(client, args);

// Set on the prototype: one implementation of node-postgres's overloads cannot be typed as them.
BeginWithFirstStatement.prototype.query = function (
  this: BeginWithFirstStatement,
  ...args: unknown[]
) {
  const [config, values, callback] = args;
  const begin = this.pendingBegin;
  if (begin === undefined && isBegin(config) && typeof values !== "function" && !callback) {
    // Held until the next query is written (uncorked there).
    this.connection.stream.cork();
    const sent = send(this, args) as Promise<unknown>;
    // Read by the next query; a failure is reported there.
    sent.catch(() => undefined);
    this.pendingBegin = sent;
    return Promise.resolve(begun);
  }
  if (begin === undefined) return send(this, args);
  this.pendingBegin = undefined;
  let result: unknown;
  try {
    result = send(this, args);
  } finally {
    this.connection.stream.uncork();
  }
  // The next query is the transaction's (a statement, COMMIT or ROLLBACK), awaited as a
  // promise: both answers are awaited, the BEGIN's failure first.
  return result instanceof Promise ? Promise.all([begin, result]).then(([, r]) => r) : result;
} as pg.Client["query"];

import {
  messages,
  parse,
  protocol,
  type PGlite,
  type QueryOptions,
  type Results,
  type Transaction,
} from "@electric-sql/pglite";
import { processWide } from "./process-wide";

/*
 * Named prepared statements on the embedded engine. PGlite's `query` ignores a statement's name:
 * every run parses and plans the text anew, in six calls into the engine (parse, describe the
 * statement, bind, describe the portal, execute, sync). For a statement template
 * (statement-template.ts) this module parses and describes the text once per PGlite instance
 * under its name and afterwards sends bind, execute and sync in one call; PostgreSQL then keeps
 * the plan as it does for node-postgres (a generic plan after five runs when no costlier). A
 * migration that alters a table a statement reads invalidates its plan, which PostgreSQL
 * re-plans on the next run, as it does for any prepared statement.
 *
 * What PGlite's `query` does around the protocol is done here the same way: the same locks, the
 * same serializers for the parameters, the same parsers for the rows (parseResults), errors
 * carrying the query and its parameters, and the data written to the file system after a
 * statement run outside a transaction.
 */

/** What the parse of a statement described: its parameters' types and its rows' columns. */
interface Described {
  types: number[];
  /**
   * Null for a statement that returns no rows. Kept rather than asked of every run: a prepared
   * statement's columns never change, as PostgreSQL refuses to run one whose re-planned query
   * (after a migration, say) would return others ("cached plan must not change result type").
   */
  columns: messages.RowDescriptionMessage | null;
}

/**
 * Each statement already parsed on an instance, by name. Per process (process-wide.ts), as the
 * instance is: every copy of this module in the build prepares on it.
 */
const preparedOf = processWide(
  "pglite.prepared",
  () => new WeakMap<PGlite, Map<string, Described>>(),
);

/** The instance a transaction handle belongs to: PGlite's Transaction does not say. */
const instanceOf = processWide("pglite.transactions", () => new WeakMap<Transaction, PGlite>());

/**
 * Records the instance of every transaction opened on `client` (drizzle opens them with
 * `client.transaction`), so that a statement run in one can be prepared on its instance.
 */
export function trackTransactions(client: PGlite) {
  const transaction = client.transaction.bind(client);
  client.transaction = <T>(callback: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      instanceOf.set(tx, client);
      return callback(tx);
    });
}

/** Something with PGlite's `query`: the instance, or a transaction of it. */
type Queryable = Pick<PGlite | Transaction, "query">;

/**
 * A stand-in for `client` whose `query` runs the text as the prepared statement `name`, for
 * drizzle's prepared query to call in place of the client's own. Undefined when `client` is
 * not a PGlite instance or one of its transactions opened after trackTransactions.
 */
export function preparedClient(client: unknown, name: string): Queryable | undefined {
  const pglite = instanceOf.get(client as Transaction) ?? (isPGlite(client) ? client : undefined);
  if (!pglite) return undefined;
  const tx = pglite === client ? undefined : (client as Transaction);
  return {
    query: <T>(text: string, params: unknown[] = [], options?: QueryOptions) =>
      runPrepared(pglite, tx, name, text, params, options) as Promise<Results<T>>,
  };
}

function isPGlite(client: unknown): client is PGlite {
  return (
    typeof (client as PGlite | undefined)?.execProtocolStream === "function" &&
    typeof (client as PGlite)._runExclusiveQuery === "function"
  );
}

async function runPrepared(
  pglite: PGlite,
  tx: Transaction | undefined,
  name: string,
  text: string,
  params: unknown[],
  options: QueryOptions | undefined,
): Promise<Results> {
  const run = () =>
    pglite._runExclusiveQuery(() => bindAndExecute(pglite, name, text, params, options));
  if (tx) {
    // As the transaction's own query: it holds the transaction lock; the statement takes the
    // query lock, which orders statements run concurrently inside it.
    if (tx.closed) throw new Error("Transaction is closed");
    return run();
  }
  await pglite._checkReady();
  return pglite._runExclusiveTransaction(async () => {
    const result = await run();
    // Outside a transaction the statement committed on its own: written out as query does.
    await pglite.syncToFs();
    return result;
  });
}

async function bindAndExecute(
  pglite: PGlite,
  name: string,
  text: string,
  params: unknown[],
  options: QueryOptions | undefined,
): Promise<Results> {
  const { serialize } = protocol;
  let prepared = preparedOf.get(pglite);
  if (!prepared) preparedOf.set(pglite, (prepared = new Map()));
  try {
    let described = prepared.get(name);
    if (!described) {
      // Closing first makes the parse succeed should the name exist already (a parse whose
      // answer never arrived here); closing a name that does not exist is no error.
      const answer = await pglite.execProtocolStream(
        concat([
          serialize.close({ type: "S", name }),
          serialize.parse({ name, text }),
          serialize.describe({ type: "S", name }),
          serialize.sync(),
        ]),
        { syncToFs: false },
      );
      const columns = answer.find((m) => m instanceof messages.RowDescriptionMessage) ?? null;
      described = { types: parse.parseDescribeStatementResults(answer), columns };
      prepared.set(name, described);
    }
    const { types, columns } = described;
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const oid = types[i] ?? 0; // a parameter PostgreSQL did not describe: none (as query does)
      const serializer = options?.serializers?.[oid] ?? pglite.serializers[oid];
      return serializer ? serializer(param) : String(param);
    });
    // The rows come as text (bind asks no other format), as the parse described them; the
    // portal is not described again: reading that description was a twentieth of the CPU time.
    const rows = await pglite.execProtocolStream(
      concat([
        serialize.bind({ statement: name, values }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const answer = columns ? [columns, ...rows] : rows;
    // One statement: one result (parseResults makes an empty one when there are no rows).
    return parse.parseResults(answer, parsersOf(columns, pglite, options), {
      ...options,
      parsers: undefined,
    })[0] as Results;
  } catch (err) {
    // As PGlite's query reports a database error: with the statement and its parameters.
    if (err instanceof messages.DatabaseError) {
      Object.assign(err, { query: text, params, queryOptions: options });
    }
    throw err;
  }
}

/**
 * The parsers of the result's columns, each the query's own or else the instance's: the ones
 * parseResults would pick. parseResults itself copies the instance's parsers (one per type,
 * its arrays' included) into a new object on every statement given parsers of its own, as
 * drizzle's are: a tenth of the process's CPU time of a payment notification.
 */
function parsersOf(
  columns: messages.RowDescriptionMessage | null,
  pglite: PGlite,
  options: QueryOptions | undefined,
) {
  const parsers: PGlite["parsers"] = {};
  for (const { dataTypeID } of columns?.fields ?? []) {
    const parser = options?.parsers?.[dataTypeID] ?? pglite.parsers[dataTypeID];
    if (parser) parsers[dataTypeID] = parser;
  }
  return parsers;
}

function concat(messages: Uint8Array[]) {
  const all = new Uint8Array(messages.reduce((n, m) => n + m.length, 0));
  let at = 0;
  for (const m of messages) {
    all.set(m, at);
    at += m.length;
  }
  return all;
}

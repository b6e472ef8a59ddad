import { PGlite, types } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import path from "node:path";
import pg from "pg";
import { installCommitHooks } from "./commit-hooks";
import { BeginWithFirstStatement } from "./pg-begin-with-first";
import { prepareDataFolder } from "./data-folder";
import { lockDataFolder, type FolderLock } from "./folder-lock";
import { trackTransactions } from "./pglite-prepared";
import { migrationsFolder, migrationsUpTo } from "./migration-level";
import type { Db } from "./types";

export type Engine = "pglite" | "postgres";

export type DatabaseTarget = { url: string } | { pgliteDir: string };

/** Where a deployment keeps its data: DATABASE_URL, else the embedded database in DATA_DIR/pglite. */
export function configuredDatabase(config: {
  DATABASE_URL?: string;
  DATA_DIR: string;
}): DatabaseTarget {
  return config.DATABASE_URL
    ? { url: config.DATABASE_URL }
    : { pgliteDir: path.resolve(config.DATA_DIR, "pglite") };
}

export interface OpenDatabase {
  db: Db;
  engine: Engine;
  /**
   * Receives NOTIFY messages on a channel, from this and every other process using the
   * database; a NOTIFY sent inside a transaction arrives only once it commits. `connection` is
   * told when the listening connection drops (what is sent until it listens again is lost) and
   * when it listens again; PGlite's, in this process, never drops.
   */
  listen: (
    channel: string,
    onMessage: (payload: string) => void,
    connection?: ListenConnection,
  ) => Promise<() => Promise<void>>;
  /**
   * Applies this build's migrations not applied yet: all of them, or only those up to and
   * including the one identified by `upTo` (its journal `when`), e.g. a backup's schema.
   */
  migrate: (upTo?: number) => Promise<void>;
  close: () => Promise<void>;
}

/** Told of a LISTEN connection's drops: a listener that must not miss a message stops trusting what it heard. */
export interface ListenConnection {
  lost: () => void;
  back: () => void;
}

/** Runs a migrator on this build's folder, or on a copy cut at `upTo`. */
async function withMigrations(upTo: number | undefined, run: (folder: string) => Promise<void>) {
  if (upTo === undefined) return run(migrationsFolder);
  const cut = migrationsUpTo(upTo);
  try {
    await run(cut.folder);
  } finally {
    cut.remove();
  }
}

// Extensions the migrations create must be loaded into the WASM build first (0008: pg_trgm).
const pgliteExtensions = { pg_trgm };

/*
 * PGlite's start-up, with a 16 MB buffer cache instead of PostgreSQL's 128 MB. The embedded
 * engine's shared memory is part of the WASM memory, which is set to zero at start (so it is
 * resident before the first query) and never shrinks: at 128 MB the engine held 150 MB of the
 * process's memory when idle. Pages that leave the cache stay in the OS's file cache, one read
 * away. Importing and matching a 200,000-line statement against 200,000 payments
 * (scripts/bench-recon.ts, recon.*) took the same CPU time at 32 MB as at 128, and at 16 MB
 * peaked 10 MB lower than at 32 for about a second more (within the runs' spread).
 */
const pgliteOptions = {
  extensions: pgliteExtensions,
  startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"],
};

/**
 * bytea parameters go to the embedded engine as bytes in the binary format, as node-postgres
 * sends a Buffer. PGlite's own serializer writes them as hex text through an array of one string
 * per byte: for a statement's batch of lines (megabytes, see writeLines) that is tens of
 * megabytes of garbage and a text twice the size. PGlite sends any parameter its serializer
 * returns as bytes in the binary format.
 */
function sendByteaAsBytes(client: PGlite) {
  const hexText = client.serializers[types.BYTEA];
  if (!hexText) return;
  client.serializers[types.BYTEA] = (value: unknown) =>
    value instanceof Uint8Array ? (value as unknown as string) : hexText(value);
}

function migrateEmbeddedDb(db: Parameters<typeof migratePglite>[0], upTo?: number) {
  return withMigrations(upTo, (folder) => migratePglite(db, { migrationsFolder: folder }));
}

/**
 * Opens one of the two engines and brings its schema up to date (unless `migrate: false`: a
 * restore first checks the database as it is). An in-memory PGlite may start from `loadDataDir`,
 * a data folder dumped by `dumpDataDir` (tests start each file's database from one migrated
 * copy: PGlite's initdb costs seconds, loading a dump a fraction). This is the only place where the engines
 * differ; every query above it is the same code. `pgliteDir` undefined means an in-memory
 * PGlite (tests).
 */
export async function openDatabase(
  opts:
    | {
        url: string;
        /**
         * How long a statement waits for a pooled connection (or a new one to open) before it
         * fails: 5 s, so that a request on an exhausted pool is answered with an error rather
         * than left hanging. Tests, which send more transactions at once than the pool holds
         * on a machine that may be busy, wait longer.
         */
        connectWaitMs?: number;
      }
    | { pgliteDir: string | undefined; loadDataDir?: Blob },
  { migrate = true }: { migrate?: boolean } = {},
): Promise<OpenDatabase> {
  if ("url" in opts) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: 10,
      // A connection once opened stays open (node-postgres closes one idle for 10 s): a counter
      // works in bursts, and one after a quiet spell paid for new connections, each a new server
      // process planning every statement anew (cold caches; the statement templates are
      // prepared per connection). Eight redemptions at once took 400–490 ms after 11 s idle
      // against 75–90 ms warm (load 8.8). Idle, they no longer keep a script's process alive.
      min: 10,
      allowExitOnIdle: true,
      connectionTimeoutMillis: opts.connectWaitMs ?? 5000,
      Client: BeginWithFirstStatement,
    });
    // An idle client's error (server restart, failover, network cut) is re-emitted by the pool;
    // with no listener Node treats it as uncaught and the process dies. The pool drops that
    // client and connects a new one on the next query, so a log line is all it needs.
    pool.on("error", (err) => {
      if (!pool.ending) console.error("PostgreSQL idle client error:", err.message);
    });
    // The same for a client lent out to a transaction: without a listener its connection's end
    // is an uncaughtException. Its query rejects as well, and the request answers 503
    // (server/errors.ts knownError); here it is one log line.
    pool.on("connect", (client) => {
      client.on("error", (err) => {
        if (!pool.ending) console.error("PostgreSQL connection lost:", err.message);
      });
    });
    const db = drizzlePg({ client: pool, casing: "snake_case" });
    installCommitHooks(db as unknown as Db, { commitBehindLastStatement: true });
    const migratePool = async (upTo?: number) => {
      // Several app instances may start at once: a session-level advisory lock lets one migrate.
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock(7243001)");
        await withMigrations(upTo, (folder) =>
          migratePg(drizzlePg({ client, casing: "snake_case" }), { migrationsFolder: folder }),
        );
      } finally {
        await client.query("select pg_advisory_unlock(7243001)").catch(() => undefined);
        client.release();
      }
    };
    if (migrate) {
      try {
        await migratePool();
      } catch (err) {
        await pool.end().catch(() => undefined);
        throw err;
      }
    }
    return {
      db: db as unknown as Db,
      engine: "postgres",
      listen: (channel, onMessage, connection) =>
        listenPg(opts.url, channel, onMessage, connection),
      migrate: migratePool,
      close: () => pool.end(),
    };
  }
  // A data folder is held by one process for its life (see folder-lock.ts): a second opener,
  // a server or a script, is refused before PGlite touches the files.
  let lock: FolderLock | undefined;
  if (opts.pgliteDir) {
    prepareDataFolder(opts.pgliteDir);
    lock = await lockDataFolder(opts.pgliteDir);
  }
  const client = opts.pgliteDir
    ? new PGlite(opts.pgliteDir, pgliteOptions)
    : new PGlite({ ...pgliteOptions, loadDataDir: opts.loadDataDir });
  sendByteaAsBytes(client);
  trackTransactions(client);
  const db = drizzlePglite({ client, casing: "snake_case" });
  installCommitHooks(db as unknown as Db);
  const migrateEmbedded = (upTo?: number) => migrateEmbeddedDb(db, upTo);
  try {
    await client.waitReady;
    if (migrate) await migrateEmbedded();
  } catch (err) {
    await client.close().catch(() => undefined);
    await lock?.release();
    throw err;
  }
  return {
    db: db as unknown as Db,
    engine: "pglite",
    listen: async (channel, onMessage) => {
      const unlisten = await client.listen(channel, onMessage);
      return () => unlisten();
    },
    migrate: migrateEmbedded,
    close: async () => {
      await client.close();
      await lock?.release();
    },
  };
}

/**
 * An in-memory PGlite dumped (for `loadDataDir`) twice: just made, without any migration, and
 * at this build's schema. One initdb for both: a test's empty database to restore into started
 * with an initdb of its own, two seconds of CPU against half a second to load the dump.
 */
export async function dumpPgliteTemplates(): Promise<{ empty: Blob; migrated: Blob }> {
  const client = new PGlite(pgliteOptions);
  try {
    await client.waitReady;
    const empty = await client.dumpDataDir("none");
    await migrateEmbeddedDb(drizzlePglite({ client, casing: "snake_case" }));
    return { empty, migrated: await client.dumpDataDir("none") };
  } finally {
    await client.close();
  }
}

/**
 * A dedicated connection for LISTEN (a pooled one would be handed to queries). When it drops
 * (an error or its end), `connection` is told, and it connects again every second until it
 * listens again; the first connection's failure fails the call.
 */
async function listenPg(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  connection?: ListenConnection,
) {
  let client: pg.Client | undefined;
  let stopped = false;
  const connect = async () => {
    // Keep-alive probes: a connection cut without a word (a network gone) is found dropped.
    const c = new pg.Client({ connectionString: url, keepAlive: true });
    c.on("notification", (msg) => {
      if (msg.channel === channel) onMessage(msg.payload ?? "");
    });
    let listening = false;
    const dropped = () => {
      if (!listening) return;
      listening = false;
      client = undefined;
      c.end().catch(() => undefined);
      if (stopped) return;
      connection?.lost();
      retry();
    };
    c.on("error", dropped);
    c.on("end", dropped);
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    if (stopped) return void (await c.end().catch(() => undefined));
    listening = true;
    client = c;
  };
  const retry = () => {
    setTimeout(() => {
      if (stopped) return;
      connect().then(() => (stopped ? undefined : connection?.back()), retry);
    }, 1000);
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}

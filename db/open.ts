import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import path from "node:path";
import pg from "pg";
import * as schema from "./schema";
import type { Db } from "./types";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export type Engine = "pglite" | "postgres";

export interface OpenDatabase {
  db: Db;
  engine: Engine;
  close: () => Promise<void>;
}

/**
 * Opens one of the two engines and brings its schema up to date. This is the only
 * place where the engines differ; every query above it is the same code.
 * `pgliteDir` undefined means an in-memory PGlite (tests).
 */
export async function openDatabase(
  opts: { url: string } | { pgliteDir: string | undefined },
): Promise<OpenDatabase> {
  if ("url" in opts) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: 10,
      connectionTimeoutMillis: 5000,
    });
    const db = drizzlePg({ client: pool, schema, casing: "snake_case" });
    // Several app instances may start at once: a session-level advisory lock lets one migrate.
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock(7243001)");
      await migratePg(drizzlePg({ client, casing: "snake_case" }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock(7243001)").catch(() => undefined);
      client.release();
    }
    return { db: db as unknown as Db, engine: "postgres", close: () => pool.end() };
  }
  const client = opts.pgliteDir ? new PGlite(opts.pgliteDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite({ client, schema, casing: "snake_case" });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Db, engine: "pglite", close: () => client.close() };
}

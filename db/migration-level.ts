import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "./types";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** One migration of this build, as drizzle-kit's journal lists it. */
export interface Migration {
  tag: string;
  /** drizzle keeps this in its migrations table (`created_at`): it identifies the migration. */
  when: number;
}

interface Journal {
  entries: (Migration & { idx: number })[];
}

function readJournal(): Journal {
  return JSON.parse(
    readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8"),
  ) as Journal;
}

/** This build's migrations, oldest first. */
export function knownMigrations(): Migration[] {
  return readJournal().entries.map(({ tag, when }) => ({ tag, when }));
}

/**
 * The last migration applied to a database (drizzle's own table), or null when none is: a new,
 * empty database. An id this build does not know comes back with `tag: null`.
 */
export async function appliedMigration(
  db: DbOrTx,
): Promise<{ when: number; tag: string | null } | null> {
  // Both drivers answer a raw query with `{ rows }`.
  const rows = async <T>(query: SQL) =>
    ((await db.execute(query)) as unknown as { rows: T[] }).rows;
  const [table] = await rows<{ t: string | null }>(
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  );
  if (!table?.t) return null;
  const [row] = await rows<{ created_at: string | number }>(
    sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  if (!row) return null;
  const when = Number(row.created_at);
  return { when, tag: knownMigrations().find((m) => m.when === when)?.tag ?? null };
}

/**
 * A migrations folder holding this build's migrations up to and including `when` (drizzle's
 * migrator applies a whole folder), for bringing a database to an older schema; `remove` deletes it.
 */
export function migrationsUpTo(when: number): { folder: string; remove: () => void } {
  const journal = readJournal();
  const entries = journal.entries.filter((m) => m.when <= when);
  const folder = mkdtempSync(path.join(os.tmpdir(), "hexiao-migrations-"));
  mkdirSync(path.join(folder, "meta"));
  writeFileSync(
    path.join(folder, "meta", "_journal.json"),
    JSON.stringify({ ...journal, entries }),
  );
  for (const m of entries) {
    copyFileSync(path.join(migrationsFolder, `${m.tag}.sql`), path.join(folder, `${m.tag}.sql`));
  }
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

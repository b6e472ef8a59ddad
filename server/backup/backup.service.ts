import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { appliedMigration } from "@/db/migration-level";
import type { Engine } from "@/db/open";
import type { Db, Tx } from "@/db/types";
import { version as productVersion } from "@/package.json";
import { sealArchive } from "./archive";
import { cursorBatches, rowTextQuery, tablesInForeignKeyOrder } from "./catalog.service";
import { TableDigest } from "./content-hash.logic";

/** The archive's first line: what it holds and which schema its rows fit. */
export interface BackupManifest {
  type: "manifest";
  format: 1;
  product: "hexiao";
  productVersion: string;
  /** The last migration applied to the database backed up: its rows fit that schema. */
  migration: { tag: string; when: number };
  /** UTC, ISO 8601. */
  createdAt: string;
  engine: Engine;
  /** Every table, each after the tables it references (the order they are loaded in). */
  tables: string[];
}

export interface TableSummary {
  name: string;
  rows: number;
  hash: string;
}

/** The archive's last line: each table's row count and content hash. */
export interface BackupSummary {
  type: "summary";
  tables: TableSummary[];
}

/** A table section's first line; its rows follow, one `to_jsonb` text per line. */
export interface TableStart {
  type: "table";
  name: string;
}

/** Lines of the archive's content that are not rows start with this (rows start with `{`). */
export const controlPrefix = "!";

export type BackupProgress = (event: { table: string; rows: number; done: boolean }) => void;

/** Every table, read in one snapshot, as the archive's content lines. */
async function* contentLines(
  tx: Tx,
  engine: Engine,
  summary: TableSummary[],
  onProgress: BackupProgress | undefined,
): AsyncGenerator<string> {
  const migration = await appliedMigration(tx);
  if (!migration?.tag) throw new Error("The database's schema is not one this build knows");
  const tables = await tablesInForeignKeyOrder(tx);
  const manifest: BackupManifest = {
    type: "manifest",
    format: 1,
    product: "hexiao",
    productVersion,
    migration: { tag: migration.tag, when: migration.when },
    createdAt: new Date().toISOString(),
    engine,
    tables,
  };
  yield `${controlPrefix}${JSON.stringify(manifest)}\n`;
  for (const name of tables) {
    const start: TableStart = { type: "table", name };
    yield `${controlPrefix}${JSON.stringify(start)}\n`;
    const digest = new TableDigest();
    for await (const batch of cursorBatches<{ r: string }>(tx, "backup_rows", rowTextQuery(name))) {
      for (const { r } of batch) digest.add(r);
      yield batch.map(({ r }) => r).join("\n") + "\n";
      onProgress?.({ table: name, rows: digest.rows, done: false });
    }
    onProgress?.({ table: name, rows: digest.rows, done: true });
    summary.push({ name, rows: digest.rows, hash: digest.hash });
  }
  const end: BackupSummary = { type: "summary", tables: summary };
  yield `${controlPrefix}${JSON.stringify(end)}\n`;
}

/**
 * Writes a backup of the whole database to `out` (ended when done): every table read in one
 * REPEATABLE READ snapshot, so a payment being applied is in it entirely or not at all;
 * gzip-compressed, then sealed by checksums or, with a passphrase, encrypted (archive.ts).
 * Rows stream through a cursor: memory stays flat however many orders the shop has.
 */
export async function writeBackup(
  open: { db: Db; engine: Engine },
  out: Writable,
  opts: { passphrase?: string; onProgress?: BackupProgress } = {},
): Promise<TableSummary[]> {
  const summary: TableSummary[] = [];
  await open.db.transaction(
    async (tx) => {
      // Timestamps in the rows' text follow the session's zone: UTC on every engine.
      await tx.execute(sql`set local time zone 'UTC'`);
      await pipeline(
        Readable.from(contentLines(tx, open.engine, summary, opts.onProgress)),
        createGzip(),
        (gzipped: AsyncIterable<Buffer>) => sealArchive(gzipped, opts.passphrase),
        out,
      );
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  return summary;
}

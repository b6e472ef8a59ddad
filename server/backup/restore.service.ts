import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { StringDecoder } from "node:string_decoder";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { appliedMigration, knownMigrations } from "@/db/migration-level";
import type { OpenDatabase } from "@/db/open";
import type { Tx } from "@/db/types";
import { openArchive } from "./archive";
import { BackupRefused } from "./backup-refused";
import {
  controlPrefix,
  type BackupManifest,
  type BackupSummary,
  type TableStart,
  type TableSummary,
} from "./backup.service";
import {
  cursorBatches,
  hasAnyRow,
  insertableColumns,
  resetSequences,
  rowTextQuery,
  tableRef,
  tablesInForeignKeyOrder,
} from "./catalog.service";
import { TableDigest } from "./content-hash.logic";

/** Each read of the backup file opens it afresh: restore reads it twice (check, then load). */
export type ArchiveSource = () => AsyncIterable<Buffer>;

type ContentLine =
  | { kind: "manifest"; manifest: BackupManifest }
  | { kind: "table"; name: string }
  | { kind: "row"; text: string }
  | { kind: "summary"; summary: BackupSummary };

const malformed = () =>
  new BackupRefused("corrupted", "The backup's content is not in the expected form.");

function parseLine(line: string): ContentLine {
  if (!line.startsWith(controlPrefix)) {
    if (!line.startsWith("{")) throw malformed();
    return { kind: "row", text: line };
  }
  let value: BackupManifest | TableStart | BackupSummary;
  try {
    value = JSON.parse(line.slice(controlPrefix.length)) as typeof value;
  } catch {
    throw malformed();
  }
  switch (value.type) {
    case "manifest":
      return { kind: "manifest", manifest: value };
    case "table":
      return { kind: "table", name: value.name };
    case "summary":
      return { kind: "summary", summary: value };
    default:
      throw malformed();
  }
}

/** Every content line of the archive, in order, each only after its frame's seal held. */
async function readContent(
  source: ArchiveSource,
  passphrase: string | undefined,
  onLine: (line: ContentLine) => Promise<void> | void,
): Promise<void> {
  await pipeline(
    Readable.from(source()),
    (bytes: AsyncIterable<Buffer>) => openArchive(bytes, passphrase),
    createGunzip(),
    async (text: AsyncIterable<Buffer>) => {
      for await (const line of splitLines(text)) await onLine(parseLine(line));
    },
  );
}

/** The text's lines (UTF-8, a character may straddle two chunks). */
async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of chunks) {
    const lines = (rest + decoder.write(chunk)).split("\n");
    rest = lines.pop() ?? "";
    yield* lines;
  }
  rest += decoder.end();
  if (rest) yield rest;
}

/**
 * Reads the whole archive once without writing anything: every frame's seal, the content's
 * form, each table's count and hash against the summary, and that this build knows the schema.
 */
export async function inspectBackup(
  source: ArchiveSource,
  passphrase: string | undefined,
): Promise<{ manifest: BackupManifest; summary: BackupSummary }> {
  let manifest: BackupManifest | undefined;
  let summary: BackupSummary | undefined;
  const seen: TableSummary[] = [];
  let digest: TableDigest | undefined;
  const closeTable = () => {
    const last = seen.at(-1);
    if (last && digest) Object.assign(last, { rows: digest.rows, hash: digest.hash });
  };
  await readContent(source, passphrase, (line) => {
    if (summary) throw malformed();
    if (line.kind === "manifest") {
      if (manifest) throw malformed();
      manifest = line.manifest;
      if (manifest.product !== "hexiao" || manifest.format !== 1) throw malformed();
      if (!knownMigrations().some((m) => m.when === manifest?.migration.when)) {
        throw new BackupRefused(
          "newer_schema",
          `This backup comes from a newer version of Hexiao (${manifest.productVersion}, schema ` +
            `${manifest.migration.tag}) than this one: update Hexiao, then restore it.`,
        );
      }
      return;
    }
    if (!manifest) throw malformed();
    if (line.kind === "table") {
      closeTable();
      seen.push({ name: line.name, rows: 0, hash: "" });
      digest = new TableDigest();
    } else if (line.kind === "row") {
      if (!digest) throw malformed();
      digest.add(line.text);
    } else {
      closeTable();
      summary = line.summary;
    }
  });
  if (!manifest || !summary) {
    throw new BackupRefused("truncated", "The backup file is incomplete.");
  }
  const tables = manifest.tables;
  const agrees =
    summary.tables.length === seen.length &&
    tables.length === seen.length &&
    seen.every((t, i) => {
      const s = summary?.tables[i];
      return t.name === tables[i] && s?.name === t.name && s.rows === t.rows && s.hash === t.hash;
    });
  if (!agrees) throw malformed();
  return { manifest, summary };
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** Each table's count and hash as loaded, equal to the backup's (checked in the database). */
  tables: TableSummary[];
  /** The migrations applied after loading: the backup's schema brought up to this build's. */
  migratedTo: string;
}

export type RestoreProgress = (event: {
  step: "checked" | "loading" | "verified" | "migrated";
  table?: string;
  rows?: number;
  of?: number;
}) => void;

/** Loads a batch of rows, given as their `to_jsonb` texts, into a table. */
async function insertRows(tx: Tx, table: string, columns: string[], texts: string[]) {
  const list = sql.join(
    columns.map((c) => sql.identifier(c)),
    sql`, `,
  );
  await tx.execute(sql`
    insert into ${tableRef(table)} (${list})
    select ${list} from jsonb_populate_recordset(null::${tableRef(table)}, ${`[${texts.join(",")}]`}::jsonb)`);
}

/** The database's count and hash of a table, read back the way a backup reads it. */
async function digestOf(tx: Tx, table: string): Promise<TableSummary> {
  const digest = new TableDigest();
  for await (const batch of cursorBatches<{ r: string }>(tx, "verify_rows", rowTextQuery(table))) {
    for (const { r } of batch) digest.add(r);
  }
  return { name: table, rows: digest.rows, hash: digest.hash };
}

const batchRows = 1000;
const batchChars = 4 * 1024 * 1024;

/**
 * Restores a backup into `target`, an empty database of either engine opened without
 * migrating. Refuses, with nothing written, a damaged or cut file, a wrong passphrase, a
 * schema newer than this build, or a target holding data or a newer schema. Then brings the
 * target to the backup's schema, loads every table in one transaction, checks each table's
 * count and hash in the database before committing, moves sequences past the loaded rows, and
 * applies the migrations that came after the backup.
 */
export async function restoreBackup(
  source: ArchiveSource,
  target: OpenDatabase,
  opts: {
    passphrase?: string;
    onProgress?: RestoreProgress;
    /** The caller's own inspectBackup of this source: not read whole a second time. */
    inspected?: Awaited<ReturnType<typeof inspectBackup>>;
  } = {},
): Promise<RestoreReport> {
  const { manifest, summary } = opts.inspected ?? (await inspectBackup(source, opts.passphrase));
  opts.onProgress?.({ step: "checked" });

  const applied = await appliedMigration(target.db);
  if (applied && applied.when > manifest.migration.when) {
    throw new BackupRefused(
      "target_newer_schema",
      `The target database already has a newer schema (${applied.tag ?? applied.when}) than ` +
        `the backup (${manifest.migration.tag}): restore into a new, empty database.`,
    );
  }
  // Rows in any table of the schema, Hexiao's or not, make the target not empty.
  const holding = await hasAnyRow(target.db);
  if (holding) {
    throw new BackupRefused(
      "target_not_empty",
      `The target database is not empty (table ${holding} has rows): restore only into a ` +
        `new, empty database, so that nothing in it is lost or mixed.`,
    );
  }

  await target.migrate(manifest.migration.when);
  const expected = new Map(summary.tables.map((t) => [t.name, t]));
  const loaded = await target.db.transaction(async (tx) => {
    await tx.execute(sql`set local time zone 'UTC'`);
    const tables = await tablesInForeignKeyOrder(tx);
    if ([...tables].sort().join() !== [...manifest.tables].sort().join()) {
      throw new BackupRefused(
        "verification_failed",
        "The target's tables differ from the backup's at the same schema.",
      );
    }
    let table: { name: string; columns: string[]; rows: number; of: number } | undefined;
    let pending: string[] = [];
    let pendingChars = 0;
    const flush = async () => {
      if (!table || pending.length === 0) return;
      await insertRows(tx, table.name, table.columns, pending);
      table.rows += pending.length;
      pending = [];
      pendingChars = 0;
      opts.onProgress?.({ step: "loading", table: table.name, rows: table.rows, of: table.of });
    };
    await readContent(source, opts.passphrase, async (line) => {
      if (line.kind === "table") {
        await flush();
        const columns = await insertableColumns(tx, line.name);
        table = { name: line.name, columns, rows: 0, of: expected.get(line.name)?.rows ?? 0 };
      } else if (line.kind === "row") {
        pending.push(line.text);
        pendingChars += line.text.length;
        if (pending.length >= batchRows || pendingChars >= batchChars) await flush();
      } else if (line.kind === "summary") {
        await flush();
      }
    });
    const report: TableSummary[] = [];
    for (const name of manifest.tables) {
      const found = await digestOf(tx, name);
      const want = expected.get(name);
      if (found.rows !== want?.rows || found.hash !== want.hash) {
        throw new BackupRefused(
          "verification_failed",
          `Table ${name} does not read back as backed up (${found.rows} rows, ` +
            `${want?.rows ?? 0} expected): nothing was restored.`,
        );
      }
      report.push(found);
      opts.onProgress?.({ step: "verified", table: name, rows: found.rows });
    }
    await resetSequences(tx);
    return report;
  });
  await target.migrate();
  opts.onProgress?.({ step: "migrated" });
  const latest = knownMigrations().at(-1);
  return { manifest, tables: loaded, migratedTo: latest?.tag ?? manifest.migration.tag };
}

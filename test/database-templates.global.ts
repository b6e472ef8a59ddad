import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { dumpPgliteTemplates, openDatabase } from "../db/open";
import { createScratchPostgres, dropScratchPostgres } from "./scratch-postgres";

/*
 * Migrating a fresh database for every test file costs seconds (PGlite's initdb alone, and
 * thirty-odd migrations on either engine). Each project migrates one template before its files
 * run and test/db.ts starts every file's database as a copy of it: PGlite from a dumped data
 * folder, PostgreSQL by `create database … template`. The copies are still migrated on open,
 * which finds nothing to do, so a stale template could never hide a migration. An empty
 * PGlite (a restore's target) is a copy too, of the same data folder before its migrations.
 * The postgres project's files open PGlite databases as well (a restore across engines, the
 * setup screen's restore): both projects share the one pair of PGlite dumps.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** A dump of a migrated PGlite data folder (a file path). */
    pgliteTemplateFile: string;
    /**
     * A dump of a PGlite data folder as initdb leaves it, before any migration (a file path):
     * the same database as a new one, without its initdb.
     */
    pgliteEmptyFile: string;
    /** The name of a migrated PostgreSQL database to copy, in the postgres project. */
    postgresTemplate: string | undefined;
    /** How this run's test files name their PostgreSQL databases (test/db.ts), then `_` and a random part. */
    postgresScratchPrefix: string;
  }
}

/**
 * The PGlite dumps, made once: the projects' global set-ups run in Vitest's one main process.
 * Their folder goes when that process exits (the other project may still be reading it).
 */
function pgliteTemplates(): Promise<{ empty: string; migrated: string }> {
  const shared = globalThis as {
    hexiaoPgliteTemplates?: Promise<{ empty: string; migrated: string }>;
  };
  shared.hexiaoPgliteTemplates ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hexiao-pglite-template-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const dumps = await dumpPgliteTemplates();
    const files = { empty: path.join(dir, "empty.tar"), migrated: path.join(dir, "migrated.tar") };
    writeFileSync(files.empty, Buffer.from(await dumps.empty.arrayBuffer()));
    writeFileSync(files.migrated, Buffer.from(await dumps.migrated.arrayBuffer()));
    return files;
  })();
  return shared.hexiaoPgliteTemplates;
}

export default async function setup(project: TestProject) {
  const postgres = project.config.env?.TEST_ENGINE === "postgres";
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (postgres && !baseUrl) return;
  const [pglite, scratch] = await Promise.all([
    pgliteTemplates(),
    postgres && baseUrl ? createScratchPostgres(baseUrl, "hexiao_template") : undefined,
  ]);
  project.provide("pgliteTemplateFile", pglite.migrated);
  project.provide("pgliteEmptyFile", pglite.empty);
  // A file's PostgreSQL databases are dropped without the file waiting for it (test/db.ts):
  // those a worker's end cut short are dropped here, by this project's own prefix, after its files.
  const scratchPrefix = `hexiao_t_${randomBytes(4).toString("hex")}`;
  project.provide("postgresScratchPrefix", scratchPrefix);
  const sweep = () => (baseUrl ? dropScratchPostgres(baseUrl, scratchPrefix) : undefined);
  if (!scratch) {
    project.provide("postgresTemplate", undefined);
    return sweep;
  }
  const opened = await openDatabase({ url: scratch.url });
  await opened.close();
  project.provide("postgresTemplate", new URL(scratch.url).pathname.slice(1));
  return async () => {
    await sweep();
    await scratch.drop();
  };
}

import { rmSync, writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { dumpMigratedPglite, openDatabase } from "../db/open";
import { createScratchPostgres } from "./scratch-postgres";

/*
 * Migrating a fresh database for every test file costs seconds (PGlite's initdb alone, and
 * thirty-odd migrations on either engine). Each project migrates one template before its files
 * run and test/db.ts starts every file's database as a copy of it: PGlite from a dumped data
 * folder, PostgreSQL by `create database … template`. The copies are still migrated on open,
 * which finds nothing to do, so a stale template could never hide a migration.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** A dump of a migrated PGlite data folder (a file path), in the unit+pglite project. */
    pgliteTemplateFile: string | undefined;
    /** The name of a migrated PostgreSQL database to copy, in the postgres project. */
    postgresTemplate: string | undefined;
  }
}

export default async function setup(project: TestProject) {
  if (project.config.env?.TEST_ENGINE === "postgres") {
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (!baseUrl) return;
    const scratch = await createScratchPostgres(baseUrl, "hexiao_template");
    const opened = await openDatabase({ url: scratch.url });
    await opened.close();
    project.provide("pgliteTemplateFile", undefined);
    project.provide("postgresTemplate", new URL(scratch.url).pathname.slice(1));
    return () => scratch.drop();
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "hexiao-pglite-template-"));
  const file = path.join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await (await dumpMigratedPglite()).arrayBuffer()));
  project.provide("pgliteTemplateFile", file);
  project.provide("postgresTemplate", undefined);
  return () => rmSync(dir, { recursive: true, force: true });
}

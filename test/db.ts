import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { openDatabase, type Engine, type OpenDatabase } from "@/db/open";
import { createScratchPostgres } from "@/test/scratch-postgres";
import type { Db } from "@/db/types";

/**
 * The engine this run's database tests use: PGlite in the `unit+pglite` project, PostgreSQL
 * in the `postgres` one (vitest.config.ts sets TEST_ENGINE per project).
 */
export const engine: Engine = process.env.TEST_ENGINE === "postgres" ? "postgres" : "pglite";

/** Whether this run can open a PostgreSQL database as well (TEST_DATABASE_URL is set). */
export const postgresAvailable = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A fresh, migrated database: in-memory PGlite, or a new PostgreSQL database (dropped
 * again on close) in the `postgres` project. Test files use `setupTestDatabase()`; this is
 * for a file that needs a second database of its own (and so calls that too): unmigrated
 * with `migrate: false`, on the other engine with `engine` (PostgreSQL needs TEST_DATABASE_URL).
 */
export async function openTestDatabase(
  opts: { migrate?: boolean; engine?: Engine } = {},
): Promise<OpenDatabase & { url?: string }> {
  assertRunsOnBothEngines();
  const project = process.env.TEST_ENGINE;
  if (project !== "pglite" && project !== "postgres") {
    throw new Error(
      "A database test runs inside a Vitest project of vitest.config.ts (TEST_ENGINE is unset).",
    );
  }
  const migrate = opts.migrate ?? true;
  // A database starts as a copy of a template (database-templates.global.ts), migrated
  // or as initdb left it (PGlite; on PostgreSQL a new database is that already).
  if ((opts.engine ?? project) === "pglite") {
    const templateFile = inject(migrate ? "pgliteTemplateFile" : "pgliteEmptyFile");
    const loadDataDir = new Blob([await readFile(templateFile)]);
    return openDatabase({ pgliteDir: undefined, loadDataDir }, { migrate });
  }

  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error("The postgres project needs TEST_DATABASE_URL");
  const template = migrate ? inject("postgresTemplate") : undefined;
  const scratch = await createScratchPostgres(baseUrl, inject("postgresScratchPrefix"), template);
  // A test's burst of transactions may outwait the pool's 5 s on a busy machine: never a failure of its own.
  const opened = await openDatabase({ url: scratch.url, connectWaitMs: 300_000 }, { migrate });
  return {
    ...opened,
    url: scratch.url,
    close: async () => {
      await opened.close();
      // Not waited for: DROP DATABASE waits for a checkpoint (0.8 to 4.3 s a file at load 10), which held up
      // the file's end, and its worker, for nothing. The project's teardown drops any left.
      scratch.drop().catch((err: unknown) => console.warn(`${scratch.url} stays:`, err));
    },
  };
}

/**
 * Fails when the postgres project would not run this file (vitest.config.ts finds database
 * tests by their call of setupTestDatabase; one that hides the call would run on PGlite only).
 */
function assertRunsOnBothEngines() {
  const listed = process.env.TEST_DATABASE_FILES;
  if (process.env.TEST_ENGINE !== "pglite" || listed === undefined) return;
  const file = expect.getState().testPath;
  if (!file) throw new Error("A test database is opened outside a test file");
  const relative = path.relative(process.cwd(), file).split(path.sep).join("/");
  if (!listed.split("\n").includes(relative)) {
    throw new Error(
      `${relative} opens a test database but the postgres project does not run it: ` +
        "call setupTestDatabase() by that name in the file (vitest.config.ts looks for it).",
    );
  }
}

export interface TestDatabase {
  /** The file's database; usable from the first `beforeAll` on (it forwards to the open one). */
  readonly db: Db;
  /** The open database itself (engine, LISTEN), once `beforeAll` has run. */
  readonly opened: OpenDatabase;
  /**
   * The PostgreSQL database's address, for a second pool on it (another app instance);
   * undefined on PGlite, which one process alone may open.
   */
  readonly url: string | undefined;
}

/**
 * Opens one fresh, migrated database for the calling test file before its own hooks run,
 * and closes (on PostgreSQL: drops) it after the file. Call it once, at the top level of a
 * test file, before any `beforeAll` that uses the database:
 *
 *   const { db } = setupTestDatabase();
 *
 * Calling it is what makes a file a database test: vitest.config.ts runs every file that
 * calls it on both engines, so no database test can be left off PostgreSQL by its name.
 */
export function setupTestDatabase(): TestDatabase {
  assertRunsOnBothEngines(); // now, so that a file the postgres project misses fails as a whole
  let opened: (OpenDatabase & { url?: string }) | undefined;
  const current = () => {
    if (!opened) {
      throw new Error("The test database is used before setupTestDatabase()'s beforeAll ran");
    }
    return opened;
  };
  beforeAll(async () => {
    opened = await openTestDatabase();
  });
  afterAll(async () => {
    await opened?.close();
    opened = undefined;
  });
  // Forwards to the database opened in beforeAll, so files can keep a top-level `db`.
  // Methods are bound to the real database: drizzle reads its own fields through `this`.
  const db = new Proxy({} as Db, {
    get(_target, property) {
      const real = current().db;
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === "function" ? value.bind(real) : value;
    },
    has: (_target, property) => Reflect.has(current().db, property),
  });
  return {
    db,
    get opened() {
      return current();
    },
    get url() {
      return current().url;
    },
  };
}

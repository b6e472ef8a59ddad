import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const require = createRequire(import.meta.url);
const shared = {
  resolve: {
    alias: [
      { find: "@", replacement: root },
      // `server-only` throws outside React's server build; in tests it is a no-op.
      { find: "server-only", replacement: path.join(root, "test/empty-module.ts") },
      // The formatter of precompiled messages, as next.config.ts's `messages.precompile` sets
      // it for the app: the translators' catalogue is precompiled (loadCompiledMessages).
      {
        find: /^use-intl\/format-message$/,
        replacement: require.resolve("use-intl/format-message/format-only"),
      },
    ],
  },
};

const testFolders = ["server", "db", "app", "scripts", "test"];
const allTests = testFolders.map((folder) => `${folder}/**/*.test.ts`);

/**
 * Database tests run on PGlite always, and again on PostgreSQL when TEST_DATABASE_URL is
 * set. A database test is a test file that opens its database with `setupTestDatabase()`
 * (test/db.ts), the only way a test gets one: the call is the tag, so no file name,
 * folder or list can leave one off PostgreSQL.
 */
function databaseTests(): string[] {
  const files: string[] = [];
  for (const folder of testFolders) {
    for (const entry of readdirSync(path.join(root, folder), { recursive: true })) {
      const file = path.join(folder, String(entry));
      if (!file.endsWith(".test.ts")) continue;
      if (/\bsetupTestDatabase\(/.test(readFileSync(path.join(root, file), "utf8"))) {
        files.push(file.split(path.sep).join("/"));
      }
    }
  }
  return files;
}

const databaseFiles = databaseTests();

export default defineConfig({
  test: {
    // Timeouts only catch hangs. Password hashing and many-statement tests run 10–30× slower
    // on a busy 2-core machine than on an idle one, so the limits are far above any idle figure.
    testTimeout: 120_000,
    globalSetup: ["test/database-templates.global.ts"],
    hookTimeout: 180_000,
    // Vitest's default (one worker per core but one, for its main process) runs the files one
    // at a time on a 2-core machine, leaving a core idle: its main process only collects
    // results, and a PostgreSQL file's worker spends much of its time waiting on the server.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Bundled by Vite rather than loaded by Node, so the formatter's alias (`shared`) reaches
    // use-intl's own import of it.
    server: { deps: { inline: ["next-intl", "use-intl"] } },
    // A worker runs file after file with the modules it has already loaded: a fresh module graph
    // for every file (Vitest's default) spent most of the suite's CPU time importing the same
    // modules again. Files share those modules' state, so each file gets its own database
    // (test/db.ts), puts back in its own hooks what it changes (env flags, fake timers), and
    // Vitest undoes spies and stubbed globals before every test.
    isolate: false,
    restoreMocks: true,
    unstubGlobals: true,
    unstubEnvs: true,
    // Memory tests read the live heap after a full collection (global.gc).
    execArgv: ["--expose-gc"],
    // `extends: true`: without it a project ignores the root options above (the timeouts).
    projects: [
      {
        extends: true as const,
        ...shared,
        test: {
          name: "unit+pglite",
          include: allTests,
          // The list lets setupTestDatabase() refuse to run in a file the postgres project misses.
          env: { TEST_ENGINE: "pglite", TEST_DATABASE_FILES: databaseFiles.join("\n") },
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              ...shared,
              test: {
                name: "postgres",
                include: databaseFiles,
                env: { TEST_ENGINE: "postgres" },
              },
            },
          ]
        : []),
    ],
  },
});

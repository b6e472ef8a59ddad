import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React's server build; in tests it is a no-op.
      "server-only": path.join(root, "db/testing/empty-module.ts"),
    },
  },
};

// Tests that talk to a database. They run on PGlite always, and again on PostgreSQL
// when TEST_DATABASE_URL is set (npm test sets TEST_ENGINE per project).
const databaseTests = [
  "server/**/*.service.test.ts",
  "server/**/*.router.test.ts",
  "db/**/*.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `extends: true`: without it a project ignores the root options above (the timeouts).
    projects: [
      {
        extends: true as const,
        ...shared,
        test: {
          name: "unit+pglite",
          include: [
            "server/**/*.test.ts",
            "db/**/*.test.ts",
            "app/**/*.test.ts",
            "scripts/**/*.test.ts",
          ],
          env: { TEST_ENGINE: "pglite" },
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              ...shared,
              test: { name: "postgres", include: databaseTests, env: { TEST_ENGINE: "postgres" } },
            },
          ]
        : []),
    ],
  },
});

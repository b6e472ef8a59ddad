import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".data/**",
    "node_modules/**",
    "db/migrations/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    plugins: { drizzle },
    rules: {
      // A delete or update without a where clause would touch every tenant's rows.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // No import cycles: modules import downwards only (ARCHITECTURE.md, "Layers").
    files: ["**/*.{ts,tsx,mts,cts}"],
    // Packages cannot import our modules back: never parse them (pglite's bundle alone
    // overflows the parser's stack and triples the run).
    settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // Pages render and call tRPC; only server/ touches the database or the services.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/db/*"],
              message: "app/ never imports db/: call tRPC or a server module.",
            },
            {
              // The sign-in page lists the demo accounts; seeding the demo shop is the server's.
              group: ["@/server/demo/*", "!@/server/demo/demo-accounts"],
              message: "app/ imports only the demo accounts list from server/demo.",
            },
            {
              group: ["@/server/**/*.service", "@/server/**/*.service.ts"],
              message: "app/ never calls services directly: go through tRPC.",
            },
          ],
        },
      ],
    },
  },
  {
    // db/ is the bottom layer (schema, migrations, the engine opener): boot wiring, seeding
    // and test fakes use it from above (ARCHITECTURE.md, "Layers").
    files: ["db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/server", "@/server/*", "../**/server", "../**/server/*"],
              message: "db/ never imports server/: move the code up, or the value down into db/.",
            },
          ],
        },
      ],
    },
  },
]);

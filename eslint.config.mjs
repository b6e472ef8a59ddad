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
    // Type-aware rules: a promise nobody awaits fails silently, or rejects after its caller
    // (a request, a test's database) is gone. Only TS files carry types to check.
    files: ["**/*.{ts,tsx}"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    // `x!` silences the compiler where a row or an entry might be missing; the code says how it
    // knows instead (`one(rows)`, a check, a loop over entries). Tests and their fakes may,
    // and so may the demo generator and the benchmarks, which index tables they define
    // themselves and read back the demo data they seeded.
    files: ["**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}", "test/**", "e2e/**", "server/demo/**", "scripts/bench*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "error" },
  },
  {
    // env.ts is the one reader of the environment, validated at start-up; code receives `env`
    // or the values it needs. Launchers (scripts/), config files and test set-up hand the
    // environment to tools and child processes as it is.
    files: ["**/*.{ts,tsx,mts,cts,js,mjs}"],
    ignores: ["env.ts", "scripts/**", "test/**", "e2e/**", "*.config.{ts,mjs,js}"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: 'Read configuration from env.ts (import { env } from "@/env").',
        },
      ],
    },
  },
  // No import cycles (ARCHITECTURE.md, "Layers"): scripts/check-import-cycles.mjs, run by
  // `npm run lint` and `npm test`. import/no-cycle took half of this config's time for the same answer.
  {
    // Pages render and call tRPC; only server/ touches the database or the services.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              // next-intl's client runtime was 3.4 KB of gzip on every console page.
              name: "next-intl",
              importNames: [
                "NextIntlClientProvider",
                "useTranslations",
                "useFormatter",
                "useLocale",
                "useMessages",
                "useNow",
                "useTimeZone",
              ],
              message: "In app/, import the client's translator from @/app/_i18n/client-intl.",
            },
            {
              // next/link's script was about 2.5 KB gzip on every page that rendered one.
              name: "next/link",
              message:
                "Use PlainLink from @/app/_components/plain-link (LinkPendingMark inside it for the pending bar).",
            },
          ],
          patterns: [
            {
              // Except the enums' value lists (constants only, no drizzle), which filters and forms show.
              regex: "^@/db/(?!schema/enum-values$)",
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
            {
              // A static import would put sonner back on every console page (12 KB gzip).
              group: ["sonner"],
              allowTypeImports: true,
              message:
                "Import toast and Toaster from @/app/_components/toast (loads sonner on first use).",
            },
          ],
        },
      ],
    },
  },
  {
    // app/ reaches the enums' value lists through these (pure logic, zod forms), so they run in
    // the browser: enum-values.ts and role-values.ts hold the lists without drizzle's pg-core,
    // which a value import of any other schema module brings into the page's scripts
    // (ARCHITECTURE.md).
    files: ["server/**/*.logic.ts", "server/**/*.schema.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/db/schema(?!/(enum|role)-values$)(/.*)?$",
              allowTypeImports: true,
              message:
                "Import enum value lists from @/db/schema/enum-values or role-values (the other schema modules load drizzle's pg-core in the browser).",
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

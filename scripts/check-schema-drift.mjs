// Fails when db/schema has changes that no migration in db/migrations carries: drizzle-kit
// generates into a copy of the migrations, and any new migration there is the drift.
// Run by `npm test`; alone: node scripts/check-schema-drift.mjs
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
// Relative to the root: drizzle-kit joins `--out` onto the working directory.
const scratch = path.join("test-results", "schema-drift");
const out = path.join(scratch, "migrations");
const journal = () =>
  JSON.parse(readFileSync(path.join(root, out, "meta", "_journal.json"), "utf8")).entries;

rmSync(path.join(root, scratch), { recursive: true, force: true });
mkdirSync(path.join(root, scratch), { recursive: true });
cpSync(path.join(root, "db", "migrations"), path.join(root, out), { recursive: true });
const before = journal().length;

// The same settings as drizzle.config.ts, with the output redirected.
const result = spawnSync(
  path.join(root, "node_modules", ".bin", "drizzle-kit"),
  [
    "generate",
    "--dialect=postgresql",
    "--schema=./db/schema/index.ts",
    `--out=${out}`,
    "--casing=snake_case",
    "--name=schema-drift",
  ],
  // No stdin: a change drizzle-kit would ask about (a rename?) fails instead of waiting.
  { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" },
);
if (result.status !== 0) {
  process.stdout.write(result.stdout ?? "");
  console.error(`drizzle-kit generate exited with ${result.status ?? result.signal}`);
  process.exit(1);
}

const added = journal().slice(before);
if (added.length > 0) {
  console.error(
    "db/schema has changes without a migration. Run `npx drizzle-kit generate --name <short-name>`; it would write:\n",
  );
  for (const entry of added) {
    const file = readdirSync(path.join(root, out)).find((f) => f === `${entry.tag}.sql`);
    if (file) console.error(readFileSync(path.join(root, out, file), "utf8"));
  }
  process.exit(1);
}
rmSync(path.join(root, scratch), { recursive: true, force: true });
console.log("The migrations match db/schema.");

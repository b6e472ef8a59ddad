// The web server Playwright starts (playwright.config.ts → webServer): the production
// build, on the embedded database with the demo data, in a fresh data folder per run.
import { randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIfNeeded, root, run } from "./build-if-needed.mjs";

const port = process.env.E2E_PORT || "3100";
const prefix = "hexiao-e2e-";

// A run that was SIGKILLed leaves its folder behind; remove those whose owner is gone.
for (const name of readdirSync(os.tmpdir())) {
  if (!name.startsWith(prefix)) continue;
  const dir = path.join(os.tmpdir(), name);
  const pidFile = path.join(dir, "owner.pid");
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : 0;
  if (pid > 0 && isAlive(pid)) continue;
  rmSync(dir, { recursive: true, force: true });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM"; // exists, but not ours to signal
  }
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
// The migrated empty install every server of the run starts from (scripts/e2e-install-template.ts):
// at the path playwright.config.ts chose, so that the specs' own servers find it too.
const templateDir = process.env.E2E_INSTALL_TEMPLATE || mkdtempSync(path.join(os.tmpdir(), prefix));
mkdirSync(templateDir, { recursive: true });
for (const dir of [dataDir, templateDir]) {
  writeFileSync(path.join(dir, "owner.pid"), String(process.pid));
}
// 'exit' runs on every normal way out, including after the signal handlers in run().
process.on("exit", () => {
  for (const dir of [dataDir, templateDir]) rmSync(dir, { recursive: true, force: true });
});

// Built with the same environment `npm start` would use, so the two share one build:
// runtime settings (engine, data folder, demo) are read by the server when it starts. The
// build skips its type check (npm test runs tsc); `npm start` rebuilds rather than serve it.
// The template is made meanwhile: the build leaves a core idle at times, and is the longer.
// scripts/test.mjs hands over one it has made already (its folder holds the database), beside
// Vitest: made here, it held up the first test by its ten-odd seconds, with the build long done.
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const templateMade = existsSync(path.join(templateDir, "pglite"));
const [built, templated] = await Promise.all([
  buildIfNeeded({ typeCheck: false }),
  templateMade ? 0 : run(tsx, [path.join(root, "scripts", "e2e-install-template.ts"), templateDir]),
]);
if (built !== 0) {
  console.error(`next build failed (exit code ${built}); the e2e server cannot start.`);
  process.exit(built);
}
if (templated !== 0) {
  console.error(`the migrated install could not be made (exit code ${templated}).`);
  process.exit(templated);
}
cpSync(path.join(templateDir, "pglite"), path.join(dataDir, "pglite"), { recursive: true });

const env = {
  ...process.env,
  DATA_DIR: dataDir,
  DEMO: "1",
  PORT: port,
  // The seed route that gives each test a merchant of its own (404 in any other server).
  // Playwright passes the run's token; started by hand, a random one keeps the route closed.
  E2E_SEED_ROUTE: "1",
  E2E_SEED_TOKEN: process.env.E2E_SEED_TOKEN || randomBytes(32).toString("hex"),
};
// The suite runs on the embedded engine; a developer's PostgreSQL or public origin must not leak in.
delete env.DATABASE_URL;
delete env.HEXIAO_PROCESSES;
delete env.APP_URL;

console.log(`Starting Hexiao for e2e on http://127.0.0.1:${port} (data in ${dataDir})`);
// Bound to loopback: the suite's baseURL is 127.0.0.1, and nothing else should reach it.
const serve = path.join(root, "scripts", "serve.mjs");
process.exit(await run(process.execPath, [serve, "-p", port, "-H", "127.0.0.1"], { env }));

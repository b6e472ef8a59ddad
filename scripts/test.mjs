// `npm test`: typecheck, lint, prettier --check, the schema-drift and import-cycle checks, then
// Vitest (PGlite, plus PostgreSQL when TEST_DATABASE_URL is set) with the production build made
// beside it, and Playwright as soon as that build is made, beside what is left of Vitest. Every
// step runs even when an earlier one fails, so the final count is complete. The last line is
// always `N passed, M failed[, K skipped]`.
//
//   node scripts/test.mjs [--no-e2e]
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os, { constants, setPriority } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const resultsDir = path.join(root, "test-results");
const vitestJson = path.join(resultsDir, "vitest.json");
const playwrightJson = path.join(resultsDir, "playwright.json"); // set in playwright.config.ts

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--no-e2e");
if (unknown.length > 0) {
  console.error(`Unknown option ${unknown.join(" ")}. Usage: node scripts/test.mjs [--no-e2e]`);
  process.exit(2);
}
const runE2e = !args.includes("--no-e2e");

const running = new Set(); // the running children, to pass Ctrl-C on to
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    interrupted = true;
    for (const child of running) child.kill(signal);
  });
}

/**
 * Runs a command; resolves with its exit code (127 if it cannot start) and its time in
 * seconds. Its output goes to the console as it comes or, with `held`, all at once when it
 * ends (checks that run side by side must not interleave). With `transcript`, its output is
 * also kept (the last 4 MB) so that errors printed far above the summary can be repeated under it.
 * With `niceness`, it (and what it starts after) runs at that lower priority; `env` is added to
 * the environment it inherits.
 */
function run(command, commandArgs, { transcript, held = false, niceness, env } = {}) {
  const header = `\n▶ ${path.basename(command)} ${commandArgs.join(" ")}`;
  if (!held) console.log(header);
  const started = performance.now();
  const output = [];
  const child = spawn(command, commandArgs, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: transcript || held ? ["inherit", "pipe", "pipe"] : "inherit",
  });
  running.add(child);
  if (niceness !== undefined && child.pid !== undefined) setPriority(child.pid, niceness);
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    from?.on("data", (chunk) => {
      if (held) output.push(chunk);
      else to.write(chunk);
      if (!transcript) return;
      transcript.chunks.push(chunk);
      transcript.bytes += chunk.length;
      while (transcript.bytes > 4_000_000) transcript.bytes -= transcript.chunks.shift().length;
    });
  }
  return new Promise((resolve) => {
    child.on("error", (err) => {
      output.push(Buffer.from(`cannot run ${command}: ${err.message}\n`));
      resolve(127);
    });
    child.on("close", (code, signal) => resolve(code ?? 128 + (constants.signals[signal] ?? 1)));
  }).then((code) => {
    running.delete(child);
    if (held) {
      console.log(header);
      process.stdout.write(Buffer.concat(output));
    }
    return { code, seconds: Math.round((performance.now() - started) / 1000) };
  });
}

/**
 * Vitest's "Unhandled Errors" section (an error no test owns: a rejection after a test
 * ended, a worker that died), the first lines of it without colours, or undefined.
 */
function unhandledErrors(text) {
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
  const at = plain.indexOf("Unhandled Error");
  return at < 0 ? undefined : plain.slice(at).split("\n").slice(0, 60).join("\n");
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * A runner that exits non-zero without any failed test to show for it (a file that does
 * not load, an unhandled error, a web server that never came up) still counts as one failure.
 */
function settle(name, { code, seconds }, counts, note) {
  const r = { name, seconds, passed: 0, failed: 0, skipped: 0, ...counts, note };
  if (code !== 0 && r.failed === 0) {
    r.failed = 1;
    r.note = note ?? `exited with code ${code} without a failed test`;
  }
  return r;
}

const results = [];
let vitestUnhandled; // repeated under the summary: CI logs often keep only the end
mkdirSync(resultsDir, { recursive: true });

if (!process.env.TEST_DATABASE_URL) {
  console.log(
    "Note: TEST_DATABASE_URL is not set, so the PostgreSQL pass is skipped (PGlite only).",
  );
}

// (a) + (b): one check each: types, lint, formatting, migrations that match db/schema, and no
// import cycles.
// Side by side, one core each, and the machine may have two. Vitest starts as soon as at most
// one check is left (the type check and lint, the longest, ran alone for minutes with the other
// core idle); the build waits for them all. The type check and ESLint share one TypeScript
// program (typecheck-and-lint.mjs): ESLint's type-aware rules built and checked it again,
// 146 s of CPU for ESLint and 53 s for tsc apart against 153 s together (load 14).
const checks = [
  ["types+lint", process.execPath, [path.join(root, "scripts", "typecheck-and-lint.mjs")]],
  // Prettier's new command line (its 4.0 one, in 3.x behind the flag): the same files and verdicts
  // for a third less CPU than the classic one. Without its cache: every run checks every file.
  ["format", bin("prettier"), ["--check", "--experimental-cli", "--no-cache", "."]],
  ["migrations", process.execPath, [path.join(root, "scripts", "check-schema-drift.mjs")]],
  ["cycles", process.execPath, [path.join(root, "scripts", "check-import-cycles.mjs")]],
];
let checksLeft = checks.length;
let aCoreFree;
const coreFree = new Promise((resolve) => (aCoreFree = resolve));
const checking = Promise.all(
  checks.map(async ([name, command, commandArgs]) => {
    const ran = await run(command, commandArgs, { held: true });
    checksLeft -= 1;
    if (checksLeft <= 1) aCoreFree();
    return settle(name, ran, ran.code === 0 ? { passed: 1 } : { failed: 1 });
  }),
);

// The production build Playwright needs, beside Vitest, at a low priority: it takes the CPU
// Vitest leaves idle (a worker waiting on PostgreSQL, the files' start-up). Not beside the
// checks: tsc reads the types that `next build` rewrites. Beside it, the migrated empty install
// every e2e server starts from (e2e-install-template.ts), which e2e-server.mjs made otherwise
// while the first tests waited.
const installTemplate = runE2e
  ? mkdtempSync(path.join(os.tmpdir(), "hexiao-e2e-template-"))
  : undefined;
if (installTemplate) {
  // e2e-server.mjs removes a "hexiao-e2e-" folder whose owner has gone; this process owns it until then.
  writeFileSync(path.join(installTemplate, "owner.pid"), String(process.pid));
  process.on("exit", () => rmSync(installTemplate, { recursive: true, force: true }));
}
const building = checking.then(() =>
  installTemplate && !interrupted
    ? Promise.all([
        run(process.execPath, [path.join(root, "scripts", "build-for-tests.mjs")], {
          held: true,
          niceness: 10,
        }),
        run(bin("tsx"), [path.join(root, "scripts", "e2e-install-template.ts"), installTemplate], {
          held: true,
          niceness: 10,
        }),
      ])
    : undefined,
);

// (d) Playwright, once the build is made (without one, it is not run: the build's failure says
// why), beside what is left of Vitest rather than after it: Vitest left about half of the two
// cores idle (its workers wait on PostgreSQL, on dropping a file's database, between files),
// and the end-to-end suite alone keeps both busy. Its output is held, so that the two runners'
// lines do not interleave.
let built = true;
const e2eResults = building.then(async (made) => {
  const own = [];
  let templated = false;
  if (made) {
    const [ran, template] = made;
    built = ran.code === 0;
    own.push(settle("build", ran, built ? { passed: 1 } : { failed: 1 }));
    // Without it e2e-server.mjs makes one itself (and says why it could not).
    templated = template.code === 0;
  }
  if (!runE2e || !built || interrupted) return own;
  rmSync(playwrightJson, { force: true });
  const ran = await run(bin("playwright"), ["test"], {
    held: true,
    env: templated ? { E2E_INSTALL_TEMPLATE: installTemplate } : {},
  });
  const stats = readJson(playwrightJson)?.stats;
  own.push(
    stats
      ? settle("playwright", ran, {
          passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
          failed: stats.unexpected ?? 0,
          skipped: stats.skipped ?? 0,
        })
      : settle(
          "playwright",
          { ...ran, code: ran.code || 1 },
          {},
          `crashed without a report, exit code ${ran.code}`,
        ),
  );
  return own;
});

// (c) Vitest, once a core is free. Old reports are removed first so that a crash is never read
// as the last run's result.
await coreFree;
let vitestResult;
if (!interrupted) {
  rmSync(vitestJson, { force: true });
  const transcript = { chunks: [], bytes: 0 };
  const ran = await run(
    bin("vitest"),
    [
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${path.relative(root, vitestJson)}`,
    ],
    { transcript },
  );
  vitestUnhandled = unhandledErrors(Buffer.concat(transcript.chunks).toString("utf8"));
  const report = readJson(vitestJson);
  if (report) {
    // A file that fails to load has no failed test of its own; count it once.
    const brokenFiles = (report.testResults ?? []).filter(
      (f) =>
        f.status === "failed" && !(f.assertionResults ?? []).some((t) => t.status === "failed"),
    ).length;
    vitestResult = settle("vitest", ran, {
      passed: report.numPassedTests ?? 0,
      failed: (report.numFailedTests ?? 0) + brokenFiles,
      skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    });
  } else {
    vitestResult = settle(
      "vitest",
      { ...ran, code: ran.code || 1 },
      {},
      `crashed without a report, exit code ${ran.code}`,
    );
  }
}
results.push(...(await checking));
if (vitestResult) results.push(vitestResult);

results.push(...(await e2eResults));

// The slowest files and tests, for whoever works on the suite's time (they are what to look at first).
function printSlowest(title, timings) {
  const top = timings.sort((a, b) => b.seconds - a.seconds).slice(0, 10);
  if (top.length === 0) return;
  console.log(`\n${title}`);
  for (const t of top) console.log(`  ${t.seconds.toFixed(1).padStart(6)} s  ${t.name}`);
}
const vitestFiles = new Map(); // a file runs once per engine: its time is the sum
for (const f of readJson(vitestJson)?.testResults ?? []) {
  const name = path.relative(root, f.name);
  vitestFiles.set(name, (vitestFiles.get(name) ?? 0) + (f.endTime - f.startTime) / 1000);
}
printSlowest(
  "Slowest Vitest files (both engines together)",
  [...vitestFiles].map(([name, seconds]) => ({ name, seconds })),
);
if (runE2e) {
  const tests = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const seconds = (t.results ?? []).reduce((sum, r) => sum + (r.duration ?? 0), 0) / 1000;
        tests.push({ name: `[${t.projectName}] ${spec.file}:${spec.line} ${spec.title}`, seconds });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of readJson(playwrightJson)?.suites ?? []) walk(suite);
  printSlowest("Slowest Playwright tests (retries included)", tests);
}

// Summary: one line per suite, then the totals as the very last line.
if (vitestUnhandled) console.log(`\nVitest reported errors outside any test:\n${vitestUnhandled}`);
const total = { passed: 0, failed: 0, skipped: 0 };
const minutes = (seconds) =>
  `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
console.log(`\nSummary (${minutes(Math.round(performance.now() / 1000))} in all)`);
for (const r of results) {
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  const counts = `${r.passed} passed, ${r.failed} failed${r.skipped > 0 ? `, ${r.skipped} skipped` : ""}`;
  const took = minutes(r.seconds).padStart(6);
  console.log(`  ${r.name.padEnd(11)} ${took}  ${counts}${r.note ? ` (${r.note})` : ""}`);
}
if (!runE2e) console.log(`  ${"playwright".padEnd(11)} not run (--no-e2e)`);
else if (!built) console.log(`  ${"playwright".padEnd(11)} not run (the build failed)`);
if (!process.env.TEST_DATABASE_URL) console.log("  postgres    not run (TEST_DATABASE_URL unset)");
if (interrupted) {
  console.log("  interrupted: later steps did not run");
  total.failed += 1;
}
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ""}`,
);
process.exit(total.failed > 0 ? 1 : 0);

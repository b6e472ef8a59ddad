// Shared by scripts/start.mjs and scripts/e2e-server.mjs: run `next build` only when the
// production build is missing or older than the code, and run child processes so that
// Ctrl-C / `docker stop` reach them.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

// A self-hosted shop's server reports nothing to anyone unless its operator says so.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
export const nextBin = path.join(root, "node_modules", ".bin", "next");

const buildIdFile = path.join(root, ".next", "BUILD_ID");
// Left in .next by a build that skipped its type check (the test suite's, whose `tsc` step
// checks the types itself); `next build` empties .next, so a later full build removes it.
const uncheckedFile = path.join(root, ".next", "TYPES_UNCHECKED");

/** Everything that goes into the production build (absent files are ignored). */
const SOURCE_DIRS = ["app", "server", "db", "public"];
const SOURCE_FILES = [
  "package.json",
  "package-lock.json",
  "next.config.ts",
  "env.ts",
  "postcss.config.mjs",
  // Also compiled into the build, though not in the list we were first given:
  "instrumentation.ts",
  "proxy.ts",
  "middleware.ts",
  "tsconfig.json",
];

/**
 * The app and next.config.ts import some of the launchers' own modules (the locale choice,
 * the security headers, the console's addresses): every `.mjs` beside this file counts. The
 * benches and tests here (`.ts`) do not go into the build.
 */
const scriptModules = () =>
  readdirSync(import.meta.dirname)
    .filter((name) => name.endsWith(".mjs"))
    .map((name) => path.join(import.meta.dirname, name));

/** The first source file modified after `since` (ms), or undefined. Stops at the first hit. */
function findNewerFile(since) {
  const stack = SOURCE_DIRS.map((d) => path.join(root, d));
  for (const p of [...SOURCE_FILES.map((f) => path.join(root, f)), ...scriptModules()]) {
    if (existsSync(p) && statSync(p).mtimeMs > since) return p;
  }
  while (stack.length > 0) {
    const dir = stack.pop();
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // folder absent (e.g. no public/ yet) or removed while we walk
    }
    for (const e of entries) {
      if (e.name === "node_modules") continue;
      const p = path.join(dir, e.name);
      // Symlinks are not followed (isDirectory() is false for them), so no cycles.
      if (e.isDirectory()) {
        stack.push(p);
        continue;
      }
      try {
        if (statSync(p).mtimeMs > since) return p;
      } catch {
        // deleted between readdir and stat
      }
    }
  }
  return undefined;
}

/**
 * Why a build is needed ("first start", "code changed: app/page.tsx"), or undefined if it is
 * current. A build that skipped its type check is current only for a caller that skips it too.
 */
export function buildReason({ typeCheck = true } = {}) {
  if (!existsSync(buildIdFile)) return "first start";
  if (typeCheck && existsSync(uncheckedFile)) return "the last build skipped its type check";
  const newer = findNewerFile(statSync(buildIdFile).mtimeMs);
  return newer ? `code changed: ${path.relative(root, newer)}` : undefined;
}

/**
 * Spawns a command with inherited stdio and resolves with its exit code once it ends.
 * SIGINT/SIGTERM sent to this process are passed on to the child; a child killed by a
 * signal resolves with 128 + the signal's number, as a shell would report it.
 */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", ...options });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    const done = (code) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code);
    };
    child.on("error", (err) => {
      console.error(`${path.basename(command)}: ${err.message}`);
      done(127);
    });
    child.on("exit", (code, signal) => {
      done(code ?? 128 + (constants.signals[signal] ?? 1));
    });
  });
}

/**
 * Runs `next build` when buildReason() says so. Returns 0 when the build is current
 * (or was just made), otherwise the build's exit code. `typeCheck: false` is for the test
 * suite only, which checks the types in a step of its own.
 */
export async function buildIfNeeded({ env = process.env, typeCheck = true } = {}) {
  const reason = buildReason({ typeCheck });
  if (!reason) return 0;
  console.log(`Building Hexiao (${reason})…`);
  const startedAt = new Date();
  rmSync(uncheckedFile, { force: true });
  const code = await run(nextBin, ["build"], {
    env: typeCheck ? env : { ...env, BUILD_SKIP_TYPECHECK: "1" },
  });
  if (code === 0 && existsSync(buildIdFile)) {
    if (!typeCheck) writeFileSync(uncheckedFile, "");
    // Date the build by when it started, so a file saved while it ran still counts as newer.
    utimesSync(buildIdFile, startedAt, startedAt);
  }
  return code;
}

// What a bench leaves behind (scratch databases, temporary folders, the servers and processes it
// starts) removed however it ends: done, failed, or stopped by SIGINT or SIGTERM. A SIGKILL
// cannot be caught: a database it leaves is named hexiao_bench_<random>.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The removals still due, oldest first. */
const pending = new Set<() => Promise<void>>();

/**
 * Registers `cleanup` to run if the bench ends before it is done; the returned function runs it
 * now (once: later calls wait for the same run) and takes it off the list.
 */
export function removeOnExit(cleanup: () => Promise<void> | void): () => Promise<void> {
  let running: Promise<void> | undefined;
  const run = () => {
    pending.delete(run);
    return (running ??= Promise.resolve().then(cleanup));
  };
  pending.add(run);
  return run;
}

/** A new folder under the system's temporary one, and its removal (also when the bench ends). */
export function tempDir(prefix: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: removeOnExit(() => rmSync(dir, { recursive: true, force: true })) };
}

/** Runs every removal still due, newest first (a server stops before its database is dropped). */
async function removeAll() {
  for (const run of [...pending].reverse()) {
    await run().catch((error: unknown) => console.error("  cleaning up:", error));
  }
}

/**
 * Ends the process once everything still due is removed: on SIGINT, SIGTERM or an uncaught
 * error. A signal that comes again while removing is ignored: tsx passes a terminal's Ctrl-C
 * on to the script a second time, which would otherwise end it half-way.
 */
export function removeAllOnExit() {
  let ending = false;
  const end = (why: string, code: number) => {
    if (ending) return;
    ending = true;
    if (pending.size > 0)
      console.error(`${why}: removing the bench's scratch databases and folders…`);
    void removeAll().finally(() => process.exit(code));
  };
  process.on("SIGINT", () => end("SIGINT", 130));
  process.on("SIGTERM", () => end("SIGTERM", 143));
  process.on("uncaughtException", (error) => {
    console.error(error);
    end("failed", 1);
  });
}

import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The copies a request keeps on disk while it runs: a backup on its way to the owner's browser
 * (the whole database, unencrypted unless a passphrase was given), a statement being imported,
 * a backup being restored from the setup screen. Each is removed when its request ends; a
 * server killed meanwhile (kill -9, a crash, or a restart whose grace ran out during a long
 * download) left it behind for good. Their names carry the process id, so the next start can
 * tell a dead process's leftovers from the copies another live process is still using.
 */
export type TempKind = "backup" | "statement" | "restore";

const leftoverName = /^hexiao-(?:backup|statement|restore)-(\d+)-/;

/** `hexiao-<kind>-<pid>-…`: a name the start-up sweep knows. */
export function tempName(kind: TempKind): string {
  return `hexiao-${kind}-${process.pid}-`;
}

/** A new folder of this process's own for one request's copy (under `parent`, the system's temp folder by default). */
export function makeTempFolder(kind: TempKind, parent = tmpdir()): Promise<string> {
  return mkdtemp(path.join(parent, tempName(kind)));
}

/** Whether a process with this id runs (one of another user's counts: it is not ours to judge). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface SweepOptions {
  /** When this process started: a copy under its own id but older was a former holder's (a container restarted with the same pid). */
  startedAt?: Date;
  isRunning?: (pid: number) => boolean;
}

async function lastWrittenBefore(entry: string, at: Date): Promise<boolean> {
  const info = await stat(entry).catch(() => null);
  return info !== null && info.mtime < at;
}

/**
 * Removes, in each folder, the request copies of processes that no longer run; returns how
 * many. Nothing else in the folders is touched.
 */
export async function removeOrphanedTempFiles(
  folders: readonly string[],
  options: SweepOptions = {},
): Promise<number> {
  const startedAt = options.startedAt ?? new Date(Date.now() - process.uptime() * 1000);
  const running = options.isRunning ?? isRunning;
  let removed = 0;
  for (const folder of new Set(folders)) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const pid = Number(leftoverName.exec(name)?.[1] ?? NaN);
      if (!Number.isInteger(pid)) continue;
      const entry = path.join(folder, name);
      const orphaned =
        pid === process.pid ? await lastWrittenBefore(entry, startedAt) : !running(pid);
      if (!orphaned) continue;
      await rm(entry, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { and, desc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Engine } from "@/db/open";
import { backupRuns, backupSchedules, merchants } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { backupAvailability, otherShopCount } from "./backup-download.service";
import { dueSlot, nextSlot, scheduledFileName } from "./backup-schedule.logic";
import type { BackupScheduleInput } from "./backup.schema";
import { writeBackup, type TableSummary } from "./backup.service";
import { inspectBackup } from "./restore.service";

import type { BackupRun } from "./backup-runs.service";

/** What the schedule is when the owner has not set one: off. */
const defaultSchedule = { enabled: false, hour: 3, keep: 7 };

/** The install's schedule with the time zone of the shop that set it, or null when none is set. */
async function readSchedule(db: Db) {
  const [row] = await db
    .select({
      merchantId: backupSchedules.merchantId,
      enabled: backupSchedules.enabled,
      hour: backupSchedules.hour,
      keep: backupSchedules.keep,
      since: backupSchedules.since,
      timeZone: merchants.timeZone,
    })
    .from(backupSchedules)
    .innerJoin(merchants, eq(merchants.id, backupSchedules.merchantId));
  return row ?? null;
}

/**
 * The owner's view of the schedule: as set (or the default, off), when the next backup is
 * due (in UTC; shown in the shop's zone), and whether backups are encrypted.
 */
export async function backupScheduleStatus(
  db: Db,
  merchantId: string,
  opts: { encrypted: boolean; dir: string; now?: Date },
) {
  const [schedule, [shop]] = await Promise.all([
    readSchedule(db),
    db.select({ timeZone: merchants.timeZone }).from(merchants).where(eq(merchants.id, merchantId)),
  ]);
  const setting = schedule
    ? { enabled: schedule.enabled, hour: schedule.hour, keep: schedule.keep }
    : defaultSchedule;
  const timeZone = schedule?.timeZone ?? shop?.timeZone ?? "UTC";
  const nextAt = setting.enabled
    ? nextSlot(opts.now ?? new Date(), { hour: setting.hour, timeZone })
    : null;
  return { ...setting, timeZone, nextAt, encrypted: opts.encrypted, dir: opts.dir };
}

/** Settings → Backup: whether the owner may back up, and the schedule. */
export async function backupSettings(
  db: Db,
  merchantId: string,
  opts: { encrypted: boolean; dir: string },
) {
  const [availability, schedule] = await Promise.all([
    backupAvailability(db, merchantId),
    backupScheduleStatus(db, merchantId, opts),
  ]);
  return { ...availability, schedule };
}

/**
 * The owner sets the daily backup (hour in the shop's zone, how many to keep, on or off). Only
 * while the install holds no other shop than theirs (a backup holds every shop, as the
 * download). Audited. A saved hour applies from now: no backup is taken just by saving.
 */
export async function updateBackupSchedule(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: BackupScheduleInput,
  now = new Date(),
) {
  const others = await otherShopCount(db, merchantId);
  if (others > 0) {
    throw new DomainError(
      "CONFLICT",
      "backupSeveralShops",
      "This install holds other shops; a backup would hold them too",
      { count: others },
    );
  }
  const values = { ...input, merchantId, since: now, updatedBy: actor.userId, updatedAt: now };
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(backupSchedules);
    await tx
      .insert(backupSchedules)
      .values({ id: true, ...values })
      .onConflictDoUpdate({ target: backupSchedules.id, set: values });
    await recordAudit(tx, actor, {
      merchantId,
      action: "backup.schedule",
      entityType: "merchant",
      entityId: merchantId,
      before: before ? { enabled: before.enabled, hour: before.hour, keep: before.keep } : null,
      after: input,
    });
  });
}

const sameSummary = (a: TableSummary[], b: TableSummary[]) =>
  a.length === b.length &&
  a.every((t, i) => t.name === b[i]?.name && t.rows === b[i]?.rows && t.hash === b[i]?.hash);

export interface ScheduledBackupDeps {
  /** BACKUP_DIR: where scheduled backups are written and pruned. */
  dir: string;
  /** BACKUP_PASSPHRASE: encrypts them when set. */
  passphrase?: string;
  now?: Date;
}

/**
 * A run that started this long ago and never finished died with its process (a crash, a kill,
 * a power cut): its slot is taken again. Far beyond any backup's time (a million orders take
 * minutes), so a slow run is never taken twice.
 */
const staleRunMs = 3 * 60 * 60_000;

/**
 * Takes a slot for this instance: a new row unique per slot, or the row of a run that died
 * unfinished. Either is one statement, so of several instances exactly one gets it.
 */
async function claimSlot(
  db: Db,
  run: { slot: Date; fileName: string; encrypted: boolean },
  now: Date,
): Promise<{ id: string } | undefined> {
  const [fresh] = await db
    .insert(backupRuns)
    .values({ trigger: "scheduled", startedAt: now, ...run })
    .onConflictDoNothing({
      target: backupRuns.slot,
      where: sql`${backupRuns.trigger} = 'scheduled'`,
    })
    .returning({ id: backupRuns.id });
  if (fresh) return fresh;
  const [stale] = await db
    .update(backupRuns)
    .set({ startedAt: now, fileName: run.fileName, encrypted: run.encrypted })
    .where(
      and(
        eq(backupRuns.trigger, "scheduled"),
        eq(backupRuns.slot, run.slot),
        isNull(backupRuns.finishedAt),
        lt(backupRuns.startedAt, new Date(now.getTime() - staleRunMs)),
      ),
    )
    .returning({ id: backupRuns.id });
  return stale;
}

/**
 * The scheduled backup job (every few minutes, on every instance): when today's backup is due
 * and not taken yet, claims its slot (a row unique per slot: of several instances one takes
 * it; a run that died unfinished is taken again), writes the archive to BACKUP_DIR with the same writer as the download, reads it back
 * (every frame's checksum, each table's count and hash equal to what was written), records the
 * outcome, then deletes scheduled backups beyond the number kept — only files this job wrote
 * and recorded, never anything else in the folder. Returns the run, or null when none was due.
 */
export async function runScheduledBackup(
  open: { db: Db; engine: Engine },
  deps: ScheduledBackupDeps,
): Promise<BackupRun | null> {
  const { db } = open;
  const now = deps.now ?? new Date();
  const schedule = await readSchedule(db);
  if (!schedule?.enabled) return null;
  // The same rule as the download: a backup holds every shop, so only an install that is the
  // owner's alone is backed up on the owner's say.
  if ((await otherShopCount(db, schedule.merchantId)) > 0) return null;
  const slot = dueSlot(now, schedule);
  if (!slot) return null;
  const fileName = scheduledFileName(slot);
  const encrypted = deps.passphrase !== undefined;
  const claimed = await claimSlot(db, { slot, fileName, encrypted }, now);
  if (!claimed) return null;

  const file = path.join(deps.dir, fileName);
  const partial = `${file}.partial`;
  let outcome: Partial<BackupRun>;
  try {
    await mkdir(deps.dir, { recursive: true });
    // Written beside the target and renamed once whole: a failed run leaves no file that looks done.
    const written = await writeBackup(open, createWriteStream(partial), {
      passphrase: deps.passphrase,
    });
    await rename(partial, file);
    const { size } = await stat(file);
    const read = await inspectBackup(() => createReadStream(file), deps.passphrase);
    const verified = sameSummary(read.summary.tables, written);
    outcome = {
      ok: verified,
      verified,
      sizeBytes: size,
      error: verified ? null : "read back, the tables differ from what was written",
    };
  } catch (err) {
    await rm(partial, { force: true }).catch(() => undefined);
    outcome = {
      ok: false,
      verified: false,
      error: (err instanceof Error ? err.message : String(err)).slice(0, 300),
    };
  }
  const [run] = await db
    .update(backupRuns)
    .set({ ...outcome, finishedAt: new Date() })
    .where(eq(backupRuns.id, claimed.id))
    .returning();
  // Older backups go only once a newer one is known good.
  if (outcome.ok) await pruneScheduledBackups(db, deps.dir, schedule.keep);
  return run ?? null;
}

/** Deletes the files of good scheduled backups beyond the newest `keep`, marking their rows. */
async function pruneScheduledBackups(db: Db, dir: string, keep: number) {
  const beyond = await db
    .select({ id: backupRuns.id, fileName: backupRuns.fileName })
    .from(backupRuns)
    .where(
      and(
        eq(backupRuns.trigger, "scheduled"),
        eq(backupRuns.ok, true),
        isNull(backupRuns.prunedAt),
        isNotNull(backupRuns.fileName),
      ),
    )
    .orderBy(desc(backupRuns.slot))
    .offset(keep);
  for (const row of beyond) {
    // The name is ours (scheduledFileName), so it cannot reach outside the folder.
    if (row.fileName) await rm(path.join(dir, path.basename(row.fileName)), { force: true });
    await db.update(backupRuns).set({ prunedAt: new Date() }).where(eq(backupRuns.id, row.id));
  }
}

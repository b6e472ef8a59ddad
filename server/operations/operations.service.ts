import { eq, sql } from "drizzle-orm";
import { appliedMigration } from "@/db/migration-level";
import type { Engine } from "@/db/open";
import { merchants } from "@/db/schema";
import type { Db } from "@/db/types";
import { otherShopCount } from "@/server/backup/backup-download.service";
import { latestBackupRuns } from "@/server/backup/backup-runs.service";
import { backupScheduleStatus } from "@/server/backup/scheduled-backup.service";
import { jobsOverview } from "./job-runs.service";

/** What the operations page needs besides the database: how the server is configured. */
export interface OperationsConfig {
  engine: Engine;
  backupEncrypted: boolean;
  backupDir: string;
  now?: Date;
}

/**
 * The owner's operations page: the database (engine, size, schema version), the last backup
 * and its verification, the next scheduled one, and each background job's last run and
 * backlog. Install-wide figures: the router lets only an owner read them.
 */
export async function operationsOverview(db: Db, merchantId: string, config: OperationsConfig) {
  const now = config.now ?? new Date();
  const [sized, migration, backups, schedule, jobs, [shop], others] = await Promise.all([
    // pg_database_size answers on both engines (PGlite counts its data folder's files).
    db.execute(
      sql`select pg_database_size(current_database())::text as bytes`,
    ) as Promise<unknown> as Promise<{ rows: { bytes: string }[] }>,
    appliedMigration(db),
    latestBackupRuns(db),
    backupScheduleStatus(db, merchantId, {
      encrypted: config.backupEncrypted,
      dir: config.backupDir,
      now,
    }),
    jobsOverview(db, config.engine, now),
    db.select({ timeZone: merchants.timeZone }).from(merchants).where(eq(merchants.id, merchantId)),
    otherShopCount(db, merchantId),
  ]);
  // A job's error may name another shop's order or address: its text is shown only when the
  // install is this owner's alone (as a backup is); the time and outcome are public anyway.
  const shared = others > 0;
  return {
    timeZone: shop?.timeZone ?? "UTC",
    database: {
      engine: config.engine,
      sizeBytes: Number(sized.rows[0]?.bytes ?? 0),
      migration: migration?.tag ?? null,
    },
    sharedInstall: shared,
    backup: { ...backups, schedule },
    jobs: shared ? jobs.map((j) => ({ ...j, error: null })) : jobs,
  };
}

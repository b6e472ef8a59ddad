import { desc, eq } from "drizzle-orm";
import { backupRuns } from "@/db/schema";
import type { Db } from "@/db/types";

export type BackupRun = typeof backupRuns.$inferSelect;

/** The last backup of any kind, and the last scheduled one (its verification is what counts). */
export async function latestBackupRuns(db: Db) {
  const [[last], [lastScheduled]] = await Promise.all([
    db.select().from(backupRuns).orderBy(desc(backupRuns.startedAt)).limit(1),
    db
      .select()
      .from(backupRuns)
      .where(eq(backupRuns.trigger, "scheduled"))
      .orderBy(desc(backupRuns.startedAt))
      .limit(1),
  ]);
  return { last: last ?? null, lastScheduled: lastScheduled ?? null };
}

/** A backup taken outside the schedule (a download, `npm run backup`), for the operations page. */
export async function recordBackupRun(
  db: Db,
  run: Pick<BackupRun, "trigger" | "startedAt" | "fileName" | "sizeBytes" | "encrypted"> & {
    ok: boolean;
    error?: string | null;
  },
) {
  await db.insert(backupRuns).values({ ...run, finishedAt: new Date(), verified: false });
}

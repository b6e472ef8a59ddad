import { eq, sql } from "drizzle-orm";
import { auditPending, jobRuns } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordJobRun } from "./job-runs.service";

/** How often the statistics are refreshed: once a day. */
export const analyzeEveryMs = 24 * 60 * 60_000;

/**
 * Refreshes the planner's statistics (`ANALYZE`) when the last refresh is a day old. For the
 * embedded engine: PGlite runs no autovacuum, so without this the statistics stay as they were
 * when the tables were small and the planner keeps choosing plans for small tables (PostgreSQL
 * does it by itself). The audit queue is vacuumed with it: every row queued there is deleted
 * again within a moment (server/audit/audit-chainer.service.ts), and without a VACUUM the space
 * of those dead rows would never be used again, so the file would grow by every audit row ever
 * written. Recorded as the `analyze` job's run; a check that finds it not due records
 * nothing, so the run's time is the last refresh. Returns whether it ran.
 */
export async function analyzeWhenDue(db: Db, now = new Date()): Promise<boolean> {
  const [last] = await db
    .select({ finishedAt: jobRuns.finishedAt, ok: jobRuns.ok })
    .from(jobRuns)
    .where(eq(jobRuns.job, "analyze"));
  if (last?.ok && now.getTime() - last.finishedAt.getTime() < analyzeEveryMs) return false;
  await recordJobRun(
    db,
    "analyze",
    async () => {
      await db.execute(sql`analyze`);
      await db.execute(sql`vacuum ${auditPending}`);
      return 1;
    },
    () => now,
  );
  return true;
}

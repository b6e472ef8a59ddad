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
 * nothing, so the run's time is the last refresh, and analyses only the tables that have grown
 * since (`analyzeGrownTables`). Returns whether the whole refresh ran.
 */
export async function analyzeWhenDue(db: Db, now = new Date()): Promise<boolean> {
  const [last] = await db
    .select({ finishedAt: jobRuns.finishedAt, ok: jobRuns.ok })
    .from(jobRuns)
    .where(eq(jobRuns.job, "analyze"));
  if (last?.ok && now.getTime() - last.finishedAt.getTime() < analyzeEveryMs) {
    await analyzeGrownTables(db);
    return false;
  }
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

/**
 * Between the daily refreshes, a table that has grown much since its statistics were taken
 * (twice its pages, and at least 8 pages more) is analysed on its own, as PostgreSQL's
 * autovacuum would. A new shop's tables start empty: a plan chosen for an empty table (a
 * voucher found by reading all of the shop's issued vouchers instead of by its code) would
 * otherwise stay until the next day's refresh. Reads only the catalogue; returns the tables.
 */
export async function analyzeGrownTables(db: Db): Promise<string[]> {
  const { rows } = (await db.execute(sql`
    select c.oid::regclass::text as name
    from pg_class c
    where c.relkind = 'r'
      and c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
      and pg_relation_size(c.oid) / current_setting('block_size')::int
        >= greatest(2 * c.relpages, c.relpages + 8)`)) as unknown as {
    rows: { name: string }[];
  };
  // The names come from the catalogue as regclass prints them: quoted where they must be.
  for (const { name } of rows) await db.execute(sql`analyze ${sql.raw(name)}`);
  return rows.map((r) => r.name);
}

import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { analyzeWhenDue } from "./analyze.service";
import { listJobRuns } from "./job-runs.service";

const { db } = setupTestDatabase();

describe(`nightly ANALYZE (${engine})`, () => {
  it("refreshes the statistics once a day, recording the run", async () => {
    const day0 = new Date("2026-06-01T02:00:00Z");
    expect(await analyzeWhenDue(db, day0)).toBe(true);
    const rows = (await db.execute(
      sql`select count(*)::int as n from pg_stat_user_tables where last_analyze is not null`,
    )) as unknown as { rows: { n: number }[] };
    expect(rows.rows[0]?.n).toBeGreaterThan(10);
    expect(await analyzeWhenDue(db, new Date("2026-06-01T23:00:00Z"))).toBe(false);
    expect(await analyzeWhenDue(db, new Date("2026-06-02T02:00:00Z"))).toBe(true);
    const [vacuumed] = (
      (await db.execute(
        sql`select vacuum_count::int as n from pg_stat_user_tables where relname = 'audit_pending'`,
      )) as unknown as { rows: { n: number }[] }
    ).rows;
    expect(vacuumed?.n).toBeGreaterThan(0);
    const [run] = (await listJobRuns(db)).filter((r) => r.job === "analyze");
    expect(run).toMatchObject({ ok: true, items: 1, finishedAt: new Date("2026-06-02T02:00:00Z") });
  });
});

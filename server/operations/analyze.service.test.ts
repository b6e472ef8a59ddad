import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { analyzeGrownTables, analyzeWhenDue } from "./analyze.service";
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

  it("analyses a table that has grown much between the daily refreshes, and only that one", async () => {
    await db.execute(sql`create table grown_probe (id int primary key, note text)`);
    expect(await analyzeWhenDue(db, new Date("2026-07-01T02:00:00Z"))).toBe(true);
    expect(await analyzeGrownTables(db)).toEqual([]);
    await db.execute(
      sql`insert into grown_probe select g, repeat('x', 40) from generate_series(1, 5000) g`,
    );
    expect(await analyzeWhenDue(db, new Date("2026-07-01T03:00:00Z"))).toBe(false);
    const [probe] = (
      (await db.execute(
        sql`select reltuples::int as n from pg_class where relname = 'grown_probe'`,
      )) as unknown as { rows: { n: number }[] }
    ).rows;
    expect(probe?.n).toBe(5000);
    expect(await analyzeGrownTables(db)).toEqual([]);
    await db.execute(sql`drop table grown_probe`);
  });
});

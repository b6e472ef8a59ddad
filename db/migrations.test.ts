import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkHealth } from "@/server/health/health.service";
import { engine, setupTestDatabase } from "@/test/db";

describe(`migrations (${engine})`, () => {
  const database = setupTestDatabase();

  it("creates every table of the schema", async () => {
    const rows = await database.opened.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const names = (rows as unknown as { rows: { table_name: string }[] }).rows.map(
      (r) => r.table_name,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        "users",
        "sessions",
        "accounts",
        "verifications",
        "merchants",
        "stores",
        "memberships",
        "audit_log",
        "sign_in_throttles",
      ]),
    );
  });

  it("reports the schema as current on the engine it runs on", async () => {
    const health = await checkHealth(database.opened.db, database.opened.engine);
    expect(health).toEqual({
      status: "ok",
      db: engine,
      migrations: "current",
    });
  });
});

import { is, sql } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";

/** Every table db/schema declares, with its columns: what the migrations must have created. */
const declared = Object.values(schema as Record<string, unknown>)
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => {
    const config = getTableConfig(table);
    return {
      name: config.name,
      schema: config.schema ?? "public",
      // The database is opened with casing "snake_case": unnamed columns take their key, in snake case.
      columns: config.columns.map((c) => (c.keyAsName ? toSnakeCase(c.name) : c.name)).sort(),
    };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

describe(`migrations (${engine})`, () => {
  const database = setupTestDatabase();

  async function rowsOf<T>(query: ReturnType<typeof sql>) {
    const result = await database.opened.db.execute(query);
    return (result as unknown as { rows: T[] }).rows;
  }

  it("finds the schema's tables to check", () => {
    expect(declared.length).toBeGreaterThan(20);
    expect(new Set(declared.map((t) => t.name)).size).toBe(declared.length);
  });

  it("creates every table of the schema", async () => {
    const names = (
      await rowsOf<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      )
    ).map((r) => r.table_name);
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
        "throttles",
      ]),
    );
    expect(names).toEqual(expect.arrayContaining(declared.map((t) => t.name)));
  });

  it.each(declared)("creates $name with every column the schema declares", async (table) => {
    const columns = (
      await rowsOf<{ column_name: string }>(
        sql`select column_name from information_schema.columns
            where table_schema = ${table.schema} and table_name = ${table.name}`,
      )
    )
      .map((r) => r.column_name)
      .sort();
    expect(columns).toEqual(table.columns);
  });

  it("indexes every foreign key to rows that are ever deleted", async () => {
    // Deleting a row makes the database find its referencing rows by each foreign key; without
    // an index that is a scan of the referencing table per deleted row, and rows are deleted in
    // bulk (a failed import's lines, a shop's history when the demo data is removed or a
    // practice shop reset): a 55,000-line import beside 150,000 differences held the embedded
    // database for over ten minutes. Rows of these tables are never deleted: kept or switched off.
    const kept = ["users", "merchants", "stores", "payment_methods", "guides", "promotions"];
    const unindexed = await rowsOf<{ key: string }>(sql`
      select c.conrelid::regclass::text || '.' || a.attname || ' → ' || c.confrelid::regclass::text as key
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f'
        and c.confrelid::regclass::text not in (${sql.join(
          kept.map((name) => sql`${name}`),
          sql`, `,
        )})
        and not exists (
          select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]
        )
      order by 1`);
    expect(unindexed.map((r) => r.key)).toEqual([]);
  });
});

import { is, sql } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { knownMigrations } from "@/db/migration-level";
import { engine, openTestDatabase, setupTestDatabase } from "@/test/db";

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

describe(`the migration to fee amounts per currency (${engine})`, () => {
  // A database taken through every migration from empty up to the one before (no migrated
  // template holds an older schema): slow on a busy machine.
  it(
    "gives each currency a method takes the amounts it had, so no fee changes",
    { timeout: 600_000 },
    async () => {
      const migrations = knownMigrations();
      const at = migrations.findIndex((m) => m.tag === "0047_method-fees-per-currency");
      const older = await openTestDatabase({ migrate: false });
      try {
        await older.migrate(migrations[at - 1]!.when);
        const run = (query: ReturnType<typeof sql>) => older.db.execute(query);
        const merchantId = crypto.randomUUID();
        await run(sql`insert into merchants (id, name) values (${merchantId}, 'Old shop')`);
        const methods = [
          // One set of minor units for yen and yuan: each keeps it, as it was charged.
          ["Two currencies", "{JPY,CNY}", 30, 50, null],
          ["Rate only", "{CNY}", 0, null, null],
          // Never accepted by the form, yet stored: it always charged the maximum, and still does.
          ["Min above max", "{USD}", 0, 500, 100],
        ] as const;
        for (const [label, currencies, fixed, min, max] of methods) {
          await run(sql`insert into payment_methods
            (merchant_id, kind, label, currencies, fee_rate_bps, fee_fixed_minor, fee_min_minor, fee_max_minor)
            values (${merchantId}, 'sandbox', ${label}, ${currencies}::text[], 60, ${fixed}, ${min}, ${max})`);
        }
        await older.migrate();
        const rows = (
          (await run(sql`select m.label, f.currency, f.fixed_minor::int as fixed,
              f.min_minor::int as min, f.max_minor::int as max
            from payment_method_fees f join payment_methods m on m.id = f.method_id
            order by m.label, f.currency`)) as unknown as { rows: unknown[] }
        ).rows;
        expect(rows).toEqual([
          { label: "Min above max", currency: "USD", fixed: 0, min: 100, max: 100 },
          { label: "Rate only", currency: "CNY", fixed: 0, min: null, max: null },
          { label: "Two currencies", currency: "CNY", fixed: 30, min: 50, max: null },
          { label: "Two currencies", currency: "JPY", fixed: 30, min: 50, max: null },
        ]);
      } finally {
        await older.close();
      }
    },
  );
});

import { is, sql } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import * as schema from "@/db/schema";
import type { DbOrTx } from "@/db/types";

/**
 * Lets today's code seed a database migrated only part way, as the upgrade tests set up what a
 * migration finds. Drizzle's inserts name every column of today's tables, so a column some
 * later migration adds (`merchants.rollups_stale_since`, say) made any seed touching that table
 * fail before the migration under test even ran. Each table the database has gets the columns
 * of today's it lacks (nullable, without constraints, an enum's as text) until `takeBack()`,
 * called before migrating on: the migrations that follow find every table as the earlier ones
 * left it.
 */
export async function lendTodaysColumns(db: DbOrTx): Promise<{ takeBack(): Promise<void> }> {
  const { rows } = (await db.execute(
    sql`select table_name as "table", column_name as "column" from information_schema.columns
        where table_schema = 'public'`,
  )) as unknown as { rows: { table: string; column: string }[] };
  const tables = new Set(rows.map((r) => r.table));
  const present = new Set(rows.map((r) => `${r.table}.${r.column}`));
  const added: [table: string, column: string][] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const { name, columns } = getTableConfig(value);
    if (!tables.has(name)) continue;
    for (const column of columns) {
      // The database is opened with casing "snake_case": an unnamed column's key, in snake case.
      const columnName = column.keyAsName ? toSnakeCase(column.name) : column.name;
      if (present.has(`${name}.${columnName}`)) continue;
      const type = column.columnType === "PgEnumColumn" ? "text" : column.getSQLType();
      await db.execute(
        sql`alter table ${sql.identifier(name)} add column ${sql.identifier(columnName)} ${sql.raw(type)}`,
      );
      added.push([name, columnName]);
    }
  }
  return {
    async takeBack() {
      for (const [table, column] of added) {
        await db.execute(
          sql`alter table ${sql.identifier(table)} drop column ${sql.identifier(column)}`,
        );
      }
    },
  };
}

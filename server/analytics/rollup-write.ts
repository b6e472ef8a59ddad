import { getTableName, sql, type SQL } from "drizzle-orm";
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { writeAtCommit } from "@/db/commit-hooks";
import { definedOnly, statementTemplatesByShape } from "@/db/statement-template";
import type { Tx } from "@/db/types";

/** Roll-up rows of one key a shop's concurrent transactions spread over (see `stripe` in db/schema/analytics.ts). */
export const rollupStripes = 8;

/**
 * The stripe of the transaction's connection. Connections are not shared by two transactions
 * at once, and a pool's few connections have distinct backend ids, so concurrent payments
 * mostly add to different rows; the embedded engine's one connection always gets the same.
 */
const connectionStripe = sql`(pg_backend_pid() % ${sql.raw(String(rollupStripes))})::smallint`;

interface RollupShape {
  /** The key columns without the stripe. */
  key: PgColumn[];
  /** Everything else but the stripe. */
  counters: PgColumn[];
  /** The upsert's conflict target: the key with the stripe. */
  target: PgColumn[];
}

/**
 * Shapes worked out once per table: getTableConfig rebuilds the table's column and key lists
 * on every call, which on the payment path (three roll-ups a success) was measurable CPU.
 */
const shapes = new WeakMap<PgTable, RollupShape>();

/** A roll-up's key columns without the stripe, and its counters: everything else. */
export function rollupShape(table: PgTable): RollupShape {
  const known = shapes.get(table);
  if (known) return known;
  const { primaryKeys, columns } = getTableConfig(table);
  const key = (primaryKeys[0]?.columns ?? []).filter((c) => c.name !== "stripe");
  const keyNames = new Set(key.map((c) => c.name));
  const counters = columns.filter((c) => !keyNames.has(c.name) && c.name !== "stripe");
  const target = [...key, ...columns.filter((c) => c.name === "stripe")];
  const shape = { key, counters, target };
  shapes.set(table, shape);
  return shape;
}

/** A column's name in the database (the schema's keys are camelCase, the database's snake_case). */
export const columnName = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `col = <table>.col + excluded.col` for each counter: the commutative upsert. */
function addExcluded(table: PgTable, counters: string[]): Record<string, SQL> {
  return Object.fromEntries(
    counters.map((k) => {
      const column = sql.identifier(columnName(k));
      return [k, sql`${table}.${column} + excluded.${column}`];
    }),
  );
}

/**
 * Adds `counts` to the roll-up row of `key` (its full key: every key column's value), at the
 * end of the transaction (writeAtCommit, in the order of `orderKey`). Additions commute, so
 * concurrent transactions never lose a count whatever order they commit in.
 */
export async function addToRollup<T extends PgTable>(
  tx: Tx,
  table: T,
  orderKey: string,
  key: Partial<T["$inferInsert"]>,
  counts: Partial<T["$inferInsert"]>,
) {
  const [keyValues, countValues] = [definedOnly(key), definedOnly(counts)];
  const shape = {
    table,
    columns: Object.keys(keyValues).sort(),
    counters: Object.keys(countValues).sort(),
  };
  await writeAtCommit(tx, orderKey, () =>
    upsertRollup(tx, shape, { ...keyValues, ...countValues }),
  );
}

/** The upsert of a roll-up row, one template per table and set of columns given. */
const upsertRollup = statementTemplatesByShape(
  "upsert_rollup",
  (shape: { table: PgTable; columns: string[]; counters: string[] }) =>
    [getTableName(shape.table), ...shape.columns, "+", ...shape.counters].join(","),
  (db, _, { table, columns, counters }) =>
    db
      .insert(table)
      .values({
        ...Object.fromEntries([...columns, ...counters].map((k) => [k, sql.placeholder(k)])),
        stripe: connectionStripe,
      })
      .onConflictDoUpdate({ target: rollupShape(table).target, set: addExcluded(table, counters) }),
);

import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/types";

/** A raw catalogue query's rows: both drivers answer `{ rows }`. */
async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export const tableRef = (name: string) => sql`${sql.identifier("public")}.${sql.identifier(name)}`;

/**
 * Tables of the install's own upkeep, which belong to its migrations rather than its data, as
 * drizzle's journal does: `data_steps` is filled by the migrations that call for a step, so a
 * restore's target has its rows already (and a backup's would collide with them). A restored
 * database thus runs its data steps again at its next start; each step is written to be run
 * again safely (server/operations/data-steps.ts).
 */
const upkeepTables = ["data_steps"];

/**
 * The application's tables (schema `public`) but its upkeep's, each after every table it
 * references, so rows loaded in this order never wait for a parent. Ties go by name, so the
 * order is stable.
 */
export async function tablesInForeignKeyOrder(db: DbOrTx): Promise<string[]> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and c.relname not in (${sql.join(
            upkeepTables.map((t) => sql`${t}`),
            sql`, `,
          )})
        order by c.relname`,
  );
  const edges = await rows<{ child: string; parent: string }>(
    db,
    sql`select c.relname as child, p.relname as parent from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where k.contype = 'f' and n.nspname = 'public' and k.conrelid <> k.confrelid`,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  for (const e of edges) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.find(
      (t) => !placed.has(t.name) && [...(parents.get(t.name) ?? [])].every((p) => placed.has(p)),
    );
    if (!ready) throw new Error("The tables' foreign keys form a cycle: no load order exists");
    ordered.push(ready.name);
    placed.add(ready.name);
  }
  return ordered;
}

/** The columns a row is loaded into (generated columns compute themselves). */
export async function insertableColumns(db: DbOrTx, table: string): Promise<string[]> {
  const found = await rows<{ name: string }>(
    db,
    sql`select attname as name from pg_attribute
        where attrelid = (quote_ident('public') || '.' || quote_ident(${table}))::regclass
          and attnum > 0 and not attisdropped and attgenerated = ''
        order by attnum`,
  );
  return found.map((c) => c.name);
}

/** Whether any application table holds a row. */
export async function hasAnyRow(db: DbOrTx): Promise<string | null> {
  for (const table of await tablesInForeignKeyOrder(db)) {
    const [row] = await rows<{ found: boolean }>(
      db,
      sql`select exists (select 1 from ${tableRef(table)}) as found`,
    );
    if (row?.found) return table;
  }
  return null;
}

/**
 * Moves every serial or identity sequence of the application's tables past the largest value
 * loaded, so the next row the app inserts gets a fresh number.
 */
export async function resetSequences(db: DbOrTx): Promise<void> {
  const owned = await rows<{ table: string; column: string; sequence: string }>(
    db,
    sql`select c.relname as table, a.attname as column, s.oid::regclass::text as sequence
        from pg_depend d join pg_class s on s.oid = d.objid and s.relkind = 'S'
        join pg_class c on c.oid = d.refobjid
        join pg_attribute a on a.attrelid = c.oid and a.attnum = d.refobjsubid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and d.deptype in ('a', 'i')`,
  );
  for (const s of owned) {
    await db.execute(
      sql`select setval(${s.sequence}::regclass, coalesce(max(${sql.identifier(s.column)}), 0) + 1, false)
          from ${tableRef(s.table)}`,
    );
  }
}

/** The text each row is backed up as and hashed by: the same on both engines (in UTC). */
export const rowTextQuery = (table: string) =>
  sql`select to_jsonb(t)::text as r from ${tableRef(table)} as t`;

/**
 * Reads a query's rows in batches through a cursor, so a table of millions never sits in
 * memory. Must run inside a transaction (a cursor lives in one).
 */
export async function* cursorBatches<T>(
  tx: DbOrTx,
  name: string,
  query: SQL,
  batch = 2000,
): AsyncGenerator<T[]> {
  await tx.execute(sql`declare ${sql.identifier(name)} no scroll cursor for ${query}`);
  try {
    for (;;) {
      const found = await rows<T>(
        tx,
        sql`fetch forward ${sql.raw(String(batch))} from ${sql.identifier(name)}`,
      );
      if (found.length === 0) return;
      yield found;
    }
  } finally {
    // After a failed statement the transaction is aborted and rolls back, cursor and all.
    await tx.execute(sql`close ${sql.identifier(name)}`).catch(() => undefined);
  }
}

import { eq, getTableName, sql, type SQLChunk } from "drizzle-orm";
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import {
  beforeCommitPart,
  commitOrder,
  defersToCommit,
  GatheredPerTransaction,
} from "@/db/commit-hooks";
import {
  doneWith,
  runStatementParts,
  type PartPlace,
  type StatementPart,
} from "@/db/statement-parts";
import { definedOnly } from "@/db/statement-template";
import type { Tx } from "@/db/types";
import { merchants } from "@/db/schema";

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

/** A roll-up row to add to, as addToRollup was given it. */
interface RollupAddition {
  table: PgTable;
  orderKey: string;
  key: Record<string, unknown>;
  counts: Record<string, unknown>;
  /** The shop's time zone the key's day (and hour) were worked out in. */
  zone: string;
}

const additionsOf = new GatheredPerTransaction<RollupAddition>();

/**
 * Adds `counts` to the roll-up row of `key` (its full key: every key column's value), at the
 * end of the transaction, where all of its roll-up additions are one part of a statement
 * (rollupsPart), the first of its commit's (commitOrder). `orderKey` names the row (table and
 * key) and orders it among the others. Additions commute, so concurrent transactions never lose
 * a count whatever order they commit in. Done at once in a transaction not opened through
 * installCommitHooks. `zone` is the shop's time zone the key's day and hour were worked out in:
 * should the shop have another by the commit, the roll-ups are marked for a rebuild (zoneGuard).
 */
export async function addToRollup<T extends PgTable>(
  tx: Tx,
  table: T,
  orderKey: string,
  key: Partial<T["$inferInsert"]> & { merchantId: string },
  counts: Partial<T["$inferInsert"]>,
  zone: string,
) {
  const addition = { table, orderKey, key: definedOnly(key), counts: definedOnly(counts), zone };
  if (!defersToCommit(tx)) return runStatementParts(tx, [rollupsPart([addition])]);
  if (additionsOf.add(tx, addition)) beforeCommitPart(tx, gatheredPart, commitOrder.rollups);
}

const gatheredPart = (tx: Tx) => rollupsPart(additionsOf.take(tx));

/** A value as JSON gives it to json_populate_recordset (JSON has no bigint: its digits). */
const jsonValue = (v: unknown) => (typeof v === "bigint" ? v.toString() : v);

/**
 * Every addition in one part of a statement: per table (in the order of their names) one INSERT
 * of its rows, those of one row summed, in the order of their orderKey. So every transaction
 * locks the roll-up rows it adds to in one order (table, then row), and two that touch the same
 * two rows cannot deadlock. The statements of a WITH run in no guaranteed order: each table's
 * waits for the previous table's to be done (its count, a one-time filter run before the
 * insert reads its rows), the first for the parts before it (db/statement-parts.ts).
 */
function rollupsPart(additions: RollupAddition[]): StatementPart {
  const zones = new Map<string, { merchant_id: unknown; zone: string }>();
  for (const { key, zone } of additions)
    zones.set(`${String(key.merchantId)}|${zone}`, { merchant_id: key.merchantId, zone });
  const byTable = new Map<string, { table: PgTable; rows: Map<string, Record<string, unknown>> }>();
  for (const { table, orderKey, key, counts } of additions) {
    const name = getTableName(table);
    let entry = byTable.get(name);
    if (!entry) byTable.set(name, (entry = { table, rows: new Map() }));
    let row = entry.rows.get(orderKey);
    if (!row) entry.rows.set(orderKey, (row = { ...key }));
    for (const [k, v] of Object.entries(counts)) {
      row[k] = BigInt((row[k] as bigint | number | undefined) ?? 0) + BigInt(v as bigint | number);
    }
  }
  const byName = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : 1);
  const tables = [...byTable].sort(byName).map(([, entry]) => entry);
  const values: Record<string, string> = {
    zones: JSON.stringify([...zones.values()].sort((a, b) => (a.zone < b.zone ? -1 : 1))),
  };
  tables.forEach(({ rows }, i) => {
    const sorted = [...rows]
      .sort(byName)
      .map(([, row]) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [columnName(k), jsonValue(v)])),
      );
    values[`rows${i}`] = JSON.stringify(sorted);
  });
  const names = tables.map(({ table }) => getTableName(table));
  const upserted = tables.map(({ table }) => table);
  return {
    shape: `rollups:${names.join(",")}`,
    values,
    build: (place) => upsertCtes(upserted, place),
  };
}

/**
 * The part's first CTEs: the shops' rows, locked FOR KEY SHARE (which every other transaction's
 * takes too, and only a roll-up rebuild's FOR UPDATE refuses: rebuildStaleRollups), so the
 * additions wait for a rebuild running and a rebuild waits for them; and, where a shop's zone is
 * no longer the one the additions were bucketed in (changed since this transaction read it),
 * its roll-ups marked stale, for the rebuild that puts them right. A locking read sees the row
 * as last committed, not as the statement's snapshot had it: a zone changed while this waited
 * is seen.
 */
function zoneGuardCtes({ value, cte, after }: PartPlace) {
  const shops = cte("shops");
  const marked = cte("stale");
  return {
    ctes: [
      sql`${shops} as materialized (
        select m.id, m.time_zone <> z.zone as moved
        from json_to_recordset(${value("zones")}::json) as z(merchant_id uuid, zone text)
        join ${merchants} m on m.id = z.merchant_id
        where ${after}
        order by m.id
        for key share of m)`,
      sql`${marked} as (
        update ${merchants} set rollups_stale_since = clock_timestamp()
        where id in (select id from ${shops} where moved) and ${doneWith(shops)}
        returning 1)`,
    ],
    last: marked,
  };
}

/**
 * The shop's time zone, read under the same FOR KEY SHARE of its row that zoneGuardCtes takes:
 * for a roll-up written at once rather than at commit (satisfaction's, in the customer's answer).
 * Taken before the roll-up row is touched, the lock orders the write against a zone's rebuild
 * as the guard does (the rebuild waits for it, or it waits for the rebuild), and the zone read
 * under it is the one the shop has until the transaction ends: no moved-zone mark is needed.
 */
export async function lockShopZone(tx: Tx, merchantId: string): Promise<string> {
  const [shop] = await tx
    .select({ timeZone: merchants.timeZone })
    .from(merchants)
    .where(eq(merchants.id, merchantId))
    .for("key share");
  if (!shop) throw new Error(`no shop ${merchantId}`);
  return shop.timeZone;
}

function upsertCtes(tables: PgTable[], place: PartPlace) {
  const { cte } = place;
  const guard = zoneGuardCtes(place);
  const step = (i: number) => cte(`rollup${i}`);
  const ctes = tables.map((table, i) => {
    const { key, counters, target } = rollupShape(table);
    const name = (c: PgColumn) => sql.identifier(columnName(c.name));
    const list = (cs: SQLChunk[]) => sql.join(cs, sql`, `);
    // A counter the additions did not name adds 0 (the rows come as JSON: absent is null).
    const values = [
      ...key.map((c) => sql`r.${name(c)}`),
      ...counters.map((c) => sql`coalesce(r.${name(c)}, 0)`),
    ];
    const afterPrevious = doneWith(i === 0 ? guard.last : step(i - 1));
    return sql`${step(i)} as (
      insert into ${table} (${list([...key, ...counters].map(name))}, stripe)
      select ${list(values)}, ${connectionStripe}
      from json_populate_recordset(null::${table}, ${place.value(`rows${i}`)}::json) with ordinality as r
      where ${afterPrevious}
      order by r.ordinality
      on conflict (${list(target.map(name))}) do update
      set ${list(counters.map((c) => sql`${name(c)} = ${table}.${name(c)} + excluded.${name(c)}`))}
      returning 1)`;
  });
  return { ctes: [...guard.ctes, ...ctes], last: step(tables.length - 1) };
}

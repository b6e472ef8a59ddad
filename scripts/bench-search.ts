// Order search at volume, for `npm run bench -- --search-only`: the demo café with N orders
// written set-based by the database itself (generate_series: a million rows in seconds, where
// the demo history generator takes minutes), then listOrders timed with each kind of query the
// search box takes, p95 of 20 calls, and the plans PostgreSQL chose for the list's statements.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { openDatabase, type DatabaseTarget } from "@/db/open";
import type { Db } from "@/db/types";
import { selectRows } from "@/server/analytics/rollup.service";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { findDemoShop } from "@/server/demo/history";
import { listOrders } from "@/server/payments/order.service";
import { formatCode, generateCode } from "@/server/vouchers/voucher-code.logic";
import { below, only } from "./bench-targets";

const runs = 20;
/** The limit the order list asks for. */
const pageSize = 50;

/** What the bench's orders are for: common names (one order in a few) and a rare one. */
const itemNames = [
  "Oat latte 燕麦拿铁",
  "Americano 美式咖啡",
  "Butter croissant 黄油可颂",
  "Jasmine tea 茉莉花茶",
  "Flat white 澳白",
  "Cheesecake 芝士蛋糕",
  "Matcha latte 抹茶拿铁",
  "Cold brew 冷萃",
  "Egg tart 蛋挞",
  "Mocha 摩卡",
];
/** One order in this many also has the rare item. */
const rareEvery = 5000;
const rareItem = "Osmanthus oolong 桂花乌龙";

export function p95(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

/**
 * `orders` paid orders over the 90 days before today, a request with a provider transaction id
 * each, a voucher for one in ten; numbers as the app writes them (local day + sequence).
 */
async function seedOrders(db: Db, orders: number) {
  const shop = await findDemoShop(db);
  const wallet = shop.methods.find((m) => m.kind !== "cash") ?? shop.methods[0]!;
  const perDay = Math.ceil(orders / 90);
  const names = sql`(array[${sql.join(
    itemNames.map((n) => sql`${n}`),
    sql`, `,
  )}]::text[])`;
  // The trigram indexes are built once after the rows rather than row by row (minutes at 1M):
  // dropped here and made again below from their own definitions.
  const trigram = await selectRows<{ name: string; definition: string }>(
    db,
    sql`select indexname as name, indexdef as definition from pg_indexes
      where tablename = 'orders' and indexdef like '%gin_trgm_ops%'`,
  );
  for (const { name } of trigram) await db.execute(sql`drop index ${sql.identifier(name)}`);
  await db.execute(sql`
    insert into orders (merchant_id, store_id, number, status, channel, currency, amount_minor,
      items_text, created_at, updated_at, paid_at)
    select ${shop.id}, ${shop.storeIds[0]!}::uuid,
      to_char(day, 'YYYYMMDD') || '-' || lpad(seq::text, greatest(4, length(seq::text)), '0'), 'paid', 'in_store', 'CNY',
      1000 + (g * 37) % 9000,
      ${names}[1 + g % ${itemNames.length}] || E'\n' || ${names}[1 + (g / 7) % ${itemNames.length}]
        || case when g % ${rareEvery} = 0 then E'\n' || ${rareItem} else '' end,
      at, at, at
    from (
      select g, (g - 1) % ${perDay} + 1 as seq,
        current_date - 91 + (g - 1) / ${perDay} as day,
        (current_date - 91 + (g - 1) / ${perDay})::timestamptz
          + ((g - 1) % ${perDay}) * (interval '1 second' * ${Math.floor(86_400 / perDay)}) as at
      from generate_series(1, ${orders}) g
    ) s
    on conflict do nothing`);
  await db.execute(sql`
    insert into payment_attempts (merchant_id, order_id, method_id, method_kind, token, status,
      amount_minor, currency, provider_txn_id, expires_at, succeeded_at, created_at, updated_at)
    select merchant_id, id, ${wallet.id}::uuid, ${wallet.kind}, md5(id::text), 'succeeded',
      amount_minor, currency, '4200' || to_char(created_at, 'YYYYMMDD') || substr(md5(number), 1, 12),
      created_at + interval '15 minutes', created_at, created_at, created_at
    from orders where merchant_id = ${shop.id} and items_text <> ''`);
  await db.execute(sql`
    insert into vouchers (merchant_id, order_id, code, value_minor, currency, uses_total, uses_left,
      created_at, updated_at)
    select merchant_id, id, 'BENCH' || upper(substr(md5(id::text), 1, 12)), amount_minor, currency,
      1, 1, created_at, created_at
    from orders
    where merchant_id = ${shop.id} and items_text <> '' and amount_minor % 10 = 0`);
  for (const { definition } of trigram) await db.execute(sql.raw(definition));
  await db.execute(sql`analyze orders, payment_attempts, vouchers`);
  return shop.id;
}

/** One order near the middle of the history, given a real (check-charactered) voucher code. */
async function sampleOrder(db: Db, merchantId: string) {
  const [order] = await selectRows<{ id: string; number: string; txn: string }>(
    db,
    sql`select o.id, o.number, a.provider_txn_id as txn from orders o
      join payment_attempts a on a.order_id = o.id
      where o.merchant_id = ${merchantId} and o.items_text <> ''
      order by o.created_at limit 1 offset (select count(*) / 2 from orders)`,
  );
  const code = generateCode((n) => randomBytes(n));
  await db.execute(sql`
    insert into vouchers (merchant_id, order_id, code, value_minor, currency, uses_total, uses_left)
    select merchant_id, id, ${code}, amount_minor, currency, 1, 1 from orders where id = ${order!.id}
    on conflict (order_id) do update set code = excluded.code`);
  return { ...order!, code };
}

/** The statements listOrders sends, captured from a second connection with a query logger. */
export function capturingDb(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const statements: { query: string; params: unknown[] }[] = [];
  const db = drizzle({
    client: pool,
    casing: "snake_case",
    logger: { logQuery: (query, params) => statements.push({ query, params }) },
  }) as unknown as Db;
  return { db, pool, statements, close: () => pool.end() };
}

/**
 * Drops a scratch database, unless BENCH_KEEP_DATABASE is set: then it is left (and named) for
 * iterating on the queries at volume without seeding again — drop it by hand when done.
 */
export async function disposeUnlessKept(scratch: {
  target: DatabaseTarget;
  dispose: () => Promise<void> | void;
}) {
  if (!process.env.BENCH_KEEP_DATABASE) return scratch.dispose();
  console.log(`  kept: ${"url" in scratch.target ? scratch.target.url : scratch.target.pgliteDir}`);
}

/** p95 (ms) per kind of query at one volume, plus the plans on PostgreSQL. */
export async function benchSearchAt(
  orders: number,
  target: () => Promise<{ target: DatabaseTarget; dispose: () => Promise<void> | void }>,
  key: Buffer,
) {
  const scratch = await target();
  const opened = await openDatabase(scratch.target);
  try {
    const db = opened.db;
    await seedDemoIfEmpty(db, key);
    const seeding = performance.now();
    const merchantId = await seedOrders(db, orders);
    console.log(
      `  seeded ${orders.toLocaleString("en-US")} orders in ${Math.round((performance.now() - seeding) / 1000)} s`,
    );
    return await searchFigures(db, scratch.target, merchantId);
  } finally {
    await opened.close();
    await disposeUnlessKept(scratch);
  }
}

/** p95 (ms) per kind of query over a seeded database, and the plans on PostgreSQL. */
export async function searchFigures(db: Db, target: DatabaseTarget, merchantId: string) {
  const sample = await sampleOrder(db, merchantId);
  const queries: Record<string, string> = {
    // A fragment of the number across the day and the sequence, as read off a receipt.
    number: sample.number.slice(4, 12),
    itemRare: "桂花乌",
    itemCommon: "croissant",
    providerTxn: sample.txn,
    voucher: formatCode(sample.code).toLowerCase(),
    nothing: "espresso tonic",
  };
  const result: Record<string, number> = {};
  for (const [name, q] of Object.entries(queries)) {
    for (let i = 0; i < 3; i++) await listOrders(db, merchantId, { q, limit: pageSize });
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await listOrders(db, merchantId, { q, limit: pageSize });
      samples.push(performance.now() - started);
    }
    result[`search.${name}.p95_ms`] = Math.round(p95(samples) * 10) / 10;
  }
  if ("url" in target) await printPlans(target.url, merchantId, queries);
  return result;
}

/** EXPLAIN ANALYZE of every statement one listOrders call sends, for each query. */
async function printPlans(url: string, merchantId: string, queries: Record<string, string>) {
  const capturing = capturingDb(url);
  try {
    for (const [name, q] of Object.entries(queries)) {
      capturing.statements.length = 0;
      await listOrders(capturing.db, merchantId, { q, limit: pageSize });
      const sent = [...capturing.statements];
      console.log(`  search plan, ${name} (${JSON.stringify(q)}):`);
      for (const { query, params } of sent) {
        const plan = await capturing.pool.query(`explain (analyze, costs off) ${query}`, params);
        const lines = (plan.rows as Record<string, string>[]).map((r) => Object.values(r)[0]);
        console.log(`    ${lines.join("\n    ")}`);
      }
    }
  } finally {
    await capturing.close();
  }
}

/** Issue #20's target for every search.* figure: < 50 ms at 1M orders on PostgreSQL. */
export function searchTargets(
  engine: "pglite" | "postgres",
  orders: number,
  figures: Record<string, number>,
) {
  const target = only(
    engine === "postgres" && orders >= 1_000_000,
    "at 1M orders on PostgreSQL",
    below(50, " ms"),
  );
  return Object.fromEntries(Object.keys(figures).map((figure) => [figure, target]));
}

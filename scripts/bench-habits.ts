// Customers' payment habits at volume, for `npm run bench -- --habits-only`: the demo café
// with N paid orders of M recognised customers, written set-based by the database itself
// (generate_series) together with the customer roll-ups the payments would have kept, then
// analytics.customers timed (p95 of 20 calls) and the plans PostgreSQL chose for its statements.
import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseTarget } from "@/db/open";
import type { Db } from "@/db/types";
import { customerHabitsView } from "@/server/analytics/analytics.service";
import { analyticsFilters } from "@/server/analytics/analytics.schema";
import { selectRows } from "@/server/analytics/rollup.service";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { findDemoShop } from "@/server/demo/history";
import { rebuildCustomerRollups } from "@/server/customers/customer-rollups.service";
import { capturingDb, p95 } from "./bench-search";
import { below, only } from "./bench-targets";

const runs = 20;

/**
 * `orders` paid orders over the 90 days before today: each customer's first order first (one
 * per customer), the rest from half of the customers (a repeat rate of 50 %). One returning
 * customer in four pays with another method than their first (a switch), half of those on a
 * wallet promotion's discount line; the roll-ups are what the payments would have kept.
 */
async function seedHabits(db: Db, orders: number, customers: number) {
  const shop = await findDemoShop(db);
  const methods = shop.methods.map((m) => m.id);
  const wallet = shop.methods.find((m) => m.kind !== "cash") ?? shop.methods[0]!;
  const ids = sql`(array[${sql.join(
    methods.map((m) => sql`${m}`),
    sql`, `,
  )}]::uuid[])`;
  const n = methods.length;
  const perDay = Math.ceil(orders / 90);
  // One row per order to be: its customer (by index), method, amount and time.
  await db.execute(sql`drop table if exists bench_paid`);
  await db.execute(sql`
    create unlogged table bench_paid as
    select g, c, gen_random_uuid() as order_id,
      case when g <= ${customers} or c % 4 <> 0 then ${ids}[1 + c % ${n}]
        else ${ids}[1 + (c + 1) % ${n}] end as method_id,
      1000 + (g * 37) % 9000 as amount_minor,
      (current_date - 91 + (g - 1) / ${perDay})::timestamptz
        + ((g - 1) % ${perDay}) * (interval '1 second' * ${Math.floor(86_400 / perDay)}) as at,
      to_char(current_date - 91 + (g - 1) / ${perDay}, 'YYYYMMDD') || '-'
        || lpad(((g - 1) % ${perDay} + 1)::text, 6, '0') as number
    from (
      select g, case when g <= ${customers} then g
        else 1 + ((g::bigint * 7919) % ${Math.max(1, Math.floor(customers / 2))})::int end as c
      from generate_series(1, ${orders}) g
    ) s`);
  await db.execute(sql`drop table if exists bench_customer`);
  await db.execute(sql`
    create unlogged table bench_customer as
    select c, gen_random_uuid() as id, count(*)::int as orders, min(at) as first_at,
      max(at) as last_at, (array_agg(method_id order by g))[1] as first_method,
      (array_agg(order_id order by g) filter (where g > ${customers} and c % 4 = 0))[1] as switched_order
    from bench_paid group by c`);
  await db.execute(sql`
    insert into customers (id, merchant_id, key_hash, first_method_id, first_seen_at,
      last_seen_at, orders)
    select id, ${shop.id}, md5('bench' || c) || md5('habits' || c), first_method, first_at,
      last_at, orders from bench_customer`);
  await db.execute(sql`
    insert into orders (id, merchant_id, store_id, number, status, channel, currency,
      amount_minor, created_at, updated_at, paid_at, customer_id)
    select p.order_id, ${shop.id}, ${shop.storeIds[0]!}::uuid, p.number, 'paid', 'in_store', 'CNY',
      p.amount_minor, p.at, p.at, p.at, c.id
    from bench_paid p join bench_customer c using (c)`);
  await db.execute(sql`
    update customers c set switched_order_id = b.switched_order, switched_at = p.at,
      switched_to_method_id = p.method_id
    from bench_customer b join bench_paid p on p.order_id = b.switched_order
    where c.id = b.id`);
  // Half of the switches were priced by a wallet promotion: a consumed discount line each.
  const [promo] = await selectRows<{ id: string }>(
    db,
    sql`
    insert into promotions (merchant_id, name, currency, any_wallet, starts_on, ends_on, benefit,
      amount_off_minor, budget_minor, spent_minor)
    values (${shop.id}, 'Bench wallet week', 'CNY', true, current_date - 91, current_date, 'amount_off',
      500, 1000000000, 0)
    returning id`,
  );
  await db.execute(sql`
    insert into payment_attempts (merchant_id, order_id, method_id, method_kind, token, status,
      amount_minor, currency, expires_at, succeeded_at, created_at, updated_at)
    select ${shop.id}, p.order_id, p.method_id, ${wallet.kind}, md5(p.order_id::text), 'succeeded',
      p.amount_minor, 'CNY', p.at + interval '15 minutes', p.at, p.at, p.at
    from bench_customer b join bench_paid p on p.order_id = b.switched_order
    where b.c % 8 = 0`);
  await db.execute(sql`
    insert into promotion_holds (merchant_id, promotion_id, order_id, attempt_id, amount_minor, status)
    select ${shop.id}, ${promo!.id}::uuid, a.order_id, a.id, 500, 'consumed'
    from payment_attempts a where a.merchant_id = ${shop.id}`);
  await db.execute(sql`
    insert into customer_method_totals (customer_id, merchant_id, method_id, currency, orders, amount_minor)
    select c.id, ${shop.id}, p.method_id, 'CNY', count(*), sum(p.amount_minor)
    from bench_paid p join bench_customer c using (c) group by c.id, p.method_id`);
  await db.execute(sql`
    insert into customer_daily_rollups (merchant_id, currency, day, method_id, is_returning, orders, amount_minor)
    select ${shop.id}, 'CNY', (at at time zone ${shop.timeZone})::date, method_id, g > ${customers},
      count(*), sum(amount_minor)
    from bench_paid group by 3, 4, 5
    on conflict do nothing`);
  await db.transaction((tx) => rebuildCustomerRollups(tx, shop.id));
  await db.execute(sql`drop table bench_paid`);
  await db.execute(sql`drop table bench_customer`);
  await db.execute(
    sql`analyze customers, orders, customer_method_totals, customer_daily_rollups, promotion_holds,
      customer_first_method_rollups, customer_lifetime_rollups, customer_switch_rollups`,
  );
  return shop.id;
}

/** habits.<period>.p95_ms for analytics.customers, plus the plans on PostgreSQL. */
export async function benchHabitsAt(
  orders: number,
  customers: number,
  target: () => Promise<{ target: DatabaseTarget; dispose: () => Promise<void> | void }>,
  key: Buffer,
) {
  const scratch = await target();
  const opened = await openDatabase(scratch.target);
  try {
    const db = opened.db;
    await seedDemoIfEmpty(db, key);
    const seeding = performance.now();
    const merchantId = await seedHabits(db, orders, customers);
    console.log(
      `  seeded ${orders.toLocaleString("en-US")} orders of ${customers.toLocaleString("en-US")} customers in ${Math.round((performance.now() - seeding) / 1000)} s`,
    );
    const periods = { "30d": "30d", "90d": "90d" } as const;
    const result: Record<string, number> = {};
    for (const [name, preset] of Object.entries(periods)) {
      const input = analyticsFilters.parse({ preset, currency: "CNY" });
      for (let i = 0; i < 3; i++) await customerHabitsView(db, merchantId, input);
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await customerHabitsView(db, merchantId, input);
        samples.push(performance.now() - started);
      }
      result[`habits.customers.${name}.p95_ms`] = Math.round(p95(samples) * 10) / 10;
    }
    if ("url" in scratch.target) await printPlans(scratch.target.url, merchantId);
    return result;
  } finally {
    await opened.close();
    await scratch.dispose();
  }
}

/** EXPLAIN ANALYZE of every statement one analytics.customers call sends (30 days). */
async function printPlans(url: string, merchantId: string) {
  const capturing = capturingDb(url);
  try {
    await customerHabitsView(
      capturing.db,
      merchantId,
      analyticsFilters.parse({ preset: "30d", currency: "CNY" }),
    );
    for (const { query, params } of [...capturing.statements]) {
      const plan = await capturing.pool.query(`explain (analyze, costs off) ${query}`, params);
      const lines = (plan.rows as Record<string, string>[]).map((r) => Object.values(r)[0]);
      console.log(`  habits plan:\n    ${query}\n    ${lines.join("\n    ")}`);
    }
  } finally {
    await capturing.close();
  }
}

/** Issue #19's target for every habits.* figure: < 200 ms at 1M orders of 200k customers on PostgreSQL. */
export function habitsTargets(
  engine: "pglite" | "postgres",
  orders: number,
  customers: number,
  figures: Record<string, number>,
) {
  const target = only(
    engine === "postgres" && orders >= 1_000_000 && customers >= 200_000,
    "at 1M orders of 200k customers on PostgreSQL",
    below(200, " ms"),
  );
  return Object.fromEntries(Object.keys(figures).map((figure) => [figure, target]));
}

// Analytics latency against order volume: the demo café seeded with N orders of history (its
// roll-ups rebuilt), then every analytics procedure timed through its service, p95 of 30 calls.
// Part of `npm run bench`; the ratio between the largest and the smallest volume is the point:
// the procedures read only the roll-ups, so cost should grow with days × methods, not orders.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { merchants } from "@/db/schema";
import { openDatabase, type DatabaseTarget } from "@/db/open";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { findDemoShop, seedDemoHistory } from "@/server/demo/history";
import type { Db } from "@/db/types";
import {
  beforeAfter,
  compareMethods,
  overview,
  trafficHeatmap,
  whatIfFees,
} from "@/server/analytics/analytics.service";
import { selectRows } from "@/server/analytics/rollup.service";
import { rebuildStaleRollups } from "@/server/analytics/rollup-rebuild.service";
import { failureAnalytics } from "@/server/failures/failure-analytics.service";
import { homeSummary } from "@/server/home/home.service";
import { atMost, below, only, shown, verdict, type Target } from "./bench-targets";
import { capturingDb, disposeUnlessKept } from "./bench-search";

const runs = 30;

function p95(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

async function time(fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return Math.round(p95(samples) * 10) / 10;
}

/** The plan of the overview's period query: it must touch the roll-up table only. */
async function overviewPlan(db: Db, merchantId: string) {
  const rows = await selectRows<Record<string, string>>(
    db,
    sql`explain select sum(r.paid_orders), sum(r.gross_minor) from payment_daily_rollups r
      where r.merchant_id = ${merchantId} and r.currency = 'CNY'
        and r.day between (current_date - 30) and current_date`,
  );
  return rows.map((r) => Object.values(r)[0]).join("\n");
}

/** p95 per procedure at one volume, in a fresh database made by `target()`. */
export async function benchAnalyticsAt(orders: number, target: Scratch, key: Buffer) {
  const scratch = await target();
  const opened = await openDatabase(scratch.target);
  try {
    await seedDemoIfEmpty(opened.db, key);
    const seeded = performance.now();
    await seedDemoHistory(opened.db, { orders, days: 90, seed: "bench" });
    console.log(
      `  seeded ${orders.toLocaleString("en-US")} orders in ${Math.round((performance.now() - seeded) / 1000)} s`,
    );
    const procedures = await analyticsFigures(opened.db, scratch.target);
    return { procedures, zoneRebuildMs: await timeZoneRebuild(opened.db) };
  } finally {
    await opened.close();
    await disposeUnlessKept(scratch);
  }
}

/**
 * The background job's rebuild of the demo café's roll-ups after its zone changed (Settings
 * marks them, rebuildStaleRollups moves them): ms, once. The shop's roll-up writes wait for it.
 */
async function timeZoneRebuild(db: Db) {
  const shop = await findDemoShop(db);
  await db
    .update(merchants)
    .set({ timeZone: "America/New_York", rollupsStaleSince: new Date() })
    .where(eq(merchants.id, shop.id));
  const started = performance.now();
  await rebuildStaleRollups(db);
  const ms = Math.round(performance.now() - started);
  console.log(`  zone change: the roll-ups rebuilt in ${ms} ms`);
  return ms;
}

/** Every analytics procedure of the demo café on `db`, called as its page calls it. */
function proceduresOf(db: Db, shop: Awaited<ReturnType<typeof findDemoShop>>) {
  const [first, second] = shop.methods;
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const adoptedOn = daysAgo(30);
  const filters = { preset: "30d" as const };
  const procedures: Record<string, () => Promise<unknown>> = {
    overview: () => overview(db, shop.id, filters),
    compareMethods: () => compareMethods(db, shop.id, filters),
    beforeAfter: () => beforeAfter(db, shop.id, { methodId: first!.id, adoptedOn, days: 30 }),
    whatIfFees: () =>
      whatIfFees(db, shop.id, {
        filters: { preset: "90d" },
        targetMethodId: (second ?? first)!.id,
      }),
    traffic: () => trafficHeatmap(db, shop.id, { preset: "90d" }),
    failures90d: () => failureAnalytics(db, shop.id, { from: daysAgo(89), to: daysAgo(0) }),
    // Home, per role: the roll-ups plus small indexed ranges (today's orders, open alerts).
    homeOwner: () => homeSummary(db, { merchantId: shop.id, userId: shop.ownerId, role: "owner" }),
    homeCashier: () =>
      homeSummary(db, { merchantId: shop.id, userId: shop.cashierIds[0]!, role: "staff" }),
    homeAnalyst: () =>
      homeSummary(db, { merchantId: shop.id, userId: shop.ownerId, role: "analyst" }),
  };
  return procedures;
}

/** p95 per procedure over a seeded database; on PostgreSQL also each one's database time. */
export async function analyticsFigures(db: Db, target: DatabaseTarget) {
  const shop = await findDemoShop(db);
  const result: Record<string, number> = {};
  for (const [name, fn] of Object.entries(proceduresOf(db, shop))) result[name] = await time(fn);
  const plan = await overviewPlan(db, shop.id);
  if (/payment_attempts|orders/.test(plan))
    console.error(`  overview plan reads raw rows:\n${plan}`);
  const [{ rows } = { rows: 0 }] = await selectRows<{ rows: number }>(
    db,
    sql`select count(*)::int as rows from payment_daily_rollups`,
  );
  console.log(
    `  ${rows} daily roll-up rows; overview plan:\n    ${plan.replaceAll("\n", "\n    ")}`,
  );
  if ("url" in target) await printDatabaseTimes(target.url, shop);
  return result;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements one call of each procedure sends: their summed
 * execution time (the database's share of the p95, which on a busy machine is mostly waiting
 * for a core) and the plan of the slowest. Reads only: anything but a select is left alone.
 */
async function printDatabaseTimes(url: string, shop: Awaited<ReturnType<typeof findDemoShop>>) {
  const capturing = capturingDb(url);
  try {
    for (const [name, fn] of Object.entries(proceduresOf(capturing.db, shop))) {
      capturing.statements.length = 0;
      await fn();
      const plans: { ms: number; lines: string[] }[] = [];
      for (const { query, params } of [...capturing.statements]) {
        if (!/^\s*(select|with)\b/i.test(query)) continue;
        const plan = await capturing.pool.query(
          `explain (analyze, buffers, costs off) ${query}`,
          params,
        );
        const lines = (plan.rows as Record<string, string>[]).map((r) => Object.values(r)[0]!);
        const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1) ?? "")?.[1] ?? 0);
        plans.push({ ms, lines });
      }
      const total = plans.reduce((sum, p) => sum + p.ms, 0);
      const slowest = plans.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, lines: [] });
      console.log(
        `  ${name}: database ${total.toFixed(1)} ms over ${plans.length} statements; the slowest:\n    ${slowest.lines.join("\n    ")}`,
      );
    }
  } finally {
    await capturing.close();
  }
}

type Scratch = () => Promise<{ target: DatabaseTarget; dispose: () => Promise<void> | void }>;

/**
 * analytics.<procedure>.p95_ms@<orders> at each volume (smallest first), largest ÷ smallest per
 * procedure, and issue #20's targets for them: at 1M orders on PostgreSQL, p95 < 100 ms and
 * ≤ 1.5× the p95 at 10k.
 */
export async function benchAnalyticsAcross(
  engine: "pglite" | "postgres",
  volumes: number[],
  scratch: Scratch,
) {
  const figures: Record<string, number> = {};
  const byVolume: Record<string, number>[] = [];
  for (const orders of volumes) {
    console.log(`${engine}: analytics at ${orders.toLocaleString("en-US")} orders…`);
    const { procedures: at, zoneRebuildMs } = await benchAnalyticsAt(
      orders,
      scratch,
      randomBytes(32),
    );
    byVolume.push(at);
    figures[`analytics.zoneRebuild.ms@${orders}`] = zoneRebuildMs;
    for (const [name, ms] of Object.entries(at)) figures[`analytics.${name}.p95_ms@${orders}`] = ms;
  }
  const [smallest, largest] = [byVolume[0]!, byVolume.at(-1)!];
  const [fewest, most] = [volumes[0]!, volumes.at(-1)!];
  const at1M = engine === "postgres" && most >= 1_000_000;
  const p95Target = only(at1M, "at 1M orders on PostgreSQL", below(100, " ms"));
  const ratioTarget = only(
    at1M && fewest === 10_000,
    "at 1M ÷ 10k on PostgreSQL",
    atMost(1.5, "×"),
  );
  const targets: Record<string, Target> = {};
  /** One row per procedure: its p95 at each volume, then the ratio, each beside its target. */
  const rows: Record<string, Record<string, number | string>> = {};
  for (const name of Object.keys(smallest)) {
    const ratio = Math.round((largest[name]! / smallest[name]!) * 100) / 100;
    figures[`analytics.${name}.ratio`] = ratio;
    targets[`analytics.${name}.p95_ms@${most}`] = p95Target;
    targets[`analytics.${name}.ratio`] = ratioTarget;
    rows[name] = {
      ...Object.fromEntries(volumes.map((orders, i) => [`p95 ms @${orders}`, byVolume[i]![name]!])),
      target: p95Target.target,
      met: shown(verdict(p95Target, largest[name]!)),
      ratio,
      ratio_target: ratioTarget.target,
      ratio_met: shown(verdict(ratioTarget, ratio)),
    };
  }
  return { figures, targets, rows };
}

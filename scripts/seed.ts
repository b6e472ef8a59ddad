// `npm run seed -- --orders N [--days D] [--fresh] [--seed-random S] [--batch B]`: generates
// the demo café's order history in the configured database (DATABASE_URL, else the embedded
// one in DATA_DIR), creating the demo merchant first if the database is empty.
import { parseArgs } from "node:util";
import { configuredDatabase, openDatabase } from "@/db/open";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { seedDemoHistory, type HistorySummary } from "@/server/demo/history";
import { env } from "@/env";
import { getSecrets } from "@/server/config/secrets";
import { formatMinor } from "@/server/money/currency";

const usage =
  "Usage: npm run seed -- --orders N [--days D (90)] [--fresh] [--seed-random S] [--batch B (5000)]";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw.replaceAll("_", ""));
  if (!Number.isSafeInteger(n) || n < 1) fail(`--${name} must be a whole number from 1.\n${usage}`);
  return n;
}

let args;
try {
  args = parseArgs({
    options: {
      orders: { type: "string" },
      days: { type: "string" },
      fresh: { type: "boolean", default: false },
      "seed-random": { type: "string" },
      batch: { type: "string" },
    },
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${usage}`);
}
const orders = positiveInt("orders", args.orders) ?? fail(usage);
const days = positiveInt("days", args.days) ?? 90;
const batchSize = positiveInt("batch", args.batch);

const target = configuredDatabase(env);
const where =
  "url" in target
    ? `PostgreSQL ${new URL(target.url).host}${new URL(target.url).pathname}`
    : `PGlite in ${target.pgliteDir}`;

const number = (n: number) => n.toLocaleString("en-US");
const rate = (n: number, ms: number) => number(Math.round(n / (ms / 1000)));

/** The database's own message: a failed bulk statement's error would print every parameter. */
function shortError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

const opened = await openDatabase(target).catch((err: unknown) => fail(shortError(err)));
try {
  if (await seedDemoIfEmpty(opened.db, getSecrets().encryptionKey))
    console.log("Created the demo merchant.");
  console.log(
    `Seeding ${number(orders)} orders over ${days} days into ${where}` +
      `${args.fresh ? ", replacing the demo merchant's orders" : ""}…`,
  );
  let lastPrint = 0;
  const summary = await seedDemoHistory(opened.db, {
    orders,
    days,
    fresh: args.fresh,
    seed: args["seed-random"],
    batchSize,
    onProgress: (p) => {
      if (p.elapsedMs - lastPrint < 2000 && p.orders < orders) return;
      lastPrint = p.elapsedMs;
      const percent = Math.floor((100 * p.orders) / orders);
      console.log(
        `  ${number(p.orders)} / ${number(orders)} orders (${percent}%) · ` +
          `${rate(p.orders, p.elapsedMs)} orders/s · ${rate(p.rows, p.elapsedMs)} rows/s`,
      );
    },
  });
  printSummary(summary);
} catch (err) {
  process.exitCode = 1;
  console.error(`Seeding failed: ${shortError(err)}`);
} finally {
  await opened.close();
}

function printSummary(s: HistorySummary) {
  const rows = s.orders + s.items + s.attempts;
  const share = (n: number, of: number) => `${number(n)} (${((100 * n) / of).toFixed(1)}%)`;
  const list = (counts: Record<string, number>, of: number) =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([key, n]) => `${key} ${share(n, of)}`)
      .join(" · ");
  if (s.deletedOrders > 0) {
    const seconds = (s.deleteMs / 1000).toFixed(1);
    console.log(`Deleted ${number(s.deletedOrders)} earlier orders in ${seconds} s.`);
  }
  console.log(
    `Done in ${(s.elapsedMs / 1000).toFixed(1)} s: ${number(s.orders)} orders, ` +
      `${number(s.items)} items, ${number(s.attempts)} payment attempts ` +
      `(${number(rows)} rows, ${rate(rows, s.elapsedMs)} rows/s).`,
  );
  console.log(`Orders: ${list(s.ordersByStatus, s.orders)}`);
  console.log("Attempts by method:");
  for (const [label, counts] of Object.entries(s.attemptsByMethod)) {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`  ${label}: ${number(total)} — ${list(counts, total)}`);
  }
  console.log(`Failure reasons: ${list(s.failuresByReason, s.attempts)}`);
  console.log(`Paid after a failed, expired or replaced request: ${number(s.recoveredOrders)}`);
  console.log(
    `Takings ${formatMinor(s.paidMinor, s.currency, "en")}, ` +
      `fees ${formatMinor(s.feeMinor, s.currency, "en")}, ` +
      `${number(s.refunds)} refunds of ${formatMinor(s.refundedMinor, s.currency, "en")}.`,
  );
}

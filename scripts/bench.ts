// `npm run bench [-- --notifications N] [--concurrency C]`: how fast signed sandbox
// notifications are applied through the built app (`next start`), against the same work done
// by calling receiveNotification in one process; on PGlite, and on PostgreSQL as well when
// BENCH_DATABASE_URL is set (a fresh database per run is created from it and dropped).
// A benchmark, not a test: it prints figures and writes bench-results.json.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os, { loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { openDatabase, type DatabaseTarget } from "@/db/open";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { findDemoShop } from "@/server/demo/history";
import { createScratchPostgres } from "@/test/scratch-postgres";
import type { Db } from "@/db/types";
import { sandboxSignatureHeader } from "@/server/connectors/sandbox/sandbox.connector";
import { auditKeyFrom } from "@/server/audit/audit.logic";
import { benchRedeem, checkRedemptions, prepareRedemptions } from "./bench-vouchers";
import { benchAnalyticsAt } from "./bench-analytics";
import { benchReconAt, reconTargets } from "./bench-recon";
import { benchBackupAt } from "./bench-backup";
import { benchRiskAt } from "./bench-risk";
import { benchHabitsAt } from "./bench-habits";
import { benchSearchAt } from "./bench-search";
import { bareNextKb, benchWeightAt } from "./bench-weight";
import {
  applyDirect,
  benchNotifyAt,
  check,
  deliverAll,
  notifyTargets,
  prepareDeliveries,
  range,
} from "./bench-notify";
import { buildIfNeeded, root } from "./build-if-needed.mjs";

type Engine = "pglite" | "postgres";

const { values: args } = parseArgs({
  options: {
    notifications: { type: "string", default: "2000" },
    /** Order volumes for the analytics latencies, smallest first (1000000 for the full check). */
    "analytics-orders": { type: "string", default: "10000,100000" },
    "analytics-only": { type: "boolean", default: false },
    /** With --analytics-only: one engine (seeding 1M orders into PGlite takes long). */
    "analytics-engine": { type: "string" },
    concurrency: { type: "string", default: "8" },
    redemptions: { type: "string", default: "200" },
    /** Lines of the generated WeChat Pay bill imported and matched against as many orders. */
    "recon-lines": { type: "string", default: "200000" },
    /** Only recon.*, on each engine (no build, no server). */
    "recon-only": { type: "boolean", default: false },
    /** Orders of history backed up and restored (backup.*). */
    "backup-orders": { type: "string", default: "100000" },
    /** Only backup.*, on each engine (no build, no server). */
    "backup-only": { type: "boolean", default: false },
    /** With --backup-only: one engine (a million orders are for PostgreSQL). */
    "backup-engine": { type: "string" },
    /** Orders of history the anomaly rules are evaluated over (risk.*; 1000000 for the full check). */
    "risk-orders": { type: "string", default: "100000" },
    /** Only risk.*, on each engine (no build, no server). */
    "risk-only": { type: "boolean", default: false },
    /** With --risk-only: one engine. */
    "risk-engine": { type: "string" },
    /** Orders the search is timed over (search.*; the target is for 1000000 on PostgreSQL). */
    "search-orders": { type: "string", default: "1000000" },
    /** Only search.*, on PostgreSQL when BENCH_DATABASE_URL is set, else PGlite (no build, no server). */
    "search-only": { type: "boolean", default: false },
    /** Orders and customers of the customer-habits analytics (habits.*; the target is for PostgreSQL). */
    "habits-orders": { type: "string", default: "1000000" },
    "habits-customers": { type: "string", default: "200000" },
    /** Only habits.*, on PostgreSQL when BENCH_DATABASE_URL is set, else PGlite (no build, no server). */
    "habits-only": { type: "boolean", default: false },
    /** Only redeem.* (builds the app if needed; a server on each engine). */
    "redeem-only": { type: "boolean", default: false },
    /** Only weight.* (builds the app if needed; a demo server on the embedded database). */
    "weight-only": { type: "boolean", default: false },
    /** Only notify.* and expiry.* (the HTTP path too, unless --notify-direct-only). */
    "notify-only": { type: "boolean", default: false },
    "notify-direct-only": { type: "boolean", default: false },
    /** Overdue requests the expiry job works through while notifications flow. */
    "notify-expiring": { type: "string", default: "10000" },
    /** With --notify-only: one engine. */
    "notify-engine": { type: "string" },
    /** With the page weights, Lighthouse's mobile scores of the pages it has targets for. */
    lighthouse: { type: "boolean", default: false },
  },
});
const total = Number(args.notifications);
const concurrency = Number(args.concurrency);
if (!Number.isSafeInteger(total) || total < 10 || !Number.isSafeInteger(concurrency)) {
  throw new Error("--notifications must be 10 or more, --concurrency a whole number");
}
/** One delivery in ten repeats an event already sent: providers retry, and we must apply once. */
const duplicates = Math.round(total / 10);
const unique = total - duplicates;

/** A fresh, empty database of the engine, with a data folder for the server, and its removal. */
async function scratchDatabase(engine: Engine) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hexiao-bench-"));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (engine === "pglite") {
    return { dataDir, target: { pgliteDir: path.join(dataDir, "pglite") }, dispose: removeDir };
  }
  const pg = await createScratchPostgres(process.env.BENCH_DATABASE_URL!, "hexiao_bench");
  return {
    dataDir,
    target: { url: pg.url },
    dispose: async () => {
      await pg.drop();
      removeDir();
    },
  };
}

/**
 * The demo café with `unique` open sandbox payment requests and each one's signed success
 * (scripts/bench-notify.ts); the sandbox method's private key is read from the database, which
 * is why this runs before the server opens it (PGlite admits one process).
 */
async function demoDeliveries(db: Db, key: Buffer) {
  await seedDemoIfEmpty(db, key);
  const shop = await findDemoShop(db);
  const method = shop.methods.find((m) => m.kind === "sandbox")!;
  return prepareDeliveries(
    db,
    {
      merchantId: shop.id,
      storeId: shop.storeIds[0]!,
      methodId: method.id,
      actor: { userId: shop.ownerId, ip: null, userAgent: "bench" },
      key,
    },
    unique,
    concurrency,
  );
}

function freePort(): Promise<number> {
  // BENCH_PORT: a port given by whoever shares the machine (several benches side by side).
  if (process.env.BENCH_PORT) return Promise.resolve(Number(process.env.BENCH_PORT));
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) a process has used so far, from /proc (Linux), in ms. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** `next start` on the scratch database, in its own process group, once /api/health answers. */
/** The audit key of the servers the bench starts, to verify the chains they wrote. */
const auditKeyHex = randomBytes(32).toString("hex");

async function startServer(
  dataDir: string,
  target: DatabaseTarget,
  key: Buffer,
  extraEnv: Record<string, string> = {},
) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    PORT: String(port),
    AUTH_SECRET: randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: key.toString("base64"),
    AUDIT_KEY: auditKeyHex,
  };
  for (const name of ["DATABASE_URL", "APP_URL", "INTERNAL_URL", "DEMO"]) delete env[name];
  const statementsFile = path.join(dataDir, "pg-statements");
  if ("url" in target) {
    env.DATABASE_URL = target.url;
    env.BENCH_PG_STATEMENTS_FILE = statementsFile;
    const counter = pathToFileURL(path.join(root, "scripts", "count-pg-statements.mjs"));
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --import ${counter.href}`.trim();
  }
  Object.assign(env, extraEnv);
  const logFile = path.join(dataDir, "server.log");
  const log = openSync(logFile, "a");
  const serve = path.join(root, "scripts", "serve.mjs");
  const child: ChildProcess = spawn(
    process.execPath,
    [serve, "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", log, log],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, "SIGTERM");
    const killer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited (${child.exitCode}):\n${readFileSync(logFile, "utf8")}`);
    }
    const healthy = await fetch(`${origin}/api/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) {
      /** The statements the server has sent PostgreSQL so far (undefined on PGlite). */
      const statements = async () => {
        if (!("url" in target)) return undefined;
        rmSync(statementsFile, { force: true });
        process.kill(child.pid!, "SIGUSR2");
        for (let i = 0; i < 250 && !existsSync(statementsFile); i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return Number(readFileSync(statementsFile, "utf8"));
      };
      return { origin, stop, cpuMs: () => processCpuMs(child.pid!), statements };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`/api/health did not answer in 120 s:\n${readFileSync(logFile, "utf8")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Through HTTP: fixtures first, then the server on the same database, then the checks. */
async function benchHttp(engine: Engine, key: Buffer) {
  const scratch = await scratchDatabase(engine);
  try {
    let opened = await openDatabase(scratch.target);
    const [prepared, redemptions] = await (async () => {
      const notices = await demoDeliveries(opened.db, key);
      return [notices, await prepareRedemptions(opened.db, Number(args.redemptions), 20)] as const;
    })().finally(() => opened.close());
    const server = await startServer(scratch.dataDir, scratch.target, key);
    let result;
    let redeemed;
    try {
      const url = `${server.origin}/api/webhooks/sandbox/${prepared.shop.methodId}`;
      // Warm-up, untimed: the server loads the route and its modules on the first requests.
      // These carry no valid signature: refused (401) and kept in the inbox as rejected.
      for (const _ of range(concurrency)) {
        await fetch(url, {
          method: "POST",
          headers: { [sandboxSignatureHeader]: "t=0" },
          body: "{}",
        });
      }
      result = await deliverAll(prepared, concurrency, async (body) => {
        const res = await fetch(url, { method: "POST", headers: prepared.headersFor(body), body });
        return res.ok && ((await res.json()) as { code?: string }).code === "SUCCESS";
      });
      redeemed = await benchRedeem(server.origin, redemptions, concurrency);
    } finally {
      await server.stop();
    }
    opened = await openDatabase(scratch.target);
    const [checked, doubleRedeemed] = await Promise.all([
      check(opened.db, prepared, auditKeyFrom(Buffer.from(auditKeyHex, "hex"))),
      checkRedemptions(opened.db, redemptions, redeemed.httpSuccesses),
    ]).finally(() => opened.close());
    return { ...result, ...checked, redeem: { ...redeemed, doubleRedeemed } };
  } finally {
    await scratch.dispose();
  }
}

/** The same deliveries applied by receiveNotification in this process: no HTTP, no server. */
async function benchDirect(engine: Engine, key: Buffer) {
  const scratch = await scratchDatabase(engine);
  const opened = await openDatabase(scratch.target);
  try {
    const prepared = await demoDeliveries(opened.db, key);
    const result = await deliverAll(prepared, concurrency, applyDirect(opened.db, prepared));
    return { ...result, ...(await check(opened.db, prepared)) };
  } finally {
    await opened.close();
    await scratch.dispose();
  }
}

/** redeem.*: the demo café's vouchers redeemed through the server (scripts/bench-vouchers.ts). */
async function benchRedeemOn(engine: Engine, key: Buffer, count: number) {
  const scratch = await scratchDatabase(engine);
  try {
    let opened = await openDatabase(scratch.target);
    const prepared = await seedDemoIfEmpty(opened.db, key)
      .then(() => prepareRedemptions(opened.db, count, 20))
      .finally(() => opened.close());
    const server = await startServer(scratch.dataDir, scratch.target, key);
    const redeemed = await benchRedeem(server.origin, prepared, concurrency, server).finally(() =>
      server.stop(),
    );
    opened = await openDatabase(scratch.target);
    const doubleRedeemed = await checkRedemptions(
      opened.db,
      prepared,
      redeemed.httpSuccesses,
    ).finally(() => opened.close());
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      "redeem.p50_ms": round(redeemed.p50),
      "redeem.p99_ms": round(redeemed.p99),
      "redeem.p99_target": "< 20 ms",
      "redeem.p99_met": redeemed.p99 < 20 ? "met" : "NOT MET",
      "redeem.per_s": round(redeemed.perSecond),
      "redeem.server_cpu_ms_per_redemption": round(redeemed.cpuMsPerRedemption ?? NaN),
      "redeem.statements_per_redemption": round(redeemed.statementsPerRedemption ?? NaN),
      "redeem.load": round(loadavg()[0]!),
      "redeem.double_redeemed": doubleRedeemed,
    };
  } finally {
    await scratch.dispose();
  }
}

const analyticsVolumes = args["analytics-orders"].split(",").map(Number);
if (analyticsVolumes.some((n) => !Number.isSafeInteger(n) || n < 100)) {
  throw new Error("--analytics-orders takes order counts from 100, comma-separated");
}

/** analytics.<procedure>.p95_ms at each volume, and largest ÷ smallest per procedure. */
async function benchAnalytics(engine: Engine) {
  const figures: Record<string, number> = {};
  const byVolume: Record<string, number>[] = [];
  for (const orders of analyticsVolumes) {
    console.log(`${engine}: analytics at ${orders.toLocaleString("en-US")} orders…`);
    const at = await benchAnalyticsAt(orders, () => scratchDatabase(engine), randomBytes(32));
    byVolume.push(at);
    for (const [name, ms] of Object.entries(at)) figures[`analytics.${name}.p95_ms@${orders}`] = ms;
  }
  const [smallest, largest] = [byVolume[0]!, byVolume.at(-1)!];
  for (const name of Object.keys(smallest)) {
    figures[`analytics.${name}.ratio`] = Math.round((largest[name]! / smallest[name]!) * 100) / 100;
  }
  return figures;
}

const reconLines = Number(args["recon-lines"]);
if (!Number.isSafeInteger(reconLines) || reconLines < 10)
  throw new Error("--recon-lines must be 10 or more");

/** recon.*: import + match of a generated WeChat Pay bill (target: < 20 s, < 300 MB). */
async function benchRecon(engine: Engine) {
  console.log(`${engine}: reconciliation of ${reconLines.toLocaleString("en-US")} lines…`);
  return benchReconAt(reconLines, () => scratchDatabase(engine), randomBytes(32));
}

const backupOrders = Number(args["backup-orders"]);
if (!Number.isSafeInteger(backupOrders) || backupOrders < 10)
  throw new Error("--backup-orders must be 10 or more");

/** backup.*: backup and restore of the demo café with N orders of history. */
async function benchBackup(engine: Engine) {
  console.log(`${engine}: backup and restore of ${backupOrders.toLocaleString("en-US")} orders…`);
  return benchBackupAt(backupOrders, () => scratchDatabase(engine), randomBytes(32));
}

const riskOrders = Number(args["risk-orders"]);
if (!Number.isSafeInteger(riskOrders) || riskOrders < 100)
  throw new Error("--risk-orders must be 100 or more");

/** risk.*: one pass of the anomaly rules over five busy minutes (target at 1M orders: < 1 s on PostgreSQL). */
async function benchRisk(engine: Engine) {
  console.log(`${engine}: anomaly rules over ${riskOrders.toLocaleString("en-US")} orders…`);
  return benchRiskAt(riskOrders, () => scratchDatabase(engine), randomBytes(32));
}

if (args["search-only"]) {
  const orders = Number(args["search-orders"]);
  const engine: Engine = process.env.BENCH_DATABASE_URL ? "postgres" : "pglite";
  console.log(`${engine}: order search over ${orders.toLocaleString("en-US")} orders…`);
  const figures = await benchSearchAt(orders, () => scratchDatabase(engine), randomBytes(32));
  const rows = Object.entries(figures).map(([figure, ms]) => ({
    figure,
    ms,
    target: "< 50 ms",
    met: ms < 50 ? "met" : "NOT MET",
  }));
  console.table(rows);
  writeFileSync(
    path.join(root, "bench-results.search.json"),
    `${JSON.stringify({ [engine]: figures }, null, 2)}\n`,
  );
  process.exit(0);
}

if (args["habits-only"]) {
  const orders = Number(args["habits-orders"]);
  const customers = Number(args["habits-customers"]);
  if (!Number.isSafeInteger(customers) || customers < 10 || orders < customers)
    throw new Error("--habits-customers must be 10 or more, and no more than --habits-orders");
  const engine: Engine = process.env.BENCH_DATABASE_URL ? "postgres" : "pglite";
  console.log(
    `${engine}: customer habits over ${orders.toLocaleString("en-US")} orders of ${customers.toLocaleString("en-US")} customers…`,
  );
  const figures = await benchHabitsAt(
    orders,
    customers,
    () => scratchDatabase(engine),
    randomBytes(32),
  );
  console.table(
    Object.entries(figures).map(([figure, ms]) => ({
      figure,
      ms,
      target: "< 200 ms",
      met: ms < 200 ? "met" : "NOT MET",
    })),
  );
  writeFileSync(
    path.join(root, "bench-results.habits.json"),
    `${JSON.stringify({ [engine]: figures }, null, 2)}\n`,
  );
  process.exit(0);
}

if (args["risk-only"]) {
  const results: Record<string, Record<string, number>> = {};
  const available: Engine[] = process.env.BENCH_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  const only = args["risk-engine"] as Engine | undefined;
  for (const engine of available.filter((e) => !only || e === only))
    results[engine] = await benchRisk(engine);
  console.table(results);
  writeFileSync(
    path.join(root, "bench-results.risk.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  process.exit(0);
}

if (args["backup-only"]) {
  const results: Record<string, Record<string, number>> = {};
  const available: Engine[] = process.env.BENCH_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  const only = args["backup-engine"] as Engine | undefined;
  for (const engine of available.filter((e) => !only || e === only))
    results[engine] = await benchBackup(engine);
  console.table(results);
  writeFileSync(
    path.join(root, "bench-results.backup.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  process.exit(0);
}

if (args["recon-only"]) {
  const results: Record<string, Record<string, number>> = {};
  const available: Engine[] = process.env.BENCH_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  for (const engine of available) {
    results[engine] = await benchRecon(engine);
    console.log(`${engine}:`);
    console.table(reconTargets(results[engine]));
  }
  writeFileSync(
    path.join(root, "bench-results.recon.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  process.exit(0);
}

if (args["analytics-only"]) {
  const results: Record<string, Record<string, number>> = {};
  const only = args["analytics-engine"] as Engine | undefined;
  const available: Engine[] = process.env.BENCH_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  for (const engine of available.filter((e) => !only || e === only))
    results[engine] = await benchAnalytics(engine);
  console.table(results);
  writeFileSync(
    path.join(root, "bench-results.analytics.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  process.exit(0);
}

if (args["notify-only"] && args["notify-direct-only"]) {
  await notifyOnly({});
  process.exit(process.exitCode ?? 0);
}

const built = await buildIfNeeded();
if (built !== 0) throw new Error(`next build failed (exit code ${built})`);

/**
 * weight.*: what a first visit downloads per page (scripts/bench-weight.ts), on a demo server
 * (its shop, methods and owner give the console pages something to show). Engine-independent.
 */
async function benchWeight() {
  console.log("pages: what a first visit downloads…");
  const scratch = await scratchDatabase("pglite");
  try {
    const server = await startServer(scratch.dataDir, scratch.target, randomBytes(32), {
      DEMO: "1",
    });
    try {
      return await benchWeightAt(server.origin, bareNextKb(root), {
        withLighthouse: args.lighthouse,
      });
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.dispose();
  }
}

if (args["redeem-only"]) {
  const results: Record<string, Record<string, number | string>> = {};
  const available: Engine[] = process.env.BENCH_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  for (const engine of available) {
    console.log(`${engine}: ${args.redemptions} redemptions, ${concurrency} cashiers at once…`);
    results[engine] = await benchRedeemOn(engine, randomBytes(32), Number(args.redemptions));
  }
  console.table(results);
  writeFileSync(
    path.join(root, "bench-results.redeem.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  process.exit(0);
}

if (args["weight-only"]) {
  const pages = await benchWeight();
  console.log(`a bare Next.js page: ${pages.figures["weight.bare_next_kb"]} KB of script (gzip)`);
  console.table(pages.rows);
  if (pages.lighthouse) console.table(pages.lighthouse);
  writeFileSync(
    path.join(root, "bench-results.weight.json"),
    `${JSON.stringify(pages.figures, null, 2)}\n`,
  );
  process.exit(0);
}

/** notify.* on each engine with their targets (scripts/bench-notify.ts); `http`: through HTTP, by engine. */
async function notifyOnly(http: Partial<Record<Engine, { perSecond: number; p99: number }>>) {
  const available: Engine[] = process.env.BENCH_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  const results: Record<string, Record<string, number>> = {};
  const only = args["notify-engine"] as Engine | undefined;
  for (const engine of available.filter((e) => !only || e === only)) {
    const run = await benchNotifyAt({
      engine,
      scratch: () => scratchDatabase(engine),
      notifications: total,
      concurrency,
      expiring: Number(args["notify-expiring"]),
    });
    for (const fault of run.faults) console.error(`  ${engine}: ${fault}`);
    if (run.faults.length > 0) process.exitCode = 1;
    results[engine] = run.figures;
    const overHttp = http[engine];
    if (overHttp) {
      results[engine]["notify.http_per_s"] = Math.round(overHttp.perSecond * 10) / 10;
      results[engine]["notify.http_p99_ms"] = Math.round(overHttp.p99 * 10) / 10;
      results[engine]["notify.http_ratio"] =
        Math.round((overHttp.perSecond / run.figures["notify.direct_per_s"]!) * 100) / 100;
    }
    console.table(notifyTargets(engine, results[engine]));
  }
  writeFileSync(
    path.join(root, "bench-results.notify.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
}

if (args["notify-only"]) {
  const http: Partial<Record<Engine, { perSecond: number; p99: number }>> = {};
  const available: Engine[] = process.env.BENCH_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  const only = args["notify-engine"] as Engine | undefined;
  for (const engine of available.filter((e) => !only || e === only)) {
    console.log(`${engine}: ${total} notifications through HTTP…`);
    http[engine] = await benchHttp(engine, randomBytes(32));
  }
  await notifyOnly(http);
  process.exit(process.exitCode ?? 0);
}

const engines: Engine[] = process.env.BENCH_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
const results: Record<string, Record<string, number>> = {};
let problems = 0;
for (const engine of engines) {
  const key = randomBytes(32);
  console.log(
    `${engine}: ${total} notifications (${duplicates} repeats), ${concurrency} at a time…`,
  );
  const http = await benchHttp(engine, key);
  const direct = await benchDirect(engine, key);
  for (const [how, run] of [
    ["http", http],
    ["direct", direct],
  ] as const) {
    const faults = [
      run.failed && `${run.failed} deliveries not acknowledged`,
      ...run.faults,
    ].filter(Boolean);
    if (faults.length > 0) console.error(`  ${engine} ${how}: ${faults.join("; ")}`);
    problems += faults.length;
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  results[engine] = {
    "notify.http_per_s": round(http.perSecond),
    "notify.p50_ms": round(http.p50),
    "notify.p99_ms": round(http.p99),
    "notify.direct_per_s": round(direct.perSecond),
    ratio: Math.round((http.perSecond / direct.perSecond) * 100) / 100,
    double_applied: http.doubleApplied + direct.doubleApplied,
    "redeem.p50_ms": round(http.redeem.p50),
    "redeem.p99_ms": round(http.redeem.p99),
    "redeem.double_redeemed": http.redeem.doubleRedeemed,
    ...(await benchAnalytics(engine)),
    ...(await benchRecon(engine)),
    ...(await benchBackup(engine)),
    ...(await benchRisk(engine)),
  };
  if (http.redeem.doubleRedeemed > 0) {
    console.error(`  ${engine}: ${http.redeem.doubleRedeemed} vouchers redeemed twice`);
    problems++;
  }
}

const weight = await benchWeight();
results.pages = weight.figures;

console.log("\nNotifications applied per second (ratio = through HTTP ÷ direct):");
console.table(results);
console.log("\nPages: KB a first visit downloads (gzip), ratio to a bare Next.js page, target:");
console.table(weight.rows);
if (weight.lighthouse) console.table(weight.lighthouse);
writeFileSync(path.join(root, "bench-results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log("Written to bench-results.json.");
if (problems > 0) process.exitCode = 1;

// `npm run bench [-- --notifications N] [--concurrency C]`: how fast signed sandbox
// notifications are applied through the built app (`next start`), against the same work done
// by calling receiveNotification in one process, then redemption, analytics, reconciliation,
// backup, anomaly rules, order search, page weight and Lighthouse; on PGlite, and on PostgreSQL
// as well when BENCH_DATABASE_URL is set (a fresh database per bench is created from it and
// dropped, also when the bench fails or is stopped). A benchmark, not a test: it prints one
// table per bench and engine, each figure beside its target (scripts/bench-targets.ts), and
// writes them to bench-results.json; `--X-only` runs one bench and writes bench-results.X.json.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, type DatabaseTarget } from "@/db/open";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { findDemoShop } from "@/server/demo/history";
import { createScratchPostgres } from "@/test/scratch-postgres";
import type { Db } from "@/db/types";
import { sandboxSignatureHeader } from "@/server/connectors/sandbox/sandbox.connector";
import { getAuditKey } from "@/server/audit/audit-key";
import {
  benchRedeem,
  checkRedemptions,
  prepareRedemptions,
  redeemFigures,
  redeemTargets,
} from "./bench-vouchers";
import { benchAnalyticsAcross } from "./bench-analytics";
import { benchReconAt, reconTargets } from "./bench-recon";
import { benchBackupAt } from "./bench-backup";
import { benchRiskAt, riskTargets } from "./bench-risk";
import { benchHabitsAt, habitsTargets } from "./bench-habits";
import { benchSearchAt, searchTargets } from "./bench-search";
import { benchHttpClient } from "./bench-http-client";
import { bareNextKb, benchWeightAt } from "./bench-weight";
import {
  benchNotifyAt,
  check,
  deliverAll,
  notifyTargets,
  prepareDeliveries,
  range,
  warmUpDeliveries,
} from "./bench-notify";
import { removeAllOnExit, removeOnExit, tempDir } from "./bench-cleanup";
import { againstTargets, judge, type Judged, type Target } from "./bench-targets";
import { buildIfNeeded, root } from "./build-if-needed.mjs";
import { serverEnv } from "./server-env.mjs";

type Engine = "pglite" | "postgres";

// The direct paths are measured as the server runs them, in its environment (its young
// generation and malloc arenas: scripts/server-env.mjs): a bench started without it runs
// itself again with it, once (in that run serverEnv changes nothing).
const benchEnv = serverEnv();
if (
  benchEnv.NODE_OPTIONS !== process.env.NODE_OPTIONS ||
  benchEnv.MALLOC_ARENA_MAX !== process.env.MALLOC_ARENA_MAX
) {
  const again = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: benchEnv,
  });
  process.exit(again.status ?? 1);
}

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
    /** With --redeem-only: one engine. */
    "redeem-engine": { type: "string" },
    /** Only weight.* (builds the app if needed; a demo server on the embedded database). */
    "weight-only": { type: "boolean", default: false },
    /** Only notify.* and expiry.* (the HTTP path too, unless --notify-direct-only). */
    "notify-only": { type: "boolean", default: false },
    "notify-direct-only": { type: "boolean", default: false },
    /** Overdue requests the expiry job works through while notifications flow. */
    "notify-expiring": { type: "string", default: "10000" },
    /** With --notify-only: one engine. */
    "notify-engine": { type: "string" },
    /** With --weight-only, Lighthouse's mobile scores of the pages it has targets for (the full run has them). */
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
const expiring = Number(args["notify-expiring"]);

removeAllOnExit();

/** The engines of the run: PGlite, and PostgreSQL when BENCH_DATABASE_URL is set. */
const available: Engine[] = process.env.BENCH_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
/** The engines of a bench that takes `--X-engine` to run on one of them. */
const enginesOf = (only: string | undefined) => available.filter((e) => !only || e === only);
/** Where the one-engine benches (search, habits) run: PostgreSQL when there is one. */
const largestEngine = available.at(-1)!;

/**
 * A fresh, empty database of the engine, with a data folder for the server, and its removal
 * (due however the bench ends: scripts/bench-cleanup.ts).
 */
async function scratchDatabase(engine: Engine) {
  const { dir: dataDir, remove } = tempDir("hexiao-bench-");
  if (engine === "pglite") {
    return { dataDir, target: { pgliteDir: path.join(dataDir, "pglite") }, dispose: remove };
  }
  const pg = await createScratchPostgres(process.env.BENCH_DATABASE_URL!, "hexiao_bench");
  const drop = removeOnExit(() => pg.drop());
  return {
    dataDir,
    target: { url: pg.url },
    dispose: async () => {
      await drop();
      await remove();
    },
  };
}

/** The figures of the run with their targets, by engine ("pages": engine-independent). */
const results: Record<string, Record<string, Judged>> = {};
/** The tables printed at the end, one per bench and engine. */
const tables: { title: string; rows: object }[] = [];

/** One bench's figures on one engine, beside their targets; `rows` replaces the figure table. */
function report(
  engine: string,
  bench: string,
  figures: Record<string, number>,
  targets: Record<string, Target> = {},
  rows: object = againstTargets(figures, targets),
) {
  Object.assign((results[engine] ??= {}), judge(figures, targets));
  tables.push({ title: `${engine}: ${bench}`, rows });
}

/** Prints every table, writes the figures to `file` and ends the process. */
function printAndExit(file: string): never {
  for (const { title, rows } of tables) {
    console.log(`\n${title}`);
    console.table(rows);
  }
  writeFileSync(path.join(root, file), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Written to ${file}.`);
  process.exit(process.exitCode ?? 0);
}

/**
 * The demo café with `unique` open sandbox payment requests and each one's signed success
 * (scripts/bench-notify.ts); the sandbox method's private key is read from the database, which
 * is why this runs before the server opens it (PGlite admits one process).
 */
async function demoDeliveries(db: Db, key: Buffer, count = unique) {
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
    count,
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

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), or null once it has ended. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** The processes of a process group (a server the bench started and its app processes), from /proc. */
function groupPids(pgid: number): number[] {
  const pids = readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
  // The group is the third field: state, parent, process group.
  return pids.filter((pid) => Number(procStat(pid)?.[2]) === pgid);
}

/** CPU time (user + system) a process group has used so far, from /proc (Linux), in ms. */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of groupPids(pgid)) {
    const fields = procStat(pid);
    // utime and stime are the 12th and 13th.
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / 100;
}

/**
 * CPU time (user + system, ms) each PostgreSQL backend serving `url`'s database has used so
 * far, by process id, from /proc: the database's share of a request's cost, which the
 * server's own CPU leaves out. Only where the database runs on this machine (else empty); the
 * bench's own connection left out.
 */
async function databaseCpuMs(url: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const backends = await client.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    const byPid = new Map<number, number>();
    for (const { pid } of backends.rows) {
      const fields = procStat(pid);
      if (fields) byPid.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    }
    return byPid;
  } finally {
    await client.end();
  }
}

/**
 * The audit key of the servers the bench starts: this process's own, with which it seeds their
 * shops, so that one key verifies the chain both wrote.
 */
const auditKeyHex = getAuditKey().secret.toString("hex");

/**
 * BENCH_CPU_PROF=<folder>: each server the bench starts writes a V8 CPU profile there when it
 * stops (Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line).
 */
function serverProfile(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

/**
 * `next start` on the scratch database, in its own process group (stopped however the bench
 * ends), once /api/health answers.
 */
async function startServer(
  dataDir: string,
  target: DatabaseTarget,
  key: Buffer,
  extraEnv: Record<string, string> = {},
) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...serverEnv(),
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
    [...serverProfile(), serve, "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", log, log],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = removeOnExit(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, "SIGTERM");
    const killer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  });
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
      /** The statements the server's processes have sent PostgreSQL so far (undefined on PGlite). */
      const statements = async () => {
        if (!("url" in target)) return undefined;
        const files = groupPids(child.pid!).map((pid) => `${statementsFile}-${pid}`);
        for (const file of files) rmSync(file, { force: true });
        process.kill(-child.pid!, "SIGUSR2");
        for (let i = 0; i < 250 && !files.every((f) => existsSync(f)); i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return files.reduce((sum, file) => sum + Number(readFileSync(file, "utf8")), 0);
      };
      /** Its database's backends' CPU, by process (PostgreSQL on this machine only). */
      const databaseCpu = async () =>
        "url" in target ? databaseCpuMs(target.url) : new Map<number, number>();
      return {
        origin,
        stop,
        cpuMs: () => groupCpuMs(child.pid!),
        statements,
        databaseCpu,
      };
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
    const [warmUp, prepared, redemptions] = await (async () => {
      const notices = await demoDeliveries(opened.db, key);
      return [
        await demoDeliveries(opened.db, key, warmUpDeliveries),
        notices,
        await prepareRedemptions(opened.db, Number(args.redemptions), 20, concurrency),
      ] as const;
    })().finally(() => opened.close());
    const server = await startServer(scratch.dataDir, scratch.target, key);
    let result;
    let serverCpuMs = 0;
    let databaseCpuMs: number | null = null;
    let statementsPerDelivery: number | null = null;
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
      const client = benchHttpClient(concurrency);
      // Then genuine deliveries, as many at once as timed (see warmUpDeliveries).
      await deliverAll(warmUp, concurrency, async (body) => {
        await client.post(url, warmUp.headersFor(body), body);
        return true;
      });
      const statementsBefore = await server.statements();
      const databaseCpuBefore = await server.databaseCpu();
      const serverCpuBefore = server.cpuMs();
      result = await deliverAll(prepared, concurrency, async (body) => {
        const res = await client.post(url, prepared.headersFor(body), body);
        return res.status === 200 && (JSON.parse(res.body) as { code?: string }).code === "SUCCESS";
      }).finally(() => client.close());
      // The server's own CPU per delivery (its processes, the database's left out): unlike the
      // rate, it hardly moves with what else the shared machine is doing.
      serverCpuMs = (server.cpuMs() - serverCpuBefore) / result.count;
      // The database's (PostgreSQL on this machine), backend by backend: one the pool opened
      // meanwhile counts from nothing.
      let databaseCpu = 0;
      const databaseCpuAfter = await server.databaseCpu();
      for (const [pid, ms] of databaseCpuAfter)
        databaseCpu += ms - (databaseCpuBefore.get(pid) ?? 0);
      if (databaseCpuAfter.size > 0) databaseCpuMs = databaseCpu / result.count;
      // Every statement of a delivery, its share of the audit chaining's included.
      const statementsAfter = await server.statements();
      if (statementsBefore !== undefined && statementsAfter !== undefined)
        statementsPerDelivery = (statementsAfter - statementsBefore) / result.count;
      redeemed = await benchRedeem(server.origin, redemptions, concurrency, server);
    } finally {
      await server.stop();
    }
    opened = await openDatabase(scratch.target);
    const [checked, doubleRedeemed] = await Promise.all([
      check(opened.db, prepared),
      checkRedemptions(opened.db, redemptions, redeemed.httpSuccesses),
    ]).finally(() => opened.close());
    return {
      ...result,
      serverCpuMsPerDelivery: serverCpuMs,
      databaseCpuMsPerDelivery: databaseCpuMs,
      statementsPerDelivery,
      ...checked,
      redeem: redeemFigures(redeemed, doubleRedeemed, loadavg()[0]!),
    };
  } finally {
    await scratch.dispose();
  }
}

/** redeem.*: the demo café's vouchers redeemed through the server (scripts/bench-vouchers.ts). */
async function benchRedeemOn(engine: Engine, key: Buffer, count: number) {
  const scratch = await scratchDatabase(engine);
  try {
    let opened = await openDatabase(scratch.target);
    const prepared = await seedDemoIfEmpty(opened.db, key)
      .then(() => prepareRedemptions(opened.db, count, 20, concurrency))
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
    return redeemFigures(redeemed, doubleRedeemed, loadavg()[0]!);
  } finally {
    await scratch.dispose();
  }
}

const analyticsVolumes = args["analytics-orders"].split(",").map(Number);
if (analyticsVolumes.some((n) => !Number.isSafeInteger(n) || n < 100)) {
  throw new Error("--analytics-orders takes order counts from 100, comma-separated");
}

/** analytics.*: every procedure's p95 at each volume, and largest ÷ smallest (scripts/bench-analytics.ts). */
async function benchAnalytics(engine: Engine) {
  const { figures, targets, rows } = await benchAnalyticsAcross(engine, analyticsVolumes, () =>
    scratchDatabase(engine),
  );
  const volumes = analyticsVolumes.map((n) => n.toLocaleString("en-US")).join(" and ");
  report(
    engine,
    `analytics p95 at ${volumes} orders, ratio = largest ÷ smallest`,
    figures,
    targets,
    rows,
  );
}

const reconLines = Number(args["recon-lines"]);
if (!Number.isSafeInteger(reconLines) || reconLines < 10)
  throw new Error("--recon-lines must be 10 or more");

/** recon.*: import + match of a generated WeChat Pay bill (target: < 20 s, < 300 MB). */
async function benchRecon(engine: Engine) {
  const lines = reconLines.toLocaleString("en-US");
  console.log(`${engine}: reconciliation of ${lines} lines…`);
  const figures = await benchReconAt(reconLines, () => scratchDatabase(engine), randomBytes(32));
  report(engine, `reconciliation of ${lines} lines`, figures, reconTargets(reconLines));
}

const backupOrders = Number(args["backup-orders"]);
if (!Number.isSafeInteger(backupOrders) || backupOrders < 10)
  throw new Error("--backup-orders must be 10 or more");

/** backup.*: backup and restore of the demo café with N orders of history (no target set). */
async function benchBackup(engine: Engine) {
  const orders = backupOrders.toLocaleString("en-US");
  console.log(`${engine}: backup and restore of ${orders} orders…`);
  const figures = await benchBackupAt(backupOrders, () => scratchDatabase(engine), randomBytes(32));
  report(engine, `backup and restore of ${orders} orders`, figures);
}

const riskOrders = Number(args["risk-orders"]);
if (!Number.isSafeInteger(riskOrders) || riskOrders < 100)
  throw new Error("--risk-orders must be 100 or more");

/** risk.*: one pass of the anomaly rules over five busy minutes (target at 1M orders: < 1 s on PostgreSQL). */
async function benchRisk(engine: Engine) {
  const orders = riskOrders.toLocaleString("en-US");
  console.log(`${engine}: anomaly rules over ${orders} orders…`);
  const figures = await benchRiskAt(riskOrders, () => scratchDatabase(engine), randomBytes(32));
  report(engine, `anomaly rules over ${orders} orders`, figures, riskTargets(engine, riskOrders));
}

const searchOrders = Number(args["search-orders"]);
if (!Number.isSafeInteger(searchOrders) || searchOrders < 100)
  throw new Error("--search-orders must be 100 or more");

/** search.*: the order list's search, p95 per kind of query, with PostgreSQL's plans. */
async function benchSearch(engine: Engine) {
  const orders = searchOrders.toLocaleString("en-US");
  console.log(`${engine}: order search over ${orders} orders…`);
  const figures = await benchSearchAt(searchOrders, () => scratchDatabase(engine), randomBytes(32));
  report(
    engine,
    `order search p95 (ms) over ${orders} orders`,
    figures,
    searchTargets(engine, searchOrders, figures),
  );
}

/**
 * notify.* of one engine (scripts/bench-notify.ts): the direct path, two merchants, the expiry
 * job's backlog, and the HTTP path's figures when `http` (benchHttp) was run.
 */
async function benchNotify(engine: Engine, http?: Awaited<ReturnType<typeof benchHttp>>) {
  const run = await benchNotifyAt({
    engine,
    scratch: () => scratchDatabase(engine),
    notifications: total,
    concurrency,
    expiring,
    databaseCpu: async (target) =>
      "url" in target ? databaseCpuMs(target.url) : new Map<number, number>(),
  });
  const faults = [...run.faults];
  const {
    "notify.double_applied": doubleApplied = 0,
    "notify.chains_broken": chainsBroken = 0,
    "notify.audit_rows_left_unchained": leftUnchained = 0,
    ...direct
  } = run.figures;
  const figures: Record<string, number> = direct;
  if (http) {
    if (http.failed) faults.push(`${http.failed} deliveries through HTTP not acknowledged`);
    faults.push(...http.faults.map((f) => `through HTTP: ${f}`));
    const round = (n: number) => Math.round(n * 10) / 10;
    figures["notify.http_per_s"] = round(http.perSecond);
    figures["notify.http_p50_ms"] = round(http.p50);
    figures["notify.http_p99_ms"] = round(http.p99);
    figures["notify.http_server_cpu_ms_per_notification"] = round(http.serverCpuMsPerDelivery);
    if (http.databaseCpuMsPerDelivery !== null)
      figures["notify.http_database_cpu_ms_per_notification"] = round(
        http.databaseCpuMsPerDelivery,
      );
    if (http.statementsPerDelivery !== null)
      figures["notify.http_statements_per_notification"] =
        Math.round(http.statementsPerDelivery * 100) / 100;
    // The bench's own CPU per delivery (its HTTP client): taken from the server on this machine.
    figures["notify.http_client_cpu_ms_per_notification"] = round(http.cpuMsPerDelivery);
    figures["notify.http_ratio"] =
      Math.round((http.perSecond / run.figures["notify.direct_per_s"]!) * 100) / 100;
  }
  figures["notify.double_applied"] = doubleApplied + (http?.doubleApplied ?? 0);
  figures["notify.chains_broken"] = chainsBroken + Number(http?.chainBroken ?? false);
  figures["notify.audit_rows_left_unchained"] = leftUnchained + (http?.pendingLeft ?? 0);
  for (const fault of faults) console.error(`  ${engine}: ${fault}`);
  if (faults.length > 0) process.exitCode = 1;
  const how = http ? "through HTTP and direct" : "direct";
  report(
    engine,
    `${total} notifications ${how}, ${concurrency} at a time (ratio = HTTP ÷ direct)`,
    figures,
    notifyTargets(engine, { concurrency, expiring }),
  );
  if (http) reportRedeem(engine, http.redeem);
}

/** redeem.* of one engine beside its targets; a voucher redeemed twice fails the run. */
function reportRedeem(engine: Engine, figures: Record<string, number>) {
  if (figures["redeem.double_redeemed"]! > 0) {
    console.error(`  ${engine}: ${figures["redeem.double_redeemed"]} vouchers redeemed twice`);
    process.exitCode = 1;
  }
  report(
    engine,
    `${args.redemptions} redemptions, ${concurrency} cashiers at once`,
    figures,
    redeemTargets(concurrency),
  );
}

/** notify.* and redeem.* of one engine: deliveries through HTTP, then the direct path. */
async function benchNotifyHttp(engine: Engine) {
  console.log(`${engine}: ${total} notifications (${duplicates} repeats) through HTTP…`);
  await benchNotify(engine, await benchHttp(engine, randomBytes(32)));
}

if (args["search-only"]) {
  await benchSearch(largestEngine);
  printAndExit("bench-results.search.json");
}

if (args["habits-only"]) {
  const orders = Number(args["habits-orders"]);
  const customers = Number(args["habits-customers"]);
  if (!Number.isSafeInteger(customers) || customers < 10 || orders < customers)
    throw new Error("--habits-customers must be 10 or more, and no more than --habits-orders");
  const engine = largestEngine;
  const of = `${orders.toLocaleString("en-US")} orders of ${customers.toLocaleString("en-US")} customers`;
  console.log(`${engine}: customer habits over ${of}…`);
  const figures = await benchHabitsAt(
    orders,
    customers,
    () => scratchDatabase(engine),
    randomBytes(32),
  );
  report(
    engine,
    `customer habits p95 (ms) over ${of}`,
    figures,
    habitsTargets(engine, orders, customers, figures),
  );
  printAndExit("bench-results.habits.json");
}

if (args["risk-only"]) {
  for (const engine of enginesOf(args["risk-engine"])) await benchRisk(engine);
  printAndExit("bench-results.risk.json");
}

if (args["backup-only"]) {
  for (const engine of enginesOf(args["backup-engine"])) await benchBackup(engine);
  printAndExit("bench-results.backup.json");
}

if (args["recon-only"]) {
  for (const engine of available) await benchRecon(engine);
  printAndExit("bench-results.recon.json");
}

if (args["analytics-only"]) {
  for (const engine of enginesOf(args["analytics-engine"])) await benchAnalytics(engine);
  printAndExit("bench-results.analytics.json");
}

if (args["notify-only"] && args["notify-direct-only"]) {
  for (const engine of enginesOf(args["notify-engine"])) await benchNotify(engine);
  printAndExit("bench-results.notify.json");
}

const built = await buildIfNeeded();
if (built !== 0) throw new Error(`next build failed (exit code ${built})`);

/**
 * weight.* (and lighthouse.*): what a first visit downloads per page (scripts/bench-weight.ts),
 * on a demo server (its shop, methods and owner give the console pages something to show).
 * Engine-independent.
 */
async function benchWeight({ withLighthouse }: { withLighthouse: boolean }) {
  console.log("pages: what a first visit downloads…");
  const scratch = await scratchDatabase("pglite");
  try {
    const server = await startServer(scratch.dataDir, scratch.target, randomBytes(32), {
      DEMO: "1",
    });
    const pages = await benchWeightAt(server.origin, bareNextKb(root), { withLighthouse }).finally(
      () => server.stop(),
    );
    const bare = pages.figures["weight.bare_next_kb"];
    report(
      "pages",
      `KB a first visit downloads (gzip), ratio to a bare Next.js page (${bare} KB of script)`,
      pages.figures,
      pages.targets,
      pages.rows,
    );
    if (pages.lighthouse)
      report("pages", `Lighthouse, mobile (${pages.lighthouseRunOn})`, {}, {}, pages.lighthouse);
  } finally {
    await scratch.dispose();
  }
}

if (args["redeem-only"]) {
  for (const engine of enginesOf(args["redeem-engine"])) {
    console.log(`${engine}: ${args.redemptions} redemptions, ${concurrency} cashiers at once…`);
    reportRedeem(engine, await benchRedeemOn(engine, randomBytes(32), Number(args.redemptions)));
  }
  printAndExit("bench-results.redeem.json");
}

if (args["weight-only"]) {
  await benchWeight({ withLighthouse: args.lighthouse });
  printAndExit("bench-results.weight.json");
}

if (args["notify-only"]) {
  for (const engine of enginesOf(args["notify-engine"])) await benchNotifyHttp(engine);
  printAndExit("bench-results.notify.json");
}

for (const engine of available) {
  await benchNotifyHttp(engine);
  await benchAnalytics(engine);
  await benchRecon(engine);
  await benchBackup(engine);
  await benchRisk(engine);
}
await benchSearch(largestEngine);
await benchWeight({ withLighthouse: true });
printAndExit("bench-results.json");

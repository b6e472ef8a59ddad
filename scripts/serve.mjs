// `node scripts/serve.mjs [-p port] [-H host]`: serves the production build in one app process
// (scripts/app-server.mjs), or on PostgreSQL in HEXIAO_PROCESSES of them sharing the port
// (node:cluster).
//
// Why several: the app answers on one JavaScript thread per process. Eight cashiers redeeming
// at once queue behind each other on it while the machine's other cores stay idle. Nothing a
// request needs lives in a process: sessions, sign-in limits, jobs (claimed with SKIP LOCKED),
// the audit chain (its head lock) and live updates (LISTEN, heard by every process) are in the
// database, as for several instances behind a load balancer (README). The embedded database
// belongs to one process, so it runs one.
import cluster from "node:cluster";

const appServer = new URL("./app-server.mjs", import.meta.url);

/**
 * HEXIAO_PROCESSES, else 1. Not yet more by default: each process compiles its code anew as
 * it warms up, and on a machine whose cores are already busy (the bench's, 2 cores shared)
 * two processes measured slower than one (README: HEXIAO_PROCESSES).
 */
function processCount(env) {
  if (!env.HEXIAO_PROCESSES) return 1;
  const asked = Number(env.HEXIAO_PROCESSES);
  if (!Number.isSafeInteger(asked) || asked < 1) {
    console.error(
      `HEXIAO_PROCESSES must be a whole number from 1 (it is "${env.HEXIAO_PROCESSES}").`,
    );
    process.exit(1);
  }
  if (asked > 1 && !env.DATABASE_URL) {
    console.error(
      "HEXIAO_PROCESSES above 1 needs PostgreSQL (DATABASE_URL): the embedded database has one opener.",
    );
    process.exit(1);
  }
  return asked;
}

const count = processCount(process.env);
if (count === 1) {
  await import(appServer.href);
} else {
  cluster.setupPrimary({ exec: appServer.pathname, args: process.argv.slice(2) });
  let stopping = false;
  let exitCode = 0;

  /**
   * SIGTERM or SIGINT: each process stops as one process alone does (app-server.mjs: no new
   * connections, requests in flight finish within the grace period, the database closes).
   * This one exits when they all have, with the first failure's exit code.
   */
  const stopAll = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stopAll);
  process.on("SIGINT", stopAll);
  cluster.on("exit", (worker, code, signal) => {
    if (!stopping) {
      // As when a lone server dies: everything stops, and the service manager starts it again.
      console.error(
        `App process ${worker.process.pid} ended (${signal ?? `exit code ${code}`}); stopping the others.`,
      );
      stopAll();
    }
    if (exitCode === 0 && (code !== 0 || signal)) exitCode = code || 1;
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
  });

  // They start at once, as several instances may: one migrates the database while the others
  // wait for its lock (db/open.ts).
  for (let i = 0; i < count; i++) cluster.fork();
  console.log(`Hexiao answers in ${count} processes.`);
}

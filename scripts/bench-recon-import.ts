// The timed half of recon.*: a prepared WeChat Pay bill taken as the upload route takes it
// (spooled to a temp file and hashed on the way, then importStatement), alone in a fresh
// process (see bench-recon.ts), with the process's resident memory sampled while it runs.
// Run by runImportChild; prints one JSON line of figures on stdout.
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { build } from "esbuild";
import { openDatabase, type DatabaseTarget } from "@/db/open";
import { selectRows } from "@/server/analytics/rollup.service";
import { openStatement } from "@/server/reconciliation/parsers/open-statement";
import { importStatement } from "@/server/reconciliation/statement-import.service";
import { spoolStatement } from "@/server/reconciliation/statement-source";
import { removeOnExit } from "./bench-cleanup";
import { serverEnv } from "./server-env.mjs";

export interface ReconImportJob {
  target: DatabaseTarget;
  file: string;
  merchantId: string;
  methodId: string;
  userId: string;
  lines: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const self = fileURLToPath(import.meta.url);

const root = path.resolve(path.dirname(self), "..");

/**
 * This file compiled to plain JavaScript, as the server runs its code: under tsx the process
 * also holds tsx's loader thread and its transpiled sources (about 70 MB more at start).
 * Packages stay outside, resolved from node_modules beside the bundle.
 */
async function compiledSelf() {
  const outfile = path.join(root, "node_modules", ".cache", "hexiao-bench", "recon-import.mjs");
  await build({
    entryPoints: [self],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    alias: { "@": root },
    logLevel: "warning",
  });
  return outfile;
}

/** Runs the import in a child process and returns its figures. */
export async function runImportChild(job: ReconImportJob): Promise<Record<string, number>> {
  // --expose-gc: the child measures what stays alive (see liveHeap), not only what V8 has
  // not collected yet.
  const child = spawn(process.execPath, ["--expose-gc", await compiledSelf()], {
    cwd: root,
    // The server's environment, as `npm start` gives it (one malloc arena).
    env: { ...serverEnv(), RECON_IMPORT_JOB: JSON.stringify(job) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // In the bench's process group it gets a Ctrl-C too, but not a SIGTERM sent to the bench alone.
  const stop = removeOnExit(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  await stop();
  const last = out.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !last.startsWith("{")) {
    throw new Error(`the recon import process failed (exit ${code}):\n${out}`);
  }
  return JSON.parse(last) as Record<string, number>;
}

/** Collects garbage and returns the heap still in use: flat while lines stream through. */
function liveHeap() {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** Lines between two measures of the live heap. */
const liveHeapEvery = 50_000;

async function main(job: ReconImportJob) {
  const opened = await openDatabase(job.target);
  // Spooled beside the bill, in the folder the bench removes however it ends (bench-cleanup.ts).
  const spoolDir = path.dirname(job.file);
  try {
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    // When each phase began: the seconds of reading (parse + batched inserts) and of matching.
    const phaseAt: Partial<Record<string, number>> = {};
    let liveMax = liveHeap();
    let nextLiveAt = liveHeapEvery;
    let statementId: string;
    try {
      // The bill as a request's body: spooled and hashed in one pass, as the route does.
      const body = Readable.toWeb(createReadStream(job.file)) as ReadableStream<Uint8Array>;
      const file = await spoolStatement(body, path.join(spoolDir, "upload"), Infinity);
      ({ statementId } = await importStatement(
        opened.db,
        { userId: job.userId, ip: null, userAgent: "bench" },
        job.merchantId,
        {
          methodId: job.methodId,
          fileName: path.basename(job.file),
          source: "upload",
          file,
        },
        (p) => {
          phaseAt[p.phase] ??= performance.now();
          peak = Math.max(peak, process.memoryUsage().rss);
          if (p.phase === "reading" && (p.lines ?? 0) >= nextLiveAt) {
            nextLiveAt += liveHeapEvery;
            liveMax = Math.max(liveMax, liveHeap());
          }
        },
        openStatement,
      ));
    } finally {
      clearInterval(sampler);
    }
    const ended = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (ended - started) / 1000;
    const phaseSeconds = (from?: number, to?: number) =>
      from === undefined ? 0 : ((to ?? ended) - from) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    const [counted] = await selectRows<{ matched: number; other: number }>(
      opened.db,
      sql`select count(*) filter (where state = 'matched')::int as matched,
                 count(*) filter (where state <> 'matched')::int as other
          from statement_lines where statement_id = ${statementId}`,
    );
    if (counted?.matched !== job.lines || counted.other !== 0)
      console.error(
        `  recon: ${counted?.matched ?? 0} of ${job.lines} lines matched, ${counted?.other ?? 0} not`,
      );
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      "recon.lines": job.lines,
      "recon.seconds": round(seconds),
      "recon.lines_per_s": Math.round(job.lines / seconds),
      // The process's CPU time (the embedded engine's included): steady when the machine is busy.
      "recon.cpu_s": round((cpu.user + cpu.system) / 1e6),
      "recon.reading_s": round(phaseSeconds(phaseAt.reading, phaseAt.matching)),
      "recon.matching_s": round(phaseSeconds(phaseAt.matching)),
      "recon.peak_rss_mb": mb(peak),
      "recon.rss_before_mb": mb(rssBefore),
      "recon.live_heap_max_mb": mb(liveMax),
      "recon.unmatched": job.lines - (counted?.matched ?? 0),
    };
  } finally {
    await opened.close();
  }
}

const jobText = process.env.RECON_IMPORT_JOB;
if (jobText && process.argv[1] === self) {
  const figures = await main(JSON.parse(jobText) as ReconImportJob);
  console.log(JSON.stringify(figures));
}

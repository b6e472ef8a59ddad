// Backup and restore at volume: the demo café seeded with N orders of history (items, requests,
// vouchers, refunds, roll-ups), backed up to a file (encrypted), then restored into a second,
// empty database of the same engine, each timed with the process's resident memory sampled
// while it runs. Part of `npm run bench` (backup.*).
import { createReadStream, createWriteStream, statSync } from "node:fs";
import path from "node:path";
import { openDatabase, type DatabaseTarget } from "@/db/open";
import { writeBackup } from "@/server/backup/backup.service";
import { restoreBackup } from "@/server/backup/restore.service";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { seedDemoHistory } from "@/server/demo/history";
import { tempDir } from "./bench-cleanup";

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const round = (n: number) => Math.round(n * 10) / 10;

/** Runs `work`, sampling the process's resident memory: seconds and peak RSS (MB). */
async function measured(work: () => Promise<unknown>) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return {
    seconds: round((performance.now() - started) / 1000),
    peakMb: mb(peak),
    beforeMb: mb(before),
  };
}

type Scratch = () => Promise<{ target: DatabaseTarget; dispose: () => Promise<void> | void }>;

/** backup.* at one volume: a database seeded in `target()`, restored into another. */
export async function benchBackupAt(orders: number, target: Scratch, key: Buffer) {
  const { dir, remove } = tempDir("hexiao-backup-bench-");
  const file = path.join(dir, "bench.backup");
  const passphrase = "bench passphrase";
  const source = await target();
  let backup: Awaited<ReturnType<typeof measured>>;
  try {
    const opened = await openDatabase(source.target);
    try {
      await seedDemoIfEmpty(opened.db, key);
      const seeding = performance.now();
      await seedDemoHistory(opened.db, { orders, days: 90 });
      console.log(
        `  seeded ${orders.toLocaleString("en-US")} orders in ${Math.round((performance.now() - seeding) / 1000)} s; backing up…`,
      );
      backup = await measured(() => writeBackup(opened, createWriteStream(file), { passphrase }));
    } finally {
      await opened.close();
    }
  } finally {
    await source.dispose();
  }
  const into = await target();
  try {
    const opened = await openDatabase(into.target, { migrate: false });
    try {
      console.log("  restoring…");
      const restore = await measured(() =>
        restoreBackup(() => createReadStream(file), opened, { passphrase }),
      );
      return {
        "backup.orders": orders,
        "backup.seconds": backup.seconds,
        "backup.peak_rss_mb": backup.peakMb,
        "backup.rss_before_mb": backup.beforeMb,
        "backup.file_mb": round(statSync(file).size / 1024 / 1024),
        "backup.restore_seconds": restore.seconds,
        "backup.restore_peak_rss_mb": restore.peakMb,
        "backup.restore_rss_before_mb": restore.beforeMb,
      };
    } finally {
      await opened.close();
    }
  } finally {
    await into.dispose();
    await remove();
  }
}

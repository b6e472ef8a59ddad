// `npm run backup -- [--out FILE] [--passphrase-env NAME]`: writes a backup of the configured
// database (DATABASE_URL, else the embedded one in DATA_DIR) to FILE, by default
// DATA_DIR/backups/hexiao-<UTC time>.backup; encrypted with the passphrase in the variable NAME.
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { env } from "@/env";
import { recordBackupRun } from "@/server/backup/backup-runs.service";
import { writeBackup } from "@/server/backup/backup.service";
import {
  cliArgs,
  fail,
  number,
  openConfigured,
  passphraseFrom,
  seconds,
  targetName,
} from "./backup-cli";

const usage = "Usage: npm run backup -- [--out FILE] [--passphrase-env NAME]";
const { values: args, positionals } = cliArgs(
  { out: { type: "string" }, "passphrase-env": { type: "string" } },
  usage,
);
if (positionals.length > 0) fail(usage);
const passphrase = passphraseFrom(args["passphrase-env"]);
const stamp = new Date()
  .toISOString()
  .replace(/[-:]/g, "")
  .replace(/\.\d+Z$/, "Z");
const out = path.resolve(args.out ?? path.join(env.DATA_DIR, "backups", `hexiao-${stamp}.backup`));

const opened = await openConfigured("backup");
// Written beside the target and renamed once whole: a failed run leaves no file that looks done.
const partial = `${out}.partial`;
const started = performance.now();
const startedAt = new Date();
try {
  mkdirSync(path.dirname(out), { recursive: true });
  console.log(`Backing up ${targetName} to ${out}${passphrase ? " (encrypted)" : ""}…`);
  let reported = 0;
  const tables = await writeBackup(opened, createWriteStream(partial), {
    passphrase,
    onProgress: ({ table, rows, done }) => {
      // Large tables say how far they are every 100,000 rows.
      if (done ? rows >= 1000 : rows - reported >= 100_000) {
        console.log(`  ${table}: ${number(rows)} rows${done ? "" : "…"}`);
      }
      reported = done ? 0 : rows - (rows % 100_000);
    },
  });
  renameSync(partial, out);
  // For the operations page's "last backup" (the file's name only: the path is this machine's).
  await recordBackupRun(opened.db, {
    trigger: "cli",
    startedAt,
    fileName: path.basename(out),
    sizeBytes: statSync(out).size,
    encrypted: passphrase !== undefined,
    ok: true,
  });
  const rows = tables.reduce((sum, t) => sum + t.rows, 0);
  const mb = (statSync(out).size / 1024 / 1024).toFixed(1);
  console.log(
    `Backed up ${tables.length} tables, ${number(rows)} rows, in ${seconds(started)}: ${mb} MB.`,
  );
  if (!passphrase) {
    console.log("Not encrypted: keep it as safe as the database (--passphrase-env to encrypt).");
  }
} catch (err) {
  rmSync(partial, { force: true });
  fail(`Backup failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await opened.close();
}

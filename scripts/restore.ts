// `npm run restore -- FILE [--passphrase-env NAME]`: restores a backup into the configured
// database (DATABASE_URL, else the embedded one in DATA_DIR), which must be empty: a new
// PostgreSQL database, or a data folder no server has started in.
import { createReadStream, existsSync } from "node:fs";
import { BackupRefused } from "@/server/backup/backup-refused";
import { restoreBackup } from "@/server/backup/restore.service";
import {
  cliArgs,
  fail,
  number,
  openConfigured,
  passphraseFrom,
  seconds,
  targetName,
} from "./backup-cli";

const usage = "Usage: npm run restore -- FILE [--passphrase-env NAME]";
const { values: args, positionals } = cliArgs({ "passphrase-env": { type: "string" } }, usage);
const [file, ...extra] = positionals;
if (!file || extra.length > 0) fail(usage);
if (!existsSync(file)) fail(`No such file: ${file}`);
const passphrase = passphraseFrom(args["passphrase-env"]);

const opened = await openConfigured("restore");
const started = performance.now();
try {
  console.log(`Restoring ${file} into ${targetName}…`);
  console.log("  checking the file…");
  let reported = 0;
  const report = await restoreBackup(() => createReadStream(file), opened, {
    passphrase,
    onProgress: ({ step, table, rows = 0, of = 0 }) => {
      if (step === "checked") console.log("  the file is whole.");
      if (step === "loading" && (rows === of ? of >= 1000 : rows - reported >= 100_000)) {
        console.log(`  ${table}: ${number(rows)} of ${number(of)} rows`);
        reported = rows === of ? 0 : rows - (rows % 100_000);
      }
      if (step === "migrated") console.log("  schema brought up to this version");
    },
  });
  console.log(`\nEvery table checked after loading (rows and content hash equal to the backup's):`);
  for (const t of report.tables) {
    console.log(`  ${t.name.padEnd(32)} ${number(t.rows).padStart(12)}  ${t.hash.slice(0, 16)}`);
  }
  const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
  console.log(
    `Restored ${report.tables.length} tables, ${number(rows)} rows, backed up ` +
      `${report.manifest.createdAt} by Hexiao ${report.manifest.productVersion} ` +
      `(${report.manifest.engine}), in ${seconds(started)}.`,
  );
  console.log(
    "Start Hexiao with the same AUTH_SECRET, ENCRYPTION_KEY and AUDIT_KEY (or secrets.json and " +
      "audit.key files) as the old one: the audit log verifies only with its key.",
  );
} catch (err) {
  if (err instanceof BackupRefused) fail(`Not restored: ${err.message}`);
  fail(`Restore failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await opened.close();
}

/**
 * The server process's start, loaded by instrumentation.ts in the Node.js runtime only (kept
 * out of that file so the Edge bundle never sees `process.exit`): migrate (and seed the demo
 * shop in demo mode) before the first request (after checking the audit key), so the first
 * visitor does not wait and a broken database configuration is reported at boot; start the
 * background jobs; and hand scripts/serve.mjs what it needs to shut down cleanly.
 */
export async function boot() {
  // The secrets first: without them (production on PostgreSQL) no change could be recorded
  // nor anyone signed in, so the server refuses to start and says all it needs at once.
  const { env } = await import("@/env");
  const { getSecrets, missingSecretsMessage } = await import("./config/secrets");
  const missing = missingSecretsMessage(env);
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
  const { getAuditKey } = await import("./audit/audit-key");
  try {
    // A damaged secrets file or audit key stops the start here, said once, not on each request.
    getSecrets();
    getAuditKey();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  const { getDatabase, stopIfDataFolderTaken } = await import("./database");
  const { announceFirstRunSetup, registerShutdown, startBackgroundJobs } =
    await import("./runtime");
  registerShutdown();
  try {
    const { engine, db } = await getDatabase();
    console.log(`Hexiao database ready (${engine}).`);
    // A key changed between restarts is said at once, not met later as failed payments; the
    // server still starts (cash and everything else work, and the right key mends it).
    const { countUnreadableCredentials, unreadableCredentialsMessage } =
      await import("./payments/sealed-credentials.service");
    const unreadable = await countUnreadableCredentials(db, getSecrets().encryptionKey);
    if (unreadable > 0) console.error(unreadableCredentialsMessage(unreadable));
    // Copies of requests a killed server left (a backup on its way out, a statement, a restore's upload).
    const { removeOrphanedTempFiles } = await import("./housekeeping/temp-files");
    const { tmpdir } = await import("node:os");
    const swept = await removeOrphanedTempFiles([tmpdir(), env.DATA_DIR]);
    if (swept > 0)
      console.log(`Removed ${swept} temporary file(s) left by a server that stopped mid-request.`);
    startBackgroundJobs();
    await announceFirstRunSetup();
  } catch (err) {
    console.error("Hexiao could not open its database:", err instanceof Error ? err.message : err);
    stopIfDataFolderTaken(err);
  }
}

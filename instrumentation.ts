/**
 * Runs once when the server process starts: migrate (and seed the demo shop in demo mode)
 * before the first request (after checking the audit key), so the first visitor does not wait and a broken database
 * configuration is reported at boot; start the background jobs; and hand scripts/serve.mjs
 * what it needs to shut down cleanly.
 */
export async function register() {
  // Next sets NEXT_RUNTIME for each bundle it builds; env.ts is not loaded in the edge one.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The audit key first: without it (production on PostgreSQL) no change could be recorded,
  // so the server refuses to start and says what to set.
  const { getAuditKey } = await import("./server/audit/audit-key");
  try {
    getAuditKey();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  const { getDatabase, stopIfDataFolderTaken } = await import("./server/database");
  const { announceFirstRunSetup, registerShutdown, startBackgroundJobs } =
    await import("./server/runtime");
  registerShutdown();
  try {
    const { engine } = await getDatabase();
    console.log(`Hexiao database ready (${engine}).`);
    startBackgroundJobs();
    await announceFirstRunSetup();
  } catch (err) {
    console.error("Hexiao could not open its database:", err instanceof Error ? err.message : err);
    stopIfDataFolderTaken(err);
  }
}

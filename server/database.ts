import "server-only";
import { DataFolderInUseError } from "@/db/folder-lock";
import { configuredDatabase, openDatabase, type OpenDatabase } from "@/db/open";
import { env } from "@/env";
import { DomainError } from "./errors";
import { getSecrets } from "./config/secrets";
import { seedDemoIfEmpty } from "./demo/demo";
import { seedDemoHistory } from "./demo/history";
import { seedDemoCustomers } from "./demo/history-customers";
import { customerKeyOf } from "./customers/customer-key";
import { seedShippedGuidesForAll } from "./guides/shipped-guides.service";
import { runPendingDataSteps } from "./operations/data-steps";

/** ~35 orders a day over 90 days; `npm run seed` makes more (up to millions). */
const demoHistoryOrders = 3000;

// One database per server process. Kept on globalThis so that hot reloads in
// development do not open the embedded data folder twice (PGlite allows one opener).
const holder = globalThis as unknown as {
  __hexiaoDb?: Promise<OpenDatabase>;
  __hexiaoDbClosed?: boolean;
};

async function start(): Promise<OpenDatabase> {
  const target = configuredDatabase(env);
  const opened = await openDatabase(target);
  // What the migrations just applied asked of the existing rows (before any request reads them).
  await runPendingDataSteps(opened.db);
  if (env.demo && (await seedDemoIfEmpty(opened.db, getSecrets().encryptionKey))) {
    // A new demo shop looks lived in: about 90 days of café orders (a few seconds to write).
    const history = await seedDemoHistory(opened.db, { orders: demoHistoryOrders, days: 90 });
    // Its regulars, recognised by the phone number on their orders (the customers analytics).
    await seedDemoCustomers(opened.db, history.merchantId, customerKeyOf(history.merchantId));
  }
  // Each release's training guides reach every merchant (changed ones get a new version).
  await seedShippedGuidesForAll(opened.db);
  return opened;
}

/** The process's database, migrated (and seeded in demo mode) on first use. */
export function getDatabase(): Promise<OpenDatabase> {
  // Closed at shutdown: nothing may open it again (an embedded folder would be taken anew).
  if (holder.__hexiaoDbClosed) {
    return Promise.reject(
      new DomainError("UNAVAILABLE", "databaseUnavailable", "The server is shutting down"),
    );
  }
  holder.__hexiaoDb ??= start().catch((err: unknown) => {
    // Let the next call retry (e.g. PostgreSQL was briefly unreachable at boot).
    holder.__hexiaoDb = undefined;
    throw err;
  });
  return holder.__hexiaoDb;
}

/**
 * Closes the process's database for good, once nothing uses it any more (the last step of a
 * shutdown): the pool's connections end, and the embedded database writes its files out and
 * lets go of its data folder for the next process.
 */
export async function closeDatabase(): Promise<void> {
  holder.__hexiaoDbClosed = true;
  const opening = holder.__hexiaoDb;
  holder.__hexiaoDb = undefined;
  const open = await opening?.catch(() => undefined);
  await open?.close();
}

export async function getDb() {
  return (await getDatabase()).db;
}

/** A second server on one data folder must not answer as if healthy: it stops at boot. */
export function stopIfDataFolderTaken(err: unknown): void {
  if (err instanceof DataFolderInUseError) process.exit(1);
}

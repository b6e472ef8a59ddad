import { and, count, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { OpenDatabase } from "@/db/open";
import { auditLog, merchants, users } from "@/db/schema";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { countUnreadableCredentials } from "@/server/payments/sealed-credentials.service";
import { seedShippedGuidesForAll } from "@/server/guides/shipped-guides.service";
import { setupTokenMatches } from "@/server/setup/setup.logic";
import { needsSetup } from "@/server/setup/setup.service";
import {
  inspectBackup,
  restoreBackup,
  type ArchiveSource,
  type RestoreReport,
} from "./restore.service";

export interface SetupRestoreReport extends RestoreReport {
  /** Payment methods whose credentials this install's key cannot open (another install's secrets). */
  credentialsUnreadable: number;
  /** People who sign in with an authenticator: it works only with the old install's AUTH_SECRET. */
  twoFactorPeople: number;
  /** The audit log was signed with another install's audit key (AUDIT_KEY or DATA_DIR/audit.key). */
  auditKeyDiffers: boolean;
}

export type SetupRestoreProgress = (event: {
  step: "checked" | "loading" | "verified" | "migrated";
  /** Rows loaded so far, over every table, and how many there are in all. */
  rows: number;
  of: number;
}) => void;

/**
 * The checks before a restore from the setup screen may even receive a file: the embedded
 * engine (a PostgreSQL install restores into a new database with `npm run restore`), the
 * token from the server's log, and an install with no shop yet. A stranger learns nothing
 * more than from the setup form.
 */
export async function checkSetupRestoreAllowed(
  open: OpenDatabase,
  token: string,
  expectedToken: string,
): Promise<void> {
  if (open.engine !== "pglite") {
    throw new DomainError(
      "INVALID_STATE",
      "restoreEmbeddedOnly",
      "On PostgreSQL, restore with `npm run restore` into a new, empty database",
    );
  }
  if (!setupTokenMatches(token, expectedToken)) {
    throw new DomainError("FORBIDDEN", "setupTokenWrong", "The setup token is not right");
  }
  if (!(await needsSetup(open.db))) {
    throw new DomainError("CONFLICT", "setupDone", "This install already has a shop");
  }
}

/**
 * Empties the embedded database back to a new one: every table and the migrations' own
 * record dropped, so a backup of an older schema can be loaded at its own schema. Only ever
 * called on an install with no shop.
 */
async function wipe(open: OpenDatabase): Promise<void> {
  await open.db.transaction(async (tx) => {
    await tx.execute(sql`drop schema if exists drizzle cascade`);
    await tx.execute(sql`drop schema public cascade`);
    await tx.execute(sql`create schema public`);
  });
}

/**
 * Restores a backup into the running embedded database of an install that has no shop yet
 * (the guarded restore of the setup screen). The file is read whole and refused first, with
 * nothing touched, when damaged, cut, locked by another passphrase or newer than this build.
 * Then the empty database is wiped, the backup loaded and verified table by table
 * (restore.service.ts), and brought to this build's schema. A failure after the wipe leaves
 * the install as it was: empty, set up afresh. The caller keeps the background jobs paused
 * meanwhile (they read the tables being rebuilt).
 */
export async function restoreOnSetup(
  open: OpenDatabase,
  source: ArchiveSource,
  opts: {
    token: string;
    expectedToken: string;
    passphrase?: string;
    encryptionKey: Buffer;
    /** The id of the key this install signs the audit log with. */
    auditKeyId: string;
    actor: Actor;
    onProgress?: SetupRestoreProgress;
  },
): Promise<SetupRestoreReport> {
  await checkSetupRestoreAllowed(open, opts.token, opts.expectedToken);
  const inspected = await inspectBackup(source, opts.passphrase);
  const of = inspected.summary.tables.reduce((n, t) => n + t.rows, 0);
  opts.onProgress?.({ step: "checked", rows: 0, of });

  await wipe(open);
  let report: RestoreReport;
  try {
    let finished = 0; // rows of the tables loaded completely
    // Read whole once, above; the load still checks each part's seal and each table's hash.
    report = await restoreBackup(source, open, {
      passphrase: opts.passphrase,
      inspected,
      onProgress: (event) => {
        if (event.step === "loading") {
          const rows = event.rows ?? 0;
          opts.onProgress?.({ step: "loading", rows: finished + rows, of });
          if (rows === event.of) finished += rows;
        } else if (event.step !== "checked") {
          opts.onProgress?.({ step: event.step, rows: of, of });
        }
      },
    });
  } catch (err) {
    await wipe(open);
    await open.migrate();
    throw err;
  }
  // What a start-up does: this build's training guides reach every restored shop.
  await seedShippedGuidesForAll(open.db);
  const secrets = await secretsCheck(open, opts.encryptionKey, opts.auditKeyId);
  // Signed with this install's key, the restore's own entry would break a chain signed with the
  // old one, which verifies again once the operator brings that key back: then it is left out.
  if (!secrets.auditKeyDiffers) await auditRestored(open, opts.actor, report);
  return { ...report, ...secrets };
}

/** Each restored shop's audit chain records the restore, after its own history. */
async function auditRestored(open: OpenDatabase, actor: Actor, report: RestoreReport) {
  const shops = await open.db.select({ id: merchants.id }).from(merchants);
  await open.db.transaction(async (tx) => {
    for (const shop of shops) {
      await recordAudit(tx, actor, {
        merchantId: shop.id,
        action: "backup.restored",
        entityType: "merchant",
        entityId: shop.id,
        after: {
          backedUpAt: report.manifest.createdAt,
          productVersion: report.manifest.productVersion,
          engine: report.manifest.engine,
          schema: report.migratedTo,
          rows: report.tables.reduce((n, t) => n + t.rows, 0),
        },
      });
    }
  });
}

/** Whether the restored secrets-bound data can be read with this install's secrets. */
async function secretsCheck(open: OpenDatabase, key: Buffer, auditKeyId: string) {
  const credentialsUnreadable = await countUnreadableCredentials(open.db, key);
  const [people] = await open.db
    .select({ n: count() })
    .from(users)
    .where(eq(users.twoFactorEnabled, true));
  const [otherKey] = await open.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(isNotNull(auditLog.keyId), ne(auditLog.keyId, auditKeyId)))
    .limit(1);
  return { credentialsUnreadable, twoFactorPeople: people?.n ?? 0, auditKeyDiffers: !!otherKey };
}

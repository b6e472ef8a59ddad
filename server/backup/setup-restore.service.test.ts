import { Readable, Writable } from "node:stream";
import { randomBytes } from "node:crypto";
import { count, eq, isNotNull } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appliedMigration, knownMigrations } from "@/db/migration-level";
import type { OpenDatabase } from "@/db/open";
import { auditLog, jobRuns, merchants, paymentMethods } from "@/db/schema";
import { verifyAuditChain, systemActor } from "@/server/audit/audit.service";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { seedDemoHistory } from "@/server/demo/history";
import { DomainError } from "@/server/errors";
import { needsSetup } from "@/server/setup/setup.service";
import { openTestDatabase, postgresAvailable, setupTestDatabase } from "@/test/db";
import { testEncryptionKey } from "@/test/fixtures";
import { getAuditKey } from "@/server/audit/audit-key";
import { BackupRefused } from "./backup-refused";
import { writeBackup, type TableSummary } from "./backup.service";
import type { ArchiveSource } from "./restore.service";
import { restoreOnSetup } from "./setup-restore.service";

const testDb = setupTestDatabase();
const token = "SETUPTOKEN";
let backup: { bytes: Buffer; summary: TableSummary[] };

async function backupOf(from: OpenDatabase, passphrase?: string) {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const summary = await writeBackup(from, out, { passphrase });
  return { bytes: Buffer.concat(chunks), summary };
}

const sourceOf =
  (bytes: Buffer): ArchiveSource =>
  () =>
    Readable.from([bytes]);

const options = (over: Partial<Parameters<typeof restoreOnSetup>[2]> = {}) => ({
  token,
  expectedToken: token,
  passphrase: "correct horse",
  encryptionKey: testEncryptionKey,
  auditKeyId: getAuditKey().id,
  actor: { ...systemActor, ip: "192.0.2.7" },
  ...over,
});

beforeAll(async () => {
  // The shop being moved: the demo shop (methods with sealed credentials) and some history.
  await seedDemoIfEmpty(testDb.db, testEncryptionKey);
  await seedDemoHistory(testDb.db, { orders: 60, days: 10, seed: "setup-restore" });
  backup = await backupOf(testDb.opened, "correct horse");
});

// The setup screen's restore exists for the embedded engine only: the target is always PGlite,
// as a new install's server has it open (migrated, a job already recorded, no shop).
describe("restoring from the setup screen into a new embedded install", () => {
  let target: OpenDatabase;
  beforeEach(async () => {
    target = await openTestDatabase({ engine: "pglite" });
    const now = new Date();
    await target.db
      .insert(jobRuns)
      .values({ job: "housekeeping", startedAt: now, finishedAt: now, ok: true });
  });
  afterEach(() => target.close());

  const untouched = async () => {
    expect(await needsSetup(target.db)).toBe(true);
    expect((await target.db.select({ n: count() }).from(jobRuns))[0]?.n).toBe(1);
    expect((await appliedMigration(target.db))?.when).toBe(knownMigrations().at(-1)?.when);
  };

  it("loads every table as backed up, records the restore in each shop's chain, and reports progress", async () => {
    const events: { step: string; rows: number; of: number }[] = [];
    const report = await restoreOnSetup(
      target,
      sourceOf(backup.bytes),
      options({ onProgress: (e) => events.push(e) }),
    );
    const byName = (tables: TableSummary[]) =>
      Object.fromEntries(tables.map((t) => [t.name, `${t.rows}:${t.hash}`]));
    expect(byName(report.tables)).toEqual(byName(backup.summary));
    expect(await needsSetup(target.db)).toBe(false);

    const total = backup.summary.reduce((n, t) => n + t.rows, 0);
    expect(events[0]).toEqual({ step: "checked", rows: 0, of: total });
    const loading = events.filter((e) => e.step === "loading").map((e) => e.rows);
    expect(loading).toEqual([...loading].sort((a, b) => a - b));
    expect(loading.at(-1)).toBe(total);
    expect(events.at(-1)).toEqual({ step: "migrated", rows: total, of: total });

    const shops = await target.db.select({ id: merchants.id }).from(merchants);
    for (const { id } of shops) expect(await verifyAuditChain(target.db, id)).toBeNull();
    const restored = await target.db
      .select({ ip: auditLog.ipAddress })
      .from(auditLog)
      .where(eq(auditLog.action, "backup.restored"));
    expect(restored).toHaveLength(shops.length);
    expect(restored[0]?.ip).toBe("192.0.2.7");

    // Same secrets as the old install: every credential opens, the audit key is the same.
    expect(report.credentialsUnreadable).toBe(0);
    expect(report.auditKeyDiffers).toBe(false);
  });

  it("says how many payment credentials another install's key cannot open", async () => {
    const sealed = await testDb.db
      .select({ n: count() })
      .from(paymentMethods)
      .where(isNotNull(paymentMethods.credentialsSealed));
    expect(sealed[0]?.n).toBeGreaterThan(0);
    const report = await restoreOnSetup(
      target,
      sourceOf(backup.bytes),
      options({ encryptionKey: randomBytes(32) }),
    );
    expect(report.credentialsUnreadable).toBe(sealed[0]?.n);
  });

  it("says when the audit log was signed with another key, and then adds nothing to it", async () => {
    const before = await backupOf(testDb.opened);
    const report = await restoreOnSetup(
      target,
      sourceOf(before.bytes),
      options({ passphrase: undefined, auditKeyId: "0123456789abcdef" }),
    );
    expect(report.auditKeyDiffers).toBe(true);
    const restored = await target.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.action, "backup.restored"));
    expect(restored).toEqual([]);
  });

  it("refuses a wrong token, a wrong passphrase or a damaged file, touching nothing", async () => {
    await expect(
      restoreOnSetup(target, sourceOf(backup.bytes), options({ token: "NOPE" })),
    ).rejects.toMatchObject({ messageKey: "setupTokenWrong" });
    await untouched();
    await expect(
      restoreOnSetup(target, sourceOf(backup.bytes), options({ passphrase: "wrong horse" })),
    ).rejects.toMatchObject({ reason: "wrong_passphrase" });
    await untouched();
    const cut = backup.bytes.subarray(0, backup.bytes.length - 100);
    await expect(restoreOnSetup(target, sourceOf(cut), options())).rejects.toBeInstanceOf(
      BackupRefused,
    );
    await untouched();
  });

  it("refuses once the install has a shop", async () => {
    await seedDemoIfEmpty(target.db, testEncryptionKey);
    await expect(restoreOnSetup(target, sourceOf(backup.bytes), options())).rejects.toMatchObject({
      messageKey: "setupDone",
    });
  });

  it("when loading fails after the wipe, leaves a new empty install behind", async () => {
    // The file reads whole the first time and changed the next (e.g. overwritten meanwhile).
    let reads = 0;
    const changing: ArchiveSource = () => {
      reads++;
      const bytes = Buffer.from(backup.bytes);
      const at = bytes.length - 50;
      if (reads > 1) bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
      return Readable.from([bytes]);
    };
    await expect(restoreOnSetup(target, changing, options())).rejects.toBeInstanceOf(BackupRefused);
    expect(await needsSetup(target.db)).toBe(true);
    expect((await appliedMigration(target.db))?.when).toBe(knownMigrations().at(-1)?.when);
  });
});

describe.runIf(postgresAvailable)("on PostgreSQL", () => {
  it("is refused: a PostgreSQL install restores into a new database from the command line", async () => {
    const pg = await openTestDatabase({ engine: "postgres" });
    try {
      const refused = await restoreOnSetup(pg, sourceOf(backup.bytes), options()).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ messageKey: "restoreEmbeddedOnly" });
    } finally {
      await pg.close();
    }
  });
});

import { Writable } from "node:stream";
import { createGzip, gunzipSync } from "node:zlib";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { and, eq, like, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appliedMigration, knownMigrations } from "@/db/migration-level";
import type { Engine, OpenDatabase } from "@/db/open";
import { merchants, orders, vouchers } from "@/db/schema";
import type { Db } from "@/db/types";
import { verifyAuditChain } from "@/server/audit/audit.service";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { seedDemoHistory } from "@/server/demo/history";
import { seedShippedGuidesForAll } from "@/server/guides/shipped-guides.service";
import { engine, openTestDatabase, postgresAvailable, setupTestDatabase } from "@/test/db";
import { testEncryptionKey } from "@/test/fixtures";
import {
  newOrder,
  notify,
  payableOrder,
  postNotification,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import type { Delivery } from "@/server/connectors/types";
import { requestRefund } from "@/server/refunds/refund.service";
import { importedStatement, statementLine } from "@/test/reconciliation";
import { paidVoucher } from "@/test/vouchers";
import { openArchive, sealArchive } from "./archive";
import { BackupRefused, type RefusalReason } from "./backup-refused";
import { writeBackup, type TableSummary } from "./backup.service";
import { restoreBackup, type ArchiveSource } from "./restore.service";

const testDb = setupTestDatabase();
const { db } = testDb;
let seed: PaymentsSeed;

/** A backup of `from` as bytes in memory. */
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
    Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]);

/** Every merchant's audit chain (and the system's) verifies. */
async function expectAuditChainsVerify(target: Db) {
  const shops = await target.select({ id: merchants.id }).from(merchants);
  expect(shops.length).toBeGreaterThan(0);
  for (const { id } of [...shops, { id: null }]) {
    expect(await verifyAuditChain(target, id)).toBeNull();
  }
}

const byName = (tables: TableSummary[]) =>
  Object.fromEntries(tables.map((t) => [t.name, `${t.rows}:${t.hash}`]));

beforeAll(async () => {
  // A shop with history: demo orders with failures, refunds, vouchers and redemptions and
  // their roll-ups; training guides; live cash and wallet payments (audit rows, inbox, outbox);
  // a statement with its lines.
  await seedDemoIfEmpty(db, testEncryptionKey);
  await seedDemoHistory(db, { orders: 150, days: 20, seed: "backup" });
  seed = await seedPayments(db, "Backup");
  await seedShippedGuidesForAll(db);
  for (let i = 0; i < 3; i++) await paidVoucher(db, seed, undefined, 1000n + BigInt(i));
  const { order, attempt } = await payableOrder(db, seed, 2500n);
  await notify(db, seed.sandbox.id, attempt);
  // A live refund, settled by the wallet's notification (the demo history may hold none).
  const deliveries: Delivery[] = [];
  await requestRefund(
    db,
    { actor: seed.manager, role: "manager" },
    seed.merchant.id,
    { orderId: order.id, amountMinor: 500n, reason: "customer_request" },
    { ...testProviders, deliver: (d: Delivery) => deliveries.push(d) },
  );
  for (const d of deliveries)
    await postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers });
  const statement = await importedStatement(db, seed.merchant.id, seed.sandbox.id, "2026-03-01");
  await statementLine(db, statement, { kind: "payment", day: "2026-03-01", amountMinor: 2500n });
});

describe("a backup restored into an empty database", () => {
  let target: OpenDatabase;
  let backup: Awaited<ReturnType<typeof backupOf>>;
  beforeAll(async () => {
    backup = await backupOf(testDb.opened, "correct horse");
    target = await openTestDatabase({ migrate: false });
  });
  afterAll(() => target.close());

  it("holds every table with the same count and hash, a chain that verifies, and numbers going on", async () => {
    const nonEmpty = backup.summary.filter((t) => t.rows > 0).map((t) => t.name);
    for (const table of [
      "orders",
      "refunds",
      "vouchers",
      "voucher_redemptions",
      "guides",
      "audit_log",
      "payment_daily_rollups",
      "statements",
      "statement_lines",
      "order_counters",
      // The demo's wallets have their fee amounts in yuan.
      "payment_method_fees",
    ]) {
      expect(nonEmpty).toContain(table);
    }

    const report = await restoreBackup(sourceOf(backup.bytes), target, {
      passphrase: "correct horse",
    });
    expect(byName(report.tables)).toEqual(byName(backup.summary));
    // Read again from the restored database, as a new backup of it would.
    expect(byName((await backupOf(target)).summary)).toEqual(byName(backup.summary));
    await expectAuditChainsVerify(target.db);

    // Today's orders were backed up: the next one follows them (the counters came along).
    const next = await newOrder(target.db, seed);
    const [day, sequence] = next.number.split("-");
    const earlier = await target.db
      .select({ number: orders.number })
      .from(orders)
      .where(
        and(
          eq(orders.merchantId, seed.merchant.id),
          like(orders.number, `${day}-%`),
          ne(orders.id, next.id),
        ),
      );
    expect(earlier.length).toBeGreaterThan(0);
    expect(Number(sequence)).toBe(earlier.length + 1);
  });
});

describe.runIf(postgresAvailable)("across engines", () => {
  const other: Engine = engine === "pglite" ? "postgres" : "pglite";
  it(`moves to ${other} and back with every table the same`, async () => {
    const first = await backupOf(testDb.opened);
    const there = await openTestDatabase({ migrate: false, engine: other });
    let again: Awaited<ReturnType<typeof backupOf>>;
    try {
      await restoreBackup(sourceOf(first.bytes), there);
      await expectAuditChainsVerify(there.db);
      again = await backupOf(there, "moving");
    } finally {
      await there.close();
    }
    const back = await openTestDatabase({ migrate: false });
    try {
      const report = await restoreBackup(sourceOf(again.bytes), back, { passphrase: "moving" });
      expect(byName(again.summary)).toEqual(byName(first.summary));
      expect(byName(report.tables)).toEqual(byName(first.summary));
      await expectAuditChainsVerify(back.db);
    } finally {
      await back.close();
    }
  });
});

/** The archive's content with `edit` applied to its lines, sealed again. */
async function rewritten(bytes: Buffer, edit: (lines: string[]) => string[]) {
  const gz: Buffer[] = [];
  for await (const chunk of openArchive(Readable.from([bytes]), undefined)) gz.push(chunk);
  const lines = edit(gunzipSync(Buffer.concat(gz)).toString("utf8").split("\n"));
  const out: Buffer[] = [];
  await pipeline(
    Readable.from([Buffer.from(lines.join("\n"))]),
    createGzip(),
    (gzipped: AsyncIterable<Buffer>) => sealArchive(gzipped, undefined),
    async (sealed: AsyncIterable<Buffer>) => {
      for await (const chunk of sealed) out.push(chunk);
    },
  );
  return Buffer.concat(out);
}

describe("a restore refuses, writing nothing", () => {
  let plain: Buffer;
  let encrypted: Buffer;
  let target: OpenDatabase;
  beforeAll(async () => {
    plain = (await backupOf(testDb.opened)).bytes;
    encrypted = (await backupOf(testDb.opened, "s3cret")).bytes;
    target = await openTestDatabase({ migrate: false });
  });
  afterAll(() => target.close());

  async function expectRefused(bytes: Buffer, reason: RefusalReason, passphrase?: string) {
    const refusal = await restoreBackup(sourceOf(bytes), target, { passphrase }).catch(
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(BackupRefused);
    expect((refusal as BackupRefused).reason).toBe(reason);
    expect(await appliedMigration(target.db)).toBeNull();
  }

  const flipped = (bytes: Buffer, at: number) => {
    const copy = Buffer.from(bytes);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };

  it("a changed byte, plain or encrypted", async () => {
    await expectRefused(flipped(plain, Math.floor(plain.length / 2)), "corrupted");
    await expectRefused(flipped(encrypted, encrypted.length - 40), "corrupted", "s3cret");
  });

  it("a file cut short, even at a frame's end", async () => {
    await expectRefused(plain.subarray(0, plain.length - 10), "truncated");
    // Without its whole last frame (plain header: 10 bytes; frame: length, flag, body, SHA-256).
    let end = 10;
    while (plain.readUInt8(end + 4) === 0) end += 5 + plain.readUInt32BE(end) + 32;
    expect(end).toBeGreaterThan(10);
    await expectRefused(plain.subarray(0, end), "truncated");
    await expectRefused(encrypted.subarray(0, 3000), "truncated", "s3cret");
  });

  it("a wrong or missing passphrase", async () => {
    await expectRefused(encrypted, "wrong_passphrase", "not it");
    await expectRefused(encrypted, "passphrase_required");
  });

  it("a backup from a newer schema", async () => {
    const newer = await rewritten(plain, (lines) => {
      const manifest = JSON.parse(lines[0]!.slice(1)) as { migration: { when: number } };
      manifest.migration = { tag: "9999_future", when: 9_999_999_999_999 } as never;
      return [`!${JSON.stringify(manifest)}`, ...lines.slice(1)];
    });
    await expectRefused(newer, "newer_schema");
  });

  it("a target that holds data", async () => {
    const count = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(orders))[0]!.n;
    const before = await count();
    const refusal = await restoreBackup(sourceOf(plain), testDb.opened).catch(
      (err: unknown) => err,
    );
    expect((refusal as BackupRefused).reason).toBe("target_not_empty");
    expect(await count()).toBe(before);
  });
});

describe("a backup of an older schema", () => {
  // Two databases taken through every migration from empty (no migrated template serves an
  // older schema; on PGlite they start from the empty dump, without an initdb each): the
  // file's slowest test, past the default two minutes on a busy machine.
  it("is restored at its schema, then migrated to this build's", { timeout: 600_000 }, async () => {
    const [previous, latest] = knownMigrations().slice(-2);
    const older = await openTestDatabase({ migrate: false });
    const target = await openTestDatabase({ migrate: false });
    try {
      await older.migrate(previous!.when);
      const { bytes } = await backupOf(older);
      const report = await restoreBackup(sourceOf(bytes), target);
      expect(report.manifest.migration.tag).toBe(previous!.tag);
      expect((await appliedMigration(target.db))?.tag).toBe(latest!.tag);
    } finally {
      await older.close();
      await target.close();
    }
  });
});

describe("a backup taken while payments are applied", () => {
  it("restores with every paid order's voucher", async () => {
    const payments = await Promise.all(
      Array.from({ length: 12 }, () => payableOrder(db, seed, 1800n)),
    );
    // Payments land before, during and after the snapshot.
    const payAll = async () => {
      for (const { attempt } of payments) await notify(db, seed.sandbox.id, attempt);
    };
    const [, { bytes }] = await Promise.all([payAll(), backupOf(testDb.opened)]);
    const target = await openTestDatabase({ migrate: false });
    try {
      await restoreBackup(sourceOf(bytes), target);
      const [orphans] = await target.db
        .select({ n: sql<number>`count(*)::int` })
        .from(orders)
        .where(
          sql`${orders.status} = 'paid' and not exists (select 1 from ${vouchers} where ${vouchers.orderId} = ${orders.id})`,
        );
      expect(orphans?.n).toBe(0);
      await expectAuditChainsVerify(target.db);
    } finally {
      await target.close();
    }
  });
});

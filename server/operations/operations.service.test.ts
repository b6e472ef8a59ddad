import { beforeAll, describe, expect, it } from "vitest";
import { knownMigrations } from "@/db/migration-level";
import { engine, setupTestDatabase } from "@/test/db";
import { seedMerchant } from "@/test/fixtures";
import { recordBackupRun } from "@/server/backup/backup-runs.service";
import { recordJobRun } from "./job-runs.service";
import { operationsOverview } from "./operations.service";

const { db } = setupTestDatabase();
let shop: Awaited<ReturnType<typeof seedMerchant>>;
const config = { engine, backupEncrypted: false, backupDir: "/srv/backups" };

beforeAll(async () => {
  shop = await seedMerchant(db, "Ops");
});

describe(`operations overview (${engine})`, () => {
  it("shows the database, no backup yet, the schedule off, and every job not run yet", async () => {
    const view = await operationsOverview(db, shop.merchant.id, config);
    expect(view.database.engine).toBe(engine);
    expect(view.database.sizeBytes).toBeGreaterThan(1_000_000);
    expect(view.database.migration).toBe(knownMigrations().at(-1)?.tag);
    expect(view.backup.last).toBeNull();
    expect(view.backup.schedule).toMatchObject({
      enabled: false,
      nextAt: null,
      dir: "/srv/backups",
    });
    expect(view.jobs.every((j) => j.lastRunAt === null && j.ok === null)).toBe(true);
    expect(view.jobs.find((j) => j.job === "expiry")?.backlog).toBe(0);
  });

  it("shows the last backup and each job's last run, failed ones with their short error", async () => {
    await recordBackupRun(db, {
      trigger: "cli",
      startedAt: new Date(),
      fileName: "hexiao-x.backup",
      sizeBytes: 1234,
      encrypted: false,
      ok: true,
    });
    await expect(
      recordJobRun(db, "failure-spikes", () => Promise.reject(new Error("boom"))),
    ).rejects.toThrow("boom");
    await recordJobRun(db, "expiry", async () => 3);
    const view = await operationsOverview(db, shop.merchant.id, config);
    expect(view.backup.last).toMatchObject({ trigger: "cli", sizeBytes: 1234, ok: true });
    expect(view.backup.lastScheduled).toBeNull();
    expect(view.jobs.find((j) => j.job === "failure-spikes")).toMatchObject({
      ok: false,
      error: "Error: boom",
    });
    expect(view.jobs.find((j) => j.job === "expiry")).toMatchObject({ ok: true, items: 3 });
  });

  it("hides jobs' error text from an owner whose install holds other shops", async () => {
    await seedMerchant(db, "Neighbour");
    const view = await operationsOverview(db, shop.merchant.id, config);
    expect(view.sharedInstall).toBe(true);
    expect(view.jobs.find((j) => j.job === "failure-spikes")).toMatchObject({
      ok: false,
      error: null,
    });
  });
});

import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, backupRuns, merchants } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { seedMerchant } from "@/test/fixtures";
import { actorOf } from "@/test/payments";
import { inspectBackup } from "./restore.service";
import {
  backupScheduleStatus,
  runScheduledBackup,
  updateBackupSchedule,
} from "./scheduled-backup.service";

const testDb = setupTestDatabase();
const { db } = testDb;
let shop: Awaited<ReturnType<typeof seedMerchant>>;
let dir: string;

// The shop is in Shanghai (UTC+8): 03:00 local is 19:00 UTC the day before.
const day = (n: number) => new Date(Date.UTC(2026, 4, 10 + n, 19, 5));
const savedAt = new Date(Date.UTC(2026, 4, 10, 12));

beforeAll(async () => {
  shop = await seedMerchant(db, "Sched");
  await db
    .update(merchants)
    .set({ timeZone: "Asia/Shanghai" })
    .where(eq(merchants.id, shop.merchant.id));
  dir = await mkdtemp(path.join(tmpdir(), "hexiao-scheduled-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (now: Date, passphrase?: string) =>
  runScheduledBackup(testDb.opened, { dir, now, passphrase });

const owner = () => actorOf(shop.people.owner);

describe(`scheduled backups (${engine})`, () => {
  it("takes nothing while the schedule is off (the default)", async () => {
    expect(await run(day(0))).toBeNull();
    const status = await backupScheduleStatus(db, shop.merchant.id, {
      encrypted: false,
      dir,
      now: day(0),
    });
    expect(status).toMatchObject({ enabled: false, nextAt: null, timeZone: "Asia/Shanghai" });
  });

  it("takes the day's backup at the hour, verified by reading it back, once", async () => {
    await updateBackupSchedule(
      db,
      owner(),
      shop.merchant.id,
      { enabled: true, hour: 3, keep: 2 },
      savedAt,
    );
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "backup.schedule"));
    expect(audit?.after).toEqual({ enabled: true, hour: 3, keep: 2 });
    // Saved at 20:00 local: the hour has not come yet.
    expect(await run(new Date(savedAt.getTime() + 60_000))).toBeNull();
    expect(
      (await backupScheduleStatus(db, shop.merchant.id, { encrypted: false, dir, now: savedAt }))
        .nextAt,
    ).toEqual(new Date(Date.UTC(2026, 4, 10, 19)));

    const taken = await run(day(0));
    expect(taken).toMatchObject({
      trigger: "scheduled",
      ok: true,
      verified: true,
      encrypted: false,
      error: null,
      fileName: "hexiao-scheduled-20260510T190000Z.backup",
    });
    expect(taken?.sizeBytes).toBeGreaterThan(0);
    const { summary } = await inspectBackup(
      () => createReadStream(path.join(dir, taken!.fileName!)),
      undefined,
    );
    expect(summary.tables.find((t) => t.name === "merchants")?.rows).toBe(1);
    // Five minutes later, the slot is taken.
    expect(await run(new Date(day(0).getTime() + 5 * 60_000))).toBeNull();
  });

  it("is taken once when two instances' jobs run at the same time", async () => {
    const [a, b] = await Promise.all([run(day(1)), run(day(1))]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const rows = await db
      .select()
      .from(backupRuns)
      .where(eq(backupRuns.slot, new Date(Date.UTC(2026, 4, 11, 19))));
    expect(rows).toHaveLength(1);
  });

  it("keeps the newest N, deleting only the files it wrote", async () => {
    await writeFile(path.join(dir, "my-own-copy.backup"), "mine");
    await writeFile(path.join(dir, "hexiao-scheduled-20200101T000000Z.backup"), "not recorded");
    expect(await run(day(2))).toMatchObject({ ok: true, verified: true });
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      "hexiao-scheduled-20200101T000000Z.backup",
      "hexiao-scheduled-20260511T190000Z.backup",
      "hexiao-scheduled-20260512T190000Z.backup",
      "my-own-copy.backup",
    ]);
    const [first] = await db
      .select()
      .from(backupRuns)
      .where(eq(backupRuns.fileName, "hexiao-scheduled-20260510T190000Z.backup"));
    expect(first?.prunedAt).not.toBeNull();
  });

  it("encrypts with BACKUP_PASSPHRASE and verifies with it", async () => {
    const taken = await run(day(3), "correct horse battery");
    expect(taken).toMatchObject({ ok: true, verified: true, encrypted: true });
    await expect(
      inspectBackup(() => createReadStream(path.join(dir, taken!.fileName!)), undefined),
    ).rejects.toMatchObject({ reason: "passphrase_required" });
  });

  it("records a failure and keeps the older backups when the file cannot be written", async () => {
    // A file where the folder should be: the write fails.
    const blocked = path.join(dir, "blocked");
    await writeFile(blocked, "");
    const failed = await runScheduledBackup(testDb.opened, { dir: blocked, now: day(4) });
    expect(failed).toMatchObject({ ok: false, verified: false });
    expect(failed?.error).toBeTruthy();
    expect((await readdir(dir)).filter((f) => f.startsWith("hexiao-scheduled-2026"))).toHaveLength(
      2,
    );
  });

  it("takes none while the install holds another shop (a backup would hold it too)", async () => {
    const other = await seedMerchant(db, "Other");
    expect(await run(day(5))).toBeNull();
    await expect(
      updateBackupSchedule(db, owner(), shop.merchant.id, { enabled: true, hour: 4, keep: 3 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await db.delete(merchants).where(eq(merchants.id, other.merchant.id));
  });

  it("takes again a slot whose run died unfinished, never one still running", async () => {
    const slot = new Date(Date.UTC(2026, 4, 16, 19));
    const minutes = (n: number) => new Date(day(6).getTime() - n * 60_000);
    // An instance claimed the slot and died before it finished (no finishedAt, no outcome).
    const [dead] = await db
      .insert(backupRuns)
      .values({ trigger: "scheduled", slot, startedAt: minutes(20) })
      .returning();
    expect(await run(day(6))).toBeNull(); // twenty minutes: maybe still writing
    await db
      .update(backupRuns)
      .set({ startedAt: minutes(4 * 60) })
      .where(eq(backupRuns.id, dead!.id));
    const [a, b] = await Promise.all([run(day(6)), run(day(6))]);
    const taken = [a, b].filter(Boolean);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ id: dead!.id, ok: true, verified: true });
  });
});

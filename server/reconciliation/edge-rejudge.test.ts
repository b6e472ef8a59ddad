import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knownMigrations } from "@/db/migration-level";
import type { OpenDatabase } from "@/db/open";
import { auditLog, dataSteps, reconDifferences } from "@/db/schema";
import type { Db } from "@/db/types";
import { runPendingDataSteps } from "@/server/operations/data-steps";
import { engine, openTestDatabase, setupTestDatabase } from "@/test/db";
import { lendTodaysColumns } from "@/test/older-schema";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { jsonStatementReader, paidAt, sourceOf, statementFile } from "@/test/statement-import";
import { getDayClose } from "./recon-day.service";
import { importStatement } from "./statement-import.service";

/*
 * An install that found "missing there" differences before statements kept their period as
 * instants judged whole local days, edges included. Brought through the migration that calls
 * for judging them again, its start clears what today's rule does not judge, once.
 */

// The file's own migrated database stays unused: the old install is a second one.
setupTestDatabase();

let older: OpenDatabase;
let db: Db;
let shop: PaymentsSeed;
const at = (local: string) => new Date(`${local}+08:00`);

/** The open differences of our side in the shop, by amount. */
async function openMissing() {
  const rows = await db
    .select({ amount: reconDifferences.ourAmountMinor, status: reconDifferences.status })
    .from(reconDifferences)
    .where(
      and(
        eq(reconDifferences.merchantId, shop.merchant.id),
        eq(reconDifferences.kind, "missing_there"),
      ),
    );
  return rows.map((r) => [r.amount, r.status]).sort((a, b) => Number(a[0]) - Number(b[0]));
}

const rejudged = () =>
  db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.merchantId, shop.merchant.id),
        eq(auditLog.action, "recon.differences_rejudged"),
      ),
    );

beforeAll(async () => {
  const migrations = knownMigrations();
  const ours = migrations.findIndex((m) => m.tag.endsWith("_recon-edge-rejudge"));
  older = await openTestDatabase({ migrate: false });
  await older.migrate(migrations[ours - 1]!.when);
  db = older.db;
});

afterAll(async () => {
  await older?.close();
});

describe(`open differences found under the whole-day rule (${engine})`, () => {
  it("are judged again once at the start after the migration, audited as the system", async () => {
    const todays = await lendTodaysColumns(db);
    shop = await seedPayments(db, "Old edges");
    await paidAt(db, shop, 601n, at("2026-03-01T12:00:00"));
    const edge = await paidAt(db, shop, 602n, at("2026-03-01T23:58:00"));
    const settled = await paidAt(db, shop, 603n, at("2026-03-01T00:01:00"));
    // 1 March's bill, with none of them: today's import reports the inner payment missing.
    await importStatement(
      db,
      shop.manager,
      shop.merchant.id,
      {
        methodId: shop.sandbox.id,
        fileName: "1-mar.json",
        source: "upload",
        file: sourceOf(
          statementFile([], { from: at("2026-03-01T00:00:00"), to: at("2026-03-02T00:00:00") }),
        ),
      },
      undefined,
      jsonStatementReader,
    );
    // What the whole-day rule had reported besides: the payments of the day's last and first
    // minutes, one of them since resolved by a person.
    for (const [p, status] of [
      [edge, "open"],
      [settled, "resolved"],
    ] as const) {
      await db.insert(reconDifferences).values({
        merchantId: shop.merchant.id,
        methodId: shop.sandbox.id,
        day: "2026-03-01",
        kind: "missing_there",
        subjectKey: `attempt:${p.attempt.id}`,
        attemptId: p.attempt.id,
        orderId: p.order.id,
        currency: "CNY",
        ourAmountMinor: p === edge ? 602n : 603n,
        status,
      });
    }
    expect(await openMissing()).toEqual([
      [601n, "open"],
      [602n, "open"],
      [603n, "resolved"],
    ]);
    await todays.takeBack();

    await older.migrate();
    expect(await runPendingDataSteps(db)).toEqual(["recon-edge-rejudge"]);
    expect(await openMissing()).toEqual([
      [601n, "open"],
      [602n, "cleared"],
      [603n, "resolved"],
    ]);
    const [audit, ...more] = await rejudged();
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ actorUserId: null, entityId: shop.sandbox.id });
    expect(audit!.after).toMatchObject({ cleared: 1, days: ["2026-03-01"] });
    // The cleared payment now waits at the edge for 2 March's bill, like any newer one (the
    // resolved one was settled by a person: it waits for nothing).
    const day = await getDayClose(db, shop.merchant.id, {
      methodId: shop.sandbox.id,
      day: "2026-03-01",
    });
    expect(day.openDifferences).toBe(1);
    expect(day.waitingAtEdges.map((w) => w.id)).toEqual([edge.attempt.id]);

    // Once: the next start finds it done.
    expect(await runPendingDataSteps(db)).toEqual([]);
    expect(await rejudged()).toHaveLength(1);
    const [step] = await db.select().from(dataSteps);
    expect(step).toMatchObject({ name: "recon-edge-rejudge", doneAt: expect.any(Date) });
  });
});

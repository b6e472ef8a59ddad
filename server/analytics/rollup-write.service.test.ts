import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { writeAtCommit } from "@/db/commit-hooks";
import { auditLog, auditPending, paymentDailyRollups, stores } from "@/db/schema";
import type { Tx } from "@/db/types";
import { engine, setupTestDatabase } from "@/test/db";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { recordAudit, systemActor, verifyAuditChain } from "@/server/audit/audit.service";
import { addToRollup } from "./rollup-write";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "CommitWrite");
});

/** A day of each test's own, so that the tests' additions do not meet. */
let days = 0;
const nextDay = () => `2001-01-${String(++days).padStart(2, "0")}`;

/** The day's attempts in the roll-up, over its stripes (0 when it has no row). */
async function attemptsOn(day: string) {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${paymentDailyRollups.attempts}), 0)::int` })
    .from(paymentDailyRollups)
    .where(
      and(eq(paymentDailyRollups.merchantId, seed.merchant.id), eq(paymentDailyRollups.day, day)),
    );
  return row?.n ?? 0;
}

async function addAttempt(tx: Tx, day: string) {
  const key = {
    merchantId: seed.merchant.id,
    storeId: seed.store.id,
    methodId: seed.sandbox.id,
    currency: "CNY",
    day,
  };
  await addToRollup(
    tx,
    paymentDailyRollups,
    `day|${day}`,
    key,
    { attempts: 1 },
    seed.merchant.timeZone,
  );
}

/** The shop's audit rows of `action`, chained or still queued. */
async function auditRows(action: string) {
  const [chained, queued] = await Promise.all([
    db.$count(
      auditLog,
      and(eq(auditLog.merchantId, seed.merchant.id), eq(auditLog.action, action)),
    ),
    db.$count(auditPending, eq(auditPending.action, action)),
  ]);
  return { chained, queued };
}

const entry = (action: string, merchantId = seed.merchant.id) => ({
  merchantId,
  action,
  entityType: "merchant",
  entityId: merchantId,
});

describe(`roll-ups and audit rows written at commit (${engine})`, () => {
  it("writes a transaction's roll-up additions and audit rows, and chains the rows", async () => {
    const day = nextDay();
    await db.transaction(async (tx) => {
      await addAttempt(tx, day);
      await recordAudit(tx, systemActor, entry("commit.both"));
      await addAttempt(tx, day);
    });
    expect(await attemptsOn(day)).toBe(2);
    expect(await auditRows("commit.both")).toEqual({ chained: 1, queued: 0 });
    expect(await verifyAuditChain(db, seed.merchant.id)).toBeNull();
  });

  it("writes neither when the statement that writes both fails", async () => {
    const day = nextDay();
    const failed = db.transaction(async (tx) => {
      await addAttempt(tx, day);
      // Not a shop's id at all: the audit row's queueing fails on its uuid column (the queue has
      // no foreign keys to break: the sweep drops a deleted shop's rows instead).
      await recordAudit(tx, systemActor, entry("commit.refused", "not-a-shop-id"));
    });
    await expect(failed).rejects.toThrow();
    expect(await attemptsOn(day)).toBe(0);
    expect(await db.$count(auditPending, eq(auditPending.action, "commit.refused"))).toBe(0);
  });

  it("still writes all three when a write at commit comes between the roll-ups and the audit rows", async () => {
    const day = nextDay();
    const renamed = `Renamed ${day}`;
    await db.transaction(async (tx) => {
      await addAttempt(tx, day);
      await writeAtCommit(tx, `store|${seed.store.id}`, () =>
        tx.update(stores).set({ name: renamed }).where(eq(stores.id, seed.store.id)),
      );
      await recordAudit(tx, systemActor, entry("commit.between"));
    });
    expect(await attemptsOn(day)).toBe(1);
    const [store] = await db
      .select({ name: stores.name })
      .from(stores)
      .where(eq(stores.id, seed.store.id));
    expect(store?.name).toBe(renamed);
    expect(await auditRows("commit.between")).toEqual({ chained: 1, queued: 0 });
  });

  it("writes at once outside a transaction opened by the handle", async () => {
    const day = nextDay();
    // Drizzle's own nested transaction (a savepoint) is not opened through installCommitHooks.
    await db.transaction((outer) =>
      outer.transaction(async (inner) => {
        await addAttempt(inner, day);
        await recordAudit(inner, systemActor, entry("commit.at-once"));
      }),
    );
    expect(await attemptsOn(day)).toBe(1);
    expect(await auditRows("commit.at-once")).toEqual({ chained: 1, queued: 0 });
  });
});

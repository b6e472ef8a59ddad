import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { merchants, paymentRollups } from "@/db/schema";
import type { Db } from "@/db/types";
import { engine, setupTestDatabase } from "@/test/db";
import { rollupSnapshot } from "@/test/rollups";
import {
  actorOf,
  payableOrder,
  providerEvent,
  seedPayments,
  type PaymentsSeed,
} from "@/test/payments";
import { systemActor } from "@/server/audit/audit.service";
import { analyticsOptions } from "@/server/analytics/analytics.service";
import { getMerchantSettings, updateMerchantSettings } from "@/server/merchants/merchant.service";
import { applyProviderEvent } from "@/server/payments/provider-event.service";
import { rebuildRollups, rebuildStaleRollups } from "./rollup-rebuild.service";
import { selectRows } from "./rollup.service";

const { db } = setupTestDatabase();

async function moveZone(shop: PaymentsSeed, timeZone: string) {
  const settings = await getMerchantSettings(db, shop.merchant.id);
  await updateMerchantSettings(db, actorOf(shop.people.owner), shop.merchant.id, {
    name: settings.name,
    timeZone,
    defaultCurrency: settings.defaultCurrency,
    locale: settings.locale,
  });
}

const pay = (target: Db, shop: PaymentsSeed, attempt: Parameters<typeof providerEvent>[0]) =>
  target.transaction((tx) =>
    applyProviderEvent(
      tx,
      shop.sandbox.id,
      providerEvent({ ...attempt, currency: "CNY" }),
      systemActor,
    ),
  );

const isStale = async (shop: PaymentsSeed) =>
  (await analyticsOptions(db, shop.merchant.id)).rebuilding;

/** The roll-ups as kept, and as a rebuild from the payments makes them: equal when none is off. */
async function keptAndRebuilt(shop: PaymentsSeed) {
  const kept = await rollupSnapshot(db, shop.merchant.id);
  await rebuildRollups(db, shop.merchant.id);
  return { kept, rebuilt: await rollupSnapshot(db, shop.merchant.id) };
}

/** A shop in Shanghai with one payment made and one request waiting for its payment. */
async function shopWithWaitingRequest(name: string) {
  const shop = await seedPayments(db, name);
  await db
    .update(merchants)
    .set({ timeZone: "Asia/Shanghai" })
    .where(eq(merchants.id, shop.merchant.id));
  const paid = await payableOrder(db, shop, 1200n);
  await pay(db, shop, paid.attempt);
  const { attempt } = await payableOrder(db, shop, 1800n);
  return { shop, attempt };
}

describe(`roll-ups moved to a new time zone (${engine})`, () => {
  it("are marked when the zone changes, rebuilt by the job, and say so meanwhile", async () => {
    const { shop, attempt } = await shopWithWaitingRequest("Marked");
    const before = await rollupSnapshot(db, shop.merchant.id);
    expect(await isStale(shop)).toBe(false);
    await moveZone(shop, "America/New_York");
    // The save is quick: the roll-ups are still the old zone's, and analytics says so.
    expect(await isStale(shop)).toBe(true);
    expect(await rollupSnapshot(db, shop.merchant.id)).toEqual(before);
    // A payment before the job adds in the new zone; the job's rebuild counts it once.
    await pay(db, shop, attempt);
    expect(await rebuildStaleRollups(db)).toBeGreaterThanOrEqual(1);
    expect(await isStale(shop)).toBe(false);
    expect(await rebuildStaleRollups(db)).toBe(0);
    const { kept, rebuilt } = await keptAndRebuilt(shop);
    expect(kept).toEqual(rebuilt);
  });

  // A payment whose transaction read the old zone (its request's hour) and commits after the
  // change would add to an hour of the old zone's: its commit sees the shop's zone as last
  // committed and marks the roll-ups for another rebuild. Here the change is made in the
  // payment's own transaction, which its commit sees as it would see another's committed.
  it("are marked again by a payment bucketed in the zone before a change it commits after", async () => {
    const { shop, attempt } = await shopWithWaitingRequest("Straddled");
    await db.transaction(async (tx) => {
      await applyProviderEvent(
        tx,
        shop.sandbox.id,
        providerEvent({ ...attempt, currency: "CNY" }),
        systemActor,
      );
      await tx
        .update(merchants)
        .set({ timeZone: "America/New_York" })
        .where(eq(merchants.id, shop.merchant.id));
    });
    expect(await isStale(shop)).toBe(true);
    await rebuildStaleRollups(db);
    const { kept, rebuilt } = await keptAndRebuilt(shop);
    expect(kept).toEqual(rebuilt);
  });

  // A rebuild that fails half-way (here a trigger refuses the day rows, written after the hours)
  // leaves the roll-ups and the mark as they were: the next run does it all.
  it("lose nothing and count nothing twice when a rebuild dies half-way", async () => {
    const { shop, attempt } = await shopWithWaitingRequest("Interrupted");
    await moveZone(shop, "Europe/London");
    await pay(db, shop, attempt);
    const before = await rollupSnapshot(db, shop.merchant.id);
    await db.execute(sql`create function refuse_rollup_day() returns trigger language plpgsql
      as $$ begin raise exception 'rebuild interrupted'; end $$`);
    await db.execute(sql`create trigger refuse_rollup_day before insert on payment_daily_rollups
      for each row execute function refuse_rollup_day()`);
    try {
      await expect(rebuildStaleRollups(db)).rejects.toThrow();
    } finally {
      await db.execute(sql`drop trigger refuse_rollup_day on payment_daily_rollups`);
      await db.execute(sql`drop function refuse_rollup_day()`);
    }
    expect(await isStale(shop)).toBe(true);
    expect(await rollupSnapshot(db, shop.merchant.id)).toEqual(before);
    await rebuildStaleRollups(db);
    expect(await isStale(shop)).toBe(false);
    const { kept, rebuilt } = await keptAndRebuilt(shop);
    expect(kept).toEqual(rebuilt);
  });

  // PostgreSQL only: the embedded engine runs one transaction at a time.
  it.runIf(engine === "postgres")(
    "make a payment committing during a rebuild wait for it, then count once, in the new zone",
    async () => {
      const { shop, attempt } = await shopWithWaitingRequest("Waiting");
      await moveZone(shop, "America/New_York");
      let paid: Promise<unknown> | undefined;
      await db.transaction(async (rebuild) => {
        // What the job's rebuild holds first: the shop's row, FOR UPDATE.
        await rebuild
          .select()
          .from(merchants)
          .where(eq(merchants.id, shop.merchant.id))
          .for("update");
        await rebuild.delete(paymentRollups).where(eq(paymentRollups.merchantId, shop.merchant.id));
        paid = pay(db, shop, attempt);
        // The payment's commit waits for the shop's row (a lock, not a deadlock).
        for (let waiting = false; !waiting;) {
          const [row] = await selectRows<{ n: number }>(
            db,
            sql`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`,
          );
          waiting = (row?.n ?? 0) > 0;
        }
        await rebuildRollups(rebuild, shop.merchant.id);
      });
      await paid;
      expect(await isStale(shop)).toBe(false);
      const { kept, rebuilt } = await keptAndRebuilt(shop);
      expect(kept).toEqual(rebuilt);
    },
  );
});

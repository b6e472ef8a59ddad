import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { knownMigrations } from "@/db/migration-level";
import {
  paymentAmountMonthlyRollups,
  paymentAmountRollups,
  paymentMethodFees,
  paymentMethods,
} from "@/db/schema";
import { engine, openTestDatabase, setupTestDatabase } from "@/test/db";
import { lendTodaysColumns } from "@/test/older-schema";
import { seedPayments } from "@/test/payments";
import { testEncryptionKey } from "@/test/fixtures";
import { seedDemoIfEmpty } from "@/server/demo/demo";
import { findDemoShop, seedDemoHistory } from "@/server/demo/history";
import type { DayRange } from "@/server/time/local-date.logic";
import { whatIfFees } from "./analytics.service";
import { reprice } from "./metrics.logic";
import { selectRows } from "./rollup.service";

const { db } = setupTestDatabase();
let shop: Awaited<ReturnType<typeof findDemoShop>>;
const historyEnd = new Date("2026-06-17T04:00:00Z");

beforeAll(async () => {
  await seedDemoIfEmpty(db, testEncryptionKey);
  // Five months of history ending mid-June, so periods start and end at every kind of place.
  await seedDemoHistory(db, {
    orders: 1500,
    days: 150,
    seed: "what-if",
    now: historyEnd,
  });
  shop = await findDemoShop(db);
});

/** The period's paid payments per store and amount, read from the attempts themselves. */
async function fromAttempts(range: DayRange, storeId: string | null, methodId: string | null) {
  const rows = await selectRows<{ store_id: string; amount: string; n: number; fee: string }>(
    db,
    sql`select o.store_id, a.amount_minor::text as amount, count(*)::int as n,
        coalesce(sum(a.fee_minor), 0)::text as fee
      from payment_attempts a
      join orders o on o.id = a.order_id
      join merchants m on m.id = a.merchant_id
      where a.merchant_id = ${shop.id} and a.currency = ${shop.currency}
        and a.status = 'succeeded' and not a.is_duplicate
        and (a.created_at at time zone m.time_zone)::date between ${range.from}::date and ${range.to}::date
        ${storeId ? sql`and o.store_id = ${storeId}` : sql``}
        ${methodId ? sql`and a.method_id = ${methodId}` : sql``}
      group by 1, 2`,
  );
  return rows.map((r) => ({
    storeId: r.store_id,
    amountMinor: BigInt(r.amount),
    payments: Number(r.n),
    feeMinor: BigInt(r.fee),
  }));
}

describe(`what-if fees over months and days (${engine})`, () => {
  const ranges: DayRange[] = [
    { from: "2026-06-17", to: "2026-06-17" },
    { from: "2026-06-01", to: "2026-06-17" },
    { from: "2026-05-02", to: "2026-05-30" },
    { from: "2026-04-28", to: "2026-05-03" },
    { from: "2026-03-20", to: "2026-06-17" },
    { from: "2026-03-01", to: "2026-05-31" },
    { from: "2026-01-19", to: "2026-06-17" },
  ];

  it("re-prices exactly the payments of the period, whichever months and days it reads", async () => {
    const [first, second] = shop.methods;
    const targetId = (second ?? first)!.id;
    // The target takes yen too, at other amounts: the period's yuan are priced at the yuan's.
    await db
      .update(paymentMethods)
      .set({ currencies: ["JPY", shop.currency] })
      .where(eq(paymentMethods.id, targetId));
    await db.delete(paymentMethodFees).where(eq(paymentMethodFees.methodId, targetId));
    await db.insert(paymentMethodFees).values([
      { methodId: targetId, currency: "JPY", fixedMinor: 1000n, minMinor: 2000n, maxMinor: null },
      {
        methodId: targetId,
        currency: shop.currency,
        fixedMinor: 7n,
        minMinor: null,
        maxMinor: 90n,
      },
    ]);
    const [method] = await db.select().from(paymentMethods).where(eq(paymentMethods.id, targetId));
    const target = { rateBps: method!.feeRateBps, fixedMinor: 7n, minMinor: null, maxMinor: 90n };
    const filters = [
      { storeId: null, methodId: null },
      { storeId: shop.storeIds[1] ?? null, methodId: null },
      { storeId: null, methodId: first!.id },
    ];
    let payments = 0;
    for (const range of ranges) {
      for (const { storeId, methodId } of filters) {
        const buckets = await fromAttempts(range, storeId, methodId);
        for (const priced of [
          { targetMethodId: (second ?? first)!.id },
          { typedRule: { rateBps: 38, fixedMinor: 2 } },
        ]) {
          const w = await whatIfFees(
            db,
            shop.id,
            {
              filters: { preset: "custom", ...range, storeId },
              sourceMethodId: methodId,
              ...priced,
            },
            // Today is the history's last day, or long after it: the months and days read differ.
            "typedRule" in priced ? historyEnd : new Date(),
          );
          const rule =
            "typedRule" in priced ? { ...w.rule, minMinor: null, maxMinor: null } : target;
          expect(w.overall).toEqual(reprice(buckets, rule));
          expect(w.overall.payments).toBe(buckets.reduce((n, b) => n + b.payments, 0));
          expect(w.overall.actualMinor).toBe(buckets.reduce((n, b) => n + b.feeMinor, 0n));
          expect(w.overall.grossMinor).toBe(
            buckets.reduce((n, b) => n + b.amountMinor * BigInt(b.payments), 0n),
          );
          for (const s of w.stores) {
            const own = buckets.filter((b) => b.storeId === s.storeId);
            expect(s.payments).toBe(own.reduce((n, b) => n + b.payments, 0));
            expect(s).toMatchObject(reprice(own, rule));
          }
          expect(new Set(w.stores.map((s) => s.storeId))).toEqual(
            new Set(buckets.map((b) => b.storeId)),
          );
        }
        payments += buckets.length;
      }
    }
    // The ranges held payments to re-price at all.
    expect(payments).toBeGreaterThan(500);
  });

  it("prices at the target's rate alone where it has no amounts in the currency, and says so", async () => {
    const [first, second] = shop.methods;
    const targetId = (second ?? first)!.id;
    const filters = { preset: "custom" as const, ...ranges[0]!, storeId: null };
    const set = await whatIfFees(db, shop.id, { filters, targetMethodId: targetId }, historyEnd);
    await db.delete(paymentMethodFees).where(eq(paymentMethodFees.methodId, targetId));
    const unset = await whatIfFees(db, shop.id, { filters, targetMethodId: targetId }, historyEnd);
    expect(set.amountsSet).toBe(true);
    expect(unset).toMatchObject({ amountsSet: false, rule: { fixedMinor: 0n } });
    expect(unset.rule.rateBps).toBe(set.rule.rateBps);
  });
});

describe(`a shop upgraded to the monthly amounts (${engine})`, () => {
  it("finds its months summed from its days, stripes and all", async () => {
    const upgraded = await openTestDatabase({ migrate: false });
    try {
      const before = knownMigrations().find((m) => m.tag === "0040_audit-pending")!;
      await upgraded.migrate(before.when);
      const todays = await lendTodaysColumns(upgraded.db);
      const seed = await seedPayments(upgraded.db, "Upgrade");
      const key = {
        merchantId: seed.merchant.id,
        storeId: seed.store.id,
        methodId: seed.sandbox.id,
        currency: "CNY",
      };
      const day = (d: string, stripe: number, amountMinor: bigint, payments: number) => ({
        ...key,
        day: d,
        stripe,
        amountMinor,
        payments,
        feeMinor: BigInt(payments) * 6n,
      });
      await upgraded.db
        .insert(paymentAmountRollups)
        .values([
          day("2026-02-01", 0, 1500n, 2),
          day("2026-02-28", 3, 1500n, 1),
          day("2026-02-28", 5, 1500n, 4),
          day("2026-02-28", 5, 2200n, 1),
          day("2026-03-01", 0, 1500n, 1),
        ]);
      await todays.takeBack();
      await upgraded.migrate();
      const months = await upgraded.db
        .select()
        .from(paymentAmountMonthlyRollups)
        .where(eq(paymentAmountMonthlyRollups.merchantId, seed.merchant.id))
        .orderBy(paymentAmountMonthlyRollups.month, paymentAmountMonthlyRollups.amountMinor);
      expect(months.map((r) => [r.month, r.amountMinor, r.stripe, r.payments, r.feeMinor])).toEqual(
        [
          ["2026-02-01", 1500n, 0, 7, 42n],
          ["2026-02-01", 2200n, 0, 1, 6n],
          ["2026-03-01", 1500n, 0, 1, 6n],
        ],
      );
    } finally {
      await upgraded.close();
    }
  });
});

import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  paymentAmountMonthlyRollups,
  paymentAmountRollups,
  paymentDailyRollups,
} from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { seedPayments, type PaymentsSeed } from "@/test/payments";
import { foldRollupStripes } from "./rollup-fold.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "Fold");
});

describe(`folding roll-up stripes (${engine})`, () => {
  it("sums a past day's stripes into one row and leaves the recent days spread", async () => {
    const key = {
      merchantId: seed.merchant.id,
      storeId: seed.store.id,
      methodId: seed.sandbox.id,
      currency: "CNY",
    };
    const row = (day: string, stripe: number, paid: number, gross: bigint) => ({
      ...key,
      day,
      stripe,
      attempts: paid + 1,
      successes: paid,
      paidOrders: paid,
      failures: 1,
      grossMinor: gross,
    });
    await db
      .insert(paymentDailyRollups)
      .values([
        row("2026-01-10", 0, 2, 3000n),
        row("2026-01-10", 3, 1, 1500n),
        row("2026-01-10", 5, 4, 6001n),
        row("2099-01-01", 2, 1, 100n),
        row("2099-01-01", 4, 1, 200n),
      ]);
    await db.insert(paymentAmountRollups).values([
      { ...key, day: "2026-01-10", amountMinor: 1500n, stripe: 1, payments: 2, feeMinor: 12n },
      { ...key, day: "2026-01-10", amountMinor: 1500n, stripe: 6, payments: 1, feeMinor: 6n },
    ]);

    // A month is folded once it is over: January, not the month of 2099.
    await db.insert(paymentAmountMonthlyRollups).values([
      { ...key, month: "2026-01-01", amountMinor: 1500n, stripe: 2, payments: 2, feeMinor: 12n },
      { ...key, month: "2026-01-01", amountMinor: 1500n, stripe: 7, payments: 1, feeMinor: 6n },
      { ...key, month: "2099-01-01", amountMinor: 1500n, stripe: 3, payments: 1, feeMinor: 6n },
    ]);

    const folded = await foldRollupStripes(db);
    expect(folded).toBe(3);

    const days = await db
      .select()
      .from(paymentDailyRollups)
      .where(eq(paymentDailyRollups.merchantId, seed.merchant.id))
      .orderBy(paymentDailyRollups.day, paymentDailyRollups.stripe);
    expect(
      days.map((r) => [r.day, r.stripe, r.attempts, r.paidOrders, r.failures, r.grossMinor]),
    ).toEqual([
      ["2026-01-10", 0, 10, 7, 3, 10501n],
      ["2099-01-01", 2, 2, 1, 1, 100n],
      ["2099-01-01", 4, 2, 1, 1, 200n],
    ]);
    const amounts = await db
      .select()
      .from(paymentAmountRollups)
      .where(
        and(
          eq(paymentAmountRollups.merchantId, seed.merchant.id),
          eq(paymentAmountRollups.amountMinor, 1500n),
        ),
      );
    expect(amounts.map((r) => [r.stripe, r.payments, r.feeMinor])).toEqual([[0, 3, 18n]]);

    const months = await db
      .select()
      .from(paymentAmountMonthlyRollups)
      .where(eq(paymentAmountMonthlyRollups.merchantId, seed.merchant.id))
      .orderBy(paymentAmountMonthlyRollups.month, paymentAmountMonthlyRollups.stripe);
    expect(months.map((r) => [r.month, r.stripe, r.payments, r.feeMinor])).toEqual([
      ["2026-01-01", 0, 3, 18n],
      ["2099-01-01", 3, 1, 6n],
    ]);

    // Nothing left to fold: a second run changes nothing.
    expect(await foldRollupStripes(db)).toBe(0);
    const [total] = await db
      .select({ gross: sql<string>`sum(${paymentDailyRollups.grossMinor})::text` })
      .from(paymentDailyRollups)
      .where(eq(paymentDailyRollups.merchantId, seed.merchant.id));
    expect(total?.gross).toBe("10801");
  });
});

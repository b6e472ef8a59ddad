import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { promotionHolds, promotions } from "@/db/schema";
import { createPromotion } from "@/server/promotions/promotion.service";
import { createAttempt } from "@/server/payments/payment-request.service";
import { engine, setupTestDatabase } from "@/test/db";
import { newOrder, notify, seedPayments, testProviders } from "@/test/payments";
import { deleteShopHistory } from "./shop-history.service";

const { db } = setupTestDatabase();

describe(`deleting a shop's history (${engine})`, () => {
  it("gives the promotions back what its orders held and spent, and keeps the promotions", async () => {
    const seed = await seedPayments(db, "Wiped");
    const other = await seedPayments(db, "Kept");
    const promote = (s: typeof seed) =>
      createPromotion(db, s.manager, s.merchant.id, {
        name: "Wallet week",
        currency: "CNY",
        methodIds: [],
        anyWallet: true,
        startsOn: "2020-01-01",
        endsOn: "2099-12-31",
        benefit: "amount_off",
        amountOffMinor: 500n,
        budgetMinor: 100_000n,
      });
    const request = async (s: typeof seed) =>
      createAttempt(
        db,
        s.staff,
        s.merchant.id,
        { orderId: (await newOrder(db, s, 3000n)).id, methodId: s.sandbox.id },
        testProviders,
      );
    const promo = await promote(seed);
    const kept = await promote(other);
    await notify(db, seed.sandbox.id, await request(seed));
    await request(seed);
    await request(other);
    const budget = async (id: string) => {
      const [p] = await db.select().from(promotions).where(eq(promotions.id, id));
      return { reserved: p!.reservedMinor, spent: p!.spentMinor };
    };
    expect(await budget(promo.id)).toEqual({ reserved: 500n, spent: 500n });

    await db.transaction((tx) => deleteShopHistory(tx, seed.merchant.id));

    expect(await budget(promo.id)).toEqual({ reserved: 0n, spent: 0n });
    expect(
      await db.select().from(promotionHolds).where(eq(promotionHolds.promotionId, promo.id)),
    ).toEqual([]);
    expect(await budget(kept.id)).toEqual({ reserved: 500n, spent: 0n });
  });
});

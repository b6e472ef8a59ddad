import { describe, expect, it } from "vitest";
import { engine, setupTestDatabase } from "@/test/db";
import { seedPayments } from "@/test/payments";
import { createPromotion, listPromotions } from "./promotion.service";

const { db } = setupTestDatabase();

describe(`the promotions list (${engine})`, () => {
  it("pages by keyset, latest start first, ties by id, each promotion once and only the shop's own", async () => {
    const shop = await seedPayments(db, "PromoList");
    const other = await seedPayments(db, "PromoListOther");
    const starts = [
      "2026-03-01",
      "2026-05-01",
      "2026-05-01",
      "2026-05-01",
      "2026-01-15",
      "2026-07-04",
      "2026-05-01",
    ];
    const made = [];
    for (const [i, startsOn] of starts.entries())
      made.push(
        await createPromotion(db, shop.manager, shop.merchant.id, {
          name: `Promotion ${i}`,
          currency: "CNY",
          anyWallet: true,
          startsOn,
          endsOn: "2026-12-31",
          benefit: "amount_off",
          amountOffMinor: 100n,
          budgetMinor: 10_000n,
        }),
      );
    await createPromotion(db, other.manager, other.merchant.id, {
      name: "Not ours",
      currency: "CNY",
      anyWallet: true,
      startsOn: "2026-06-01",
      endsOn: "2026-12-31",
      benefit: "amount_off",
      amountOffMinor: 100n,
      budgetMinor: 10_000n,
    });

    const seen: { id: string; startsOn: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listPromotions(db, shop.merchant.id, { cursor, limit: 3 });
      expect(page.rows.length).toBeLessThanOrEqual(3);
      seen.push(...page.rows.map((p) => ({ id: p.id, startsOn: p.startsOn })));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);

    expect(pages).toBe(3);
    const expected = made
      .map((p) => ({ id: p.id, startsOn: p.startsOn }))
      .sort((a, b) =>
        a.startsOn === b.startsOn ? b.id.localeCompare(a.id) : b.startsOn.localeCompare(a.startsOn),
      );
    expect(seen).toEqual(expected);
  });

  it("restarts from the first page on a tampered cursor", async () => {
    const shop = await seedPayments(db, "PromoListCursor");
    const first = await listPromotions(db, shop.merchant.id, {});
    expect(await listPromotions(db, shop.merchant.id, { cursor: "not-a-cursor" })).toEqual(first);
  });
});

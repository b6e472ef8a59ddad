import { describe, expect, it } from "vitest";
import {
  isEligible,
  merchantShareOf,
  percentOf,
  pricePromotions,
  type PricedPromotion,
  type PricingRequest,
} from "./pricing.logic";

const promo = (over: Partial<PricedPromotion> = {}): PricedPromotion => ({
  id: "p1",
  enabled: true,
  currency: "CNY",
  anyWallet: true,
  methodIds: [],
  storeIds: [],
  startsOn: "2026-12-01",
  endsOn: "2026-12-31",
  hourFrom: 0,
  hourTo: 24,
  minOrderMinor: 0n,
  benefit: "amount_off",
  amountOffMinor: 500n,
  percentOffBps: null,
  capMinor: null,
  itemName: null,
  itemPriceMinor: null,
  stackable: false,
  remainingMinor: 1_000_000n,
  perCustomerLimit: null,
  customerUses: 0,
  ...over,
});

const request = (over: Partial<PricingRequest> = {}): PricingRequest => ({
  methodId: "alipay",
  methodKind: "alipay",
  storeId: "s1",
  currency: "CNY",
  amountMinor: 3000n,
  items: [],
  localDate: "2026-12-03",
  localHour: 12,
  customerKnown: false,
  ...over,
});

describe("promotion pricing", () => {
  it("takes an amount off", () => {
    expect(pricePromotions([promo()], request())).toEqual({
      originalMinor: 3000n,
      discountMinor: 500n,
      toPayMinor: 2500n,
      lines: [{ promotionId: "p1", amountMinor: 500n }],
    });
  });

  it("takes a percentage off, rounded half up to the fen, then capped", () => {
    const tenPercent = promo({ benefit: "percent_off", percentOffBps: 1000, amountOffMinor: null });
    // 10 % of 12.35 is 1.235: half up gives 1.24.
    expect(pricePromotions([tenPercent], request({ amountMinor: 1235n })).discountMinor).toBe(124n);
    // 1.234 rounds down to 1.23.
    expect(pricePromotions([tenPercent], request({ amountMinor: 1234n })).discountMinor).toBe(123n);
    const capped = { ...tenPercent, capMinor: 800n };
    expect(pricePromotions([capped], request({ amountMinor: 20_000n })).discountMinor).toBe(800n);
    expect(pricePromotions([capped], request({ amountMinor: 5_000n })).discountMinor).toBe(500n);
  });

  it("rounds half up exactly at the half and never on a whole", () => {
    expect(percentOf(5n, 1000)).toBe(1n); // 0.5 → 1
    expect(percentOf(4n, 1000)).toBe(0n); // 0.4 → 0
    expect(percentOf(15n, 1000)).toBe(2n); // 1.5 → 2
    expect(percentOf(10_000n, 333)).toBe(333n);
  });

  it("sells the named item at the promotion price, per unit, never above its own price", () => {
    const latte = promo({
      benefit: "item_price",
      amountOffMinor: null,
      itemName: "Latte",
      itemPriceMinor: 990n,
    });
    const items = [
      { name: "Latte", quantity: 2, unitPriceMinor: 2800n },
      { name: "Bagel", quantity: 1, unitPriceMinor: 1500n },
    ];
    const priced = pricePromotions([latte], request({ amountMinor: 7100n, items }));
    expect(priced.discountMinor).toBe(2n * (2800n - 990n));
    expect(priced.toPayMinor).toBe(7100n - 3620n);
    const cheap = [{ name: "Latte", quantity: 1, unitPriceMinor: 800n }];
    expect(pricePromotions([latte], request({ amountMinor: 800n, items: cheap })).lines).toEqual(
      [],
    );
    expect(pricePromotions([latte], request()).lines).toEqual([]);
  });

  it("always leaves one fen to pay", () => {
    const big = promo({ amountOffMinor: 5000n });
    expect(pricePromotions([big], request({ amountMinor: 3000n })).toPayMinor).toBe(1n);
  });

  it("checks methods, stores, dates, local hours, the minimum and the currency", () => {
    const only = promo({ anyWallet: false, methodIds: ["wechat"] });
    expect(isEligible(only, request())).toBe(false);
    expect(isEligible(only, request({ methodId: "wechat", methodKind: "wechat_pay" }))).toBe(true);
    expect(isEligible(promo(), request({ methodKind: "cash", methodId: "cash" }))).toBe(false);
    expect(isEligible(promo({ storeIds: ["s2"] }), request())).toBe(false);
    expect(isEligible(promo({ startsOn: "2026-12-04" }), request())).toBe(false);
    expect(isEligible(promo({ endsOn: "2026-12-03" }), request())).toBe(true);
    expect(isEligible(promo({ endsOn: "2026-12-02" }), request())).toBe(false);
    expect(isEligible(promo({ hourFrom: 11, hourTo: 12 }), request())).toBe(false);
    expect(isEligible(promo({ hourFrom: 12, hourTo: 14 }), request())).toBe(true);
    expect(isEligible(promo({ minOrderMinor: 3001n }), request())).toBe(false);
    expect(isEligible(promo({ currency: "USD" }), request())).toBe(false);
    expect(isEligible(promo({ enabled: false }), request())).toBe(false);
  });

  it("holds a recognised customer to the per-customer limit, not an unknown one", () => {
    const once = promo({ perCustomerLimit: 1, customerUses: 1 });
    expect(isEligible(once, request({ customerKnown: true }))).toBe(false);
    expect(isEligible(once, request({ customerKnown: false }))).toBe(true);
    expect(isEligible({ ...once, customerUses: 0 }, request({ customerKnown: true }))).toBe(true);
  });

  it("applies one promotion at a time, the best, unless they are stackable", () => {
    const small = promo({ id: "a", amountOffMinor: 300n });
    const large = promo({ id: "b", amountOffMinor: 700n });
    expect(pricePromotions([small, large], request()).lines).toEqual([
      { promotionId: "b", amountMinor: 700n },
    ]);
    const s1 = promo({ id: "s1", amountOffMinor: 200n, stackable: true });
    const s2 = promo({
      id: "s2",
      benefit: "percent_off",
      percentOffBps: 1000,
      amountOffMinor: null,
      stackable: true,
    });
    // Together: 10 % of 30.00 (3.00) is the larger, so first; then 2.00 off the 27.00 left.
    expect(pricePromotions([small, s1, s2], request()).lines).toEqual([
      { promotionId: "s2", amountMinor: 300n },
      { promotionId: "s1", amountMinor: 200n },
    ]);
    // Stacked percentages apply to what is left: 10 % of 30.00, then 10 % of 27.00.
    const s3 = { ...s2, id: "s3" };
    expect(pricePromotions([s2, s3], request()).discountMinor).toBe(300n + 270n);
    // A non-stackable one worth more than the stack stands alone.
    const huge = promo({ id: "h", amountOffMinor: 1000n });
    expect(pricePromotions([huge, s1, s2], request()).lines).toEqual([
      { promotionId: "h", amountMinor: 1000n },
    ]);
  });

  it("drops a promotion whose budget cannot cover its whole discount", () => {
    const low = promo({ id: "low", amountOffMinor: 700n, remainingMinor: 600n });
    const other = promo({ id: "other", amountOffMinor: 200n });
    expect(pricePromotions([low, other], request()).lines).toEqual([
      { promotionId: "other", amountMinor: 200n },
    ]);
    expect(pricePromotions([low], request()).discountMinor).toBe(0n);
  });

  it("splits the discount's funding, the provider's share rounded half up", () => {
    expect(merchantShareOf(500n, 0)).toBe(500n);
    expect(merchantShareOf(500n, 5000)).toBe(250n);
    expect(merchantShareOf(5n, 5000)).toBe(2n);
    expect(merchantShareOf(500n, 10_000)).toBe(0n);
  });
});

import { describe, expect, it } from "vitest";
import {
  averageTicket,
  change,
  emptyTotals,
  keyFigures,
  netRevenue,
  normalCdf,
  promotionFigures,
  refundFigures,
  refundRate,
  reprice,
  twoProportionZTest,
  verdict,
} from "./metrics.logic";

describe("promotion cost", () => {
  it("is the discounts given, and their share of the full price (what was paid plus the discounts)", () => {
    // Paid 255.00 after 45.00 of discounts: 45 / 300 = 15 %.
    expect(promotionFigures({ grossMinor: 25500n, discountMinor: 4500n })).toEqual({
      promotionCostMinor: 4500n,
      promotionCostRate: 0.15,
    });
    expect(promotionFigures({ grossMinor: 0n, discountMinor: 0n })).toEqual({
      promotionCostMinor: 0n,
      promotionCostRate: null,
    });
  });
  it("is never taken off net revenue twice: takings are already after the discounts", () =>
    expect(
      netRevenue({ ...emptyTotals, grossMinor: 25500n, feeMinor: 153n, discountMinor: 4500n }),
    ).toBe(25347n));
});

describe("key figures on a hand-computed period", () => {
  // 40 orders offered a request, 30 paid for 1 234.50 in all; fees 7.41; two refunds for
  // 20.00 in all, with 0.12 of fees given back.
  const figures = keyFigures({
    ordersOffered: 40,
    paidOrders: 30,
    attempts: 52,
    failures: 14,
    grossMinor: 123450n,
    feeMinor: 741n,
    discountMinor: 0n,
    refunds: 2,
    refundMinor: 2000n,
    refundFeeMinor: 12n,
  });

  it("conversion is paid orders over orders offered a request", () =>
    expect(figures.conversion).toBe(0.75));
  it("effective fee rate is fees over takings in bp", () =>
    // 741 / 123 450 = 0.0060024… → 60.02 bp
    expect(figures.effectiveFeeBps).toBe(60.02));
  it("net is takings less fees and refunds, plus the fees given back with the refunds", () =>
    // 123 450 − 741 − 2 000 + 12
    expect(figures.netMinor).toBe(120721n));
  it("shows the refunds' count, amount and fees given back as summed", () =>
    expect(figures).toMatchObject({ refunds: 2, refundedMinor: 2000n, refundFeeMinor: 12n }));
  it("average ticket rounds half up to the minor unit", () => {
    expect(figures.averageTicketMinor).toBe(4115n); // 4 115.0
    expect(averageTicket(1001n, 2)).toBe(501n); // 500.5 → 501
    expect(averageTicket(1000n, 3)).toBe(333n);
    expect(averageTicket(0n, 0)).toBeNull();
  });
  it("refund rate is the refunded amount over takings, not the count over paid orders", () =>
    expect(figures.refundRate).toBeCloseTo(2000 / 123450, 9));
  it("has no ratios on an empty period", () => {
    const empty = keyFigures(emptyTotals);
    expect([
      empty.conversion,
      empty.effectiveFeeBps,
      empty.averageTicketMinor,
      empty.refundRate,
    ]).toEqual([null, null, null, null]);
  });
});

describe("refund figures", () => {
  const paid = { ...emptyTotals, paidOrders: 4, grossMinor: 10000n, feeMinor: 60n };
  it("weigh one large refund more than several small ones: the rate is by amount", () => {
    const oneLarge = refundFigures({ ...paid, refunds: 1, refundMinor: 5000n });
    const threeSmall = refundFigures({ ...paid, refunds: 3, refundMinor: 300n });
    expect(oneLarge.refundRate).toBe(0.5);
    expect(threeSmall.refundRate).toBe(0.03);
  });
  it("give the whole takings back as a rate of 1 and a net of the fees kept", () => {
    // Refunded in full; the provider returned 0.40 of its 0.60 fee: 0.20 lost.
    const all = refundFigures({ ...paid, refunds: 4, refundMinor: 10000n, refundFeeMinor: 40n });
    expect(all.refundRate).toBe(1);
    expect(all.netMinor).toBe(-20n);
  });
  it("net without refunds is takings less fees; fees back never count without a refund", () => {
    expect(netRevenue(paid)).toBe(9940n);
    expect(refundFigures(paid)).toEqual({
      refunds: 0,
      refundedMinor: 0n,
      refundRate: 0,
      refundFeeMinor: 0n,
      netMinor: 9940n,
    });
  });
  it("has no rate without takings", () =>
    expect(refundRate({ grossMinor: 0n, refundMinor: 0n })).toBeNull());
});

describe("change against the previous period", () => {
  it("is relative", () => {
    expect(change(125, 100)).toBe(0.25);
    expect(change(75n, 100n)).toBe(-0.25);
  });
  it("is unknown from nothing", () => {
    expect(change(10, 0)).toBeNull();
    expect(change(null, 5)).toBeNull();
  });
});

describe("two-proportion z-test", () => {
  it("normal CDF matches the table", () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249979, 6);
  });
  // Reference values computed independently with the pooled formula and erfc.
  it.each([
    [50, 100, 65, 100, 2.1455956, 0.0319053],
    [120, 400, 150, 400, 2.2430886, 0.0248911],
    [800, 1000, 780, 1000, -1.0979734, 0.2722161],
  ])("x1=%d n1=%d x2=%d n2=%d → z %f, p %f", (x1, n1, x2, n2, z, p) => {
    const test = twoProportionZTest(x1, n1, x2, n2)!;
    expect(test.z).toBeCloseTo(z, 6);
    expect(test.pValue).toBeCloseTo(p, 6);
  });
  it("has nothing to test without variance or data", () => {
    expect(twoProportionZTest(0, 0, 5, 10)).toBeNull();
    expect(twoProportionZTest(10, 10, 20, 20)).toBeNull();
  });
});

describe("before/after verdict", () => {
  it("says better, worse or no clear change when the data allows", () => {
    expect(verdict(50, 100, 65, 100)).toBe("better");
    expect(verdict(65, 100, 50, 100)).toBe("worse");
    expect(verdict(800, 1000, 780, 1000)).toBe("noClearChange");
  });
  it("says the data is too thin with fewer than 5 successes or failures in a window", () => {
    expect(verdict(3, 4, 9, 10)).toBe("tooThin");
    expect(verdict(98, 100, 100, 100)).toBe("tooThin");
    expect(verdict(0, 0, 50, 100)).toBe("tooThin");
  });
});

describe("what-if re-pricing", () => {
  // 0.6 % with a 0.10 minimum and a 2.00 maximum, applied per payment.
  const rule = { rateBps: 60, fixedMinor: 0n, minMinor: 10n, maxMinor: 200n };
  it("applies minimum and maximum per transaction, not to the total", () => {
    const result = reprice(
      [
        { amountMinor: 500n, payments: 10, feeMinor: 30n }, // 3 → min 10, ×10 = 100
        { amountMinor: 100000n, payments: 2, feeMinor: 1200n }, // 600 → max 200, ×2 = 400
        { amountMinor: 2083n, payments: 3, feeMinor: 36n }, // 12.498 → 12, ×3 = 36
      ],
      rule,
    );
    expect(result).toEqual({
      payments: 15,
      grossMinor: 5000n + 200000n + 6249n,
      actualMinor: 1266n,
      repricedMinor: 536n,
      differenceMinor: -730n,
    });
    // On the total the rule would give 200 (capped): per-transaction pricing is what a provider charges.
  });
});

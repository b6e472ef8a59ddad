import { describe, expect, it } from "vitest";
import {
  averageTicket,
  change,
  keyFigures,
  normalCdf,
  reprice,
  twoProportionZTest,
  verdict,
} from "./metrics.logic";

describe("key figures on a hand-computed period", () => {
  // 40 orders offered a request, 30 paid for 1 234.50 in all; fees 7.41; refunds 20.00.
  const figures = keyFigures({
    ordersOffered: 40,
    paidOrders: 30,
    attempts: 52,
    failures: 14,
    grossMinor: 123450n,
    feeMinor: 741n,
    refundMinor: 2000n,
  });

  it("conversion is paid orders over orders offered a request", () =>
    expect(figures.conversion).toBe(0.75));
  it("effective fee rate is fees over takings in bp", () =>
    // 741 / 123 450 = 0.0060024… → 60.02 bp
    expect(figures.effectiveFeeBps).toBe(60.02));
  it("net is takings less fees and refunds", () => expect(figures.netMinor).toBe(120709n));
  it("average ticket rounds half up to the minor unit", () => {
    expect(figures.averageTicketMinor).toBe(4115n); // 4 115.0
    expect(averageTicket(1001n, 2)).toBe(501n); // 500.5 → 501
    expect(averageTicket(1000n, 3)).toBe(333n);
    expect(averageTicket(0n, 0)).toBeNull();
  });
  it("refund rate is refunds over takings", () =>
    expect(figures.refundRate).toBeCloseTo(2000 / 123450, 6));
  it("has no ratios on an empty period", () => {
    const empty = keyFigures({
      ordersOffered: 0,
      paidOrders: 0,
      attempts: 0,
      failures: 0,
      grossMinor: 0n,
      feeMinor: 0n,
      refundMinor: 0n,
    });
    expect([
      empty.conversion,
      empty.effectiveFeeBps,
      empty.averageTicketMinor,
      empty.refundRate,
    ]).toEqual([null, null, null, null]);
  });
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

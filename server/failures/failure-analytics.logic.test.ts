import { describe, expect, it } from "vitest";
import { recoverySummary } from "./failure-analytics.logic";

describe("recoverySummary", () => {
  it("adds recovered money per currency, never across currencies", () => {
    expect(
      recoverySummary([
        { recovered: true, currency: "USD", recoveredMinor: 150n },
        { recovered: true, currency: "CNY", recoveredMinor: 1000n },
        { recovered: true, currency: "CNY", recoveredMinor: 250n },
        { recovered: false, currency: "CNY", recoveredMinor: null },
      ]),
    ).toEqual({
      failedOrders: 4,
      recoveredOrders: 3,
      rate: 0.75,
      recoveredMoney: [
        { currency: "CNY", amountMinor: 1250n },
        { currency: "USD", amountMinor: 150n },
      ],
    });
  });
});

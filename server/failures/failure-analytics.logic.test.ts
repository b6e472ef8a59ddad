import { describe, expect, it } from "vitest";
import { recoverySummary } from "./failure-analytics.logic";

describe("recoverySummary", () => {
  it("adds recovered money per currency, never across currencies", () => {
    expect(
      recoverySummary([
        { currency: "USD", failedOrders: 1, recoveredOrders: 1, recoveredMinor: 150n },
        { currency: "CNY", failedOrders: 2, recoveredOrders: 1, recoveredMinor: 1000n },
        { currency: "CNY", failedOrders: 1, recoveredOrders: 1, recoveredMinor: 250n },
        { currency: "EUR", failedOrders: 2, recoveredOrders: 0, recoveredMinor: 0n },
      ]),
    ).toEqual({
      failedOrders: 6,
      recoveredOrders: 3,
      rate: 0.5,
      recoveredMoney: [
        { currency: "CNY", amountMinor: 1250n },
        { currency: "USD", amountMinor: 150n },
      ],
    });
  });
});

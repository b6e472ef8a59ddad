import { describe, expect, it } from "vitest";
import { daysBetween, recoverySummary } from "./failure-analytics.logic";

describe("daysBetween", () => {
  it("lists every day inclusive, across a month end", () => {
    expect(daysBetween("2026-02-27", "2026-03-02")).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
    expect(daysBetween("2026-03-02", "2026-03-01")).toEqual([]);
  });
});

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

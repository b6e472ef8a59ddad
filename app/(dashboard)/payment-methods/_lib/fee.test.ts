import { describe, expect, it } from "vitest";
import { bpsToPercent, describeFee, percentToBps } from "./fee";

describe("fee rate as typed and shown", () => {
  it("turns a percentage with up to two decimals into whole basis points", () => {
    expect(percentToBps("0.6")).toBe(60);
    expect(percentToBps("0.60")).toBe(60);
    expect(percentToBps("2.9 %")).toBe(290);
    expect(percentToBps("０．５５")).toBe(55);
    expect(percentToBps("0")).toBe(0);
    expect(percentToBps("100")).toBe(10_000);
  });

  it("refuses what is not a whole number of basis points or above 100 %", () => {
    expect(percentToBps("0.605")).toBeNull();
    expect(percentToBps("100.01")).toBeNull();
    expect(percentToBps("-1")).toBeNull();
    expect(percentToBps("abc")).toBeNull();
    expect(percentToBps("")).toBeNull();
  });

  it("shows basis points as a percentage with two decimals", () => {
    expect(bpsToPercent(60)).toBe("0.60");
    expect(bpsToPercent(290)).toBe("2.90");
    expect(bpsToPercent(5)).toBe("0.05");
    expect(bpsToPercent(10_000)).toBe("100.00");
  });

  it("writes the rule the way a price list does", () => {
    expect(describeFee({ feeRateBps: 60, feeFixedMinor: 0n }, "CNY", "en")).toBe("0.60% + CN¥0.00");
    expect(describeFee({ feeRateBps: 290, feeFixedMinor: 30n }, "USD", "en")).toBe("2.90% + $0.30");
  });
});

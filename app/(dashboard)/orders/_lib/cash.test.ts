import { describe, expect, it } from "vitest";
import { quickTenders } from "./cash";

describe("quick cash amounts", () => {
  it("offers the next round notes above the bill", () => {
    expect(quickTenders(3650n, "CNY")).toEqual([4000n, 5000n, 10000n]);
    expect(quickTenders(1200n, "CNY")).toEqual([2000n, 5000n, 10000n]);
  });

  it("leaves out the bill itself when it is already round", () => {
    expect(quickTenders(5000n, "CNY")).toEqual([6000n, 10000n]);
  });

  it("rounds large bills up to the next 50 and 100", () => {
    expect(quickTenders(12345n, "CNY")).toEqual([13000n, 14000n, 15000n]);
  });

  it("counts in larger notes for a currency without minor units", () => {
    expect(quickTenders(1234n, "JPY")).toEqual([2000n, 5000n, 10000n]);
  });
});

import { describe, expect, it } from "vitest";
import { cashDifferenceThreshold, isCashDifference } from "@/server/risk/risk.logic";
import { countTotal } from "./denominations.logic";
import {
  canTransitionShift,
  cashDifference,
  expectedCash,
  shiftStatuses,
  shiftStatusesInto,
} from "./shift.logic";

describe("shift logic", () => {
  it("a shift goes open → closed → confirmed, and nowhere else", () => {
    const allowed = shiftStatuses.flatMap((from) =>
      shiftStatuses.filter((to) => canTransitionShift(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual(["open→closed", "closed→confirmed"]);
    expect(shiftStatusesInto("closed")).toEqual(["open"]);
  });

  it("expected cash and the difference are exact integers of fen", () => {
    const expected = expectedCash({
      floatMinor: 20037n,
      cashSalesMinor: 11233n,
      cashRefundsMinor: 333n,
      paidOutsMinor: 1500n,
    });
    expect(expected).toBe(29437n);
    expect(cashDifference(29400n, expected)).toBe(-37n);
    expect(cashDifference(29500n, expected)).toBe(63n);
  });

  it("a count by denomination adds up notes and coins", () => {
    expect(countTotal({ 10000: 3, 2000: 1, 100: 4, 50: 1, 10: 7 })).toBe(32520n);
    expect(countTotal({})).toBe(0n);
    expect(() => countTotal({ 500: -1 })).toThrow(RangeError);
    expect(() => countTotal({ 500: 1.5 })).toThrow(RangeError);
  });

  it("the cash-difference rule raises beyond its amount, over or short", () => {
    const threshold = cashDifferenceThreshold({ beyond: 10 }, "CNY");
    expect(threshold).toBe(1000n);
    expect(isCashDifference(-1000n, threshold)).toBe(false);
    expect(isCashDifference(-1001n, threshold)).toBe(true);
    expect(isCashDifference(1001n, threshold)).toBe(true);
    expect(cashDifferenceThreshold({ beyond: 10 }, "JPY")).toBe(10n);
    expect(isCashDifference(1n, cashDifferenceThreshold({ beyond: 0 }, "CNY"))).toBe(true);
  });
});

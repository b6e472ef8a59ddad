import { describe, expect, it } from "vitest";
import { localDate } from "@/server/time/local-date.logic";
import { formatOrderNumber } from "./order-number.logic";

describe("formatOrderNumber", () => {
  it.each([
    ["2026-11-26", 1, "20261126-0001"],
    ["2026-11-26", 42, "20261126-0042"],
    ["2026-01-05", 9999, "20260105-9999"],
    ["2026-01-05", 10_000, "20260105-10000"],
    ["2026-01-05", 123_456, "20260105-123456"],
  ])("%s #%i → %s", (date, sequence, expected) => {
    expect(formatOrderNumber(date, sequence)).toBe(expected);
  });

  it("sorts as text in the order the numbers were given, within a day", () => {
    const numbers = [1, 2, 10, 100, 999, 9999].map((n) => formatOrderNumber("2026-11-26", n));
    expect([...numbers].sort()).toEqual(numbers);
  });

  it.each(["2026-1-5", "20261126", "2026/11/26", "", "2026-11-26T00:00"])(
    "refuses the date %j",
    (date) => {
      expect(() => formatOrderNumber(date, 1)).toThrow(RangeError);
    },
  );

  it.each([0, -1, 1.5, Number.NaN])("refuses the sequence %s", (sequence) => {
    expect(() => formatOrderNumber("2026-11-26", sequence)).toThrow(RangeError);
  });
});

describe("formatOrderNumber with the local date", () => {
  it("numbers an order by the shop's date, not UTC's", () => {
    const date = localDate(new Date("2026-11-25T23:30:00Z"), "Asia/Shanghai");
    expect(formatOrderNumber(date, 7)).toBe("20261126-0007");
  });
});

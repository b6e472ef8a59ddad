import { describe, expect, it } from "vitest";
import { formatOrderNumber, merchantLocalDate } from "./order-number.logic";

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

describe("merchantLocalDate", () => {
  it("puts Shanghai's early morning on its own date, not UTC's", () => {
    // 2026-11-25 23:30 UTC = 2026-11-26 07:30 in Shanghai (UTC+8, no DST).
    const at = new Date("2026-11-25T23:30:00Z");
    expect(merchantLocalDate(at, "Asia/Shanghai")).toBe("2026-11-26");
    expect(merchantLocalDate(at, "UTC")).toBe("2026-11-25");
  });

  it("changes date at Shanghai's midnight, which is 16:00 UTC", () => {
    expect(merchantLocalDate(new Date("2026-11-26T15:59:59.999Z"), "Asia/Shanghai")).toBe(
      "2026-11-26",
    );
    expect(merchantLocalDate(new Date("2026-11-26T16:00:00Z"), "Asia/Shanghai")).toBe("2026-11-27");
  });

  it("follows a zone's daylight-saving offset", () => {
    // New York: UTC−4 in summer, UTC−5 in winter; local midnight moves by an hour in UTC.
    expect(merchantLocalDate(new Date("2026-07-01T03:59:00Z"), "America/New_York")).toBe(
      "2026-06-30",
    );
    expect(merchantLocalDate(new Date("2026-07-01T04:00:00Z"), "America/New_York")).toBe(
      "2026-07-01",
    );
    expect(merchantLocalDate(new Date("2026-01-01T04:59:00Z"), "America/New_York")).toBe(
      "2025-12-31",
    );
    expect(merchantLocalDate(new Date("2026-01-01T05:00:00Z"), "America/New_York")).toBe(
      "2026-01-01",
    );
  });

  it("handles a zone whose local date runs ahead of UTC across a year end", () => {
    expect(merchantLocalDate(new Date("2026-12-31T11:00:00Z"), "Pacific/Auckland")).toBe(
      "2027-01-01",
    );
  });

  it("feeds formatOrderNumber", () => {
    const date = merchantLocalDate(new Date("2026-11-25T23:30:00Z"), "Asia/Shanghai");
    expect(formatOrderNumber(date, 7)).toBe("20261126-0007");
  });

  it("refuses an invalid date or time zone", () => {
    expect(() => merchantLocalDate(new Date("nope"), "Asia/Shanghai")).toThrow(RangeError);
    expect(() => merchantLocalDate(new Date(), "Mars/Olympus")).toThrow(RangeError);
  });
});

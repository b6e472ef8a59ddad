import { describe, expect, it } from "vitest";
import {
  addDays,
  daysIn,
  eachDay,
  localDate,
  localDayStart,
  localTimestamp,
} from "./local-date.logic";

describe("localDate", () => {
  it("puts Shanghai's early morning on its own date, not UTC's", () => {
    // 2026-11-25 23:30 UTC = 2026-11-26 07:30 in Shanghai (UTC+8, no DST).
    const at = new Date("2026-11-25T23:30:00Z");
    expect(localDate(at, "Asia/Shanghai")).toBe("2026-11-26");
    expect(localDate(at, "UTC")).toBe("2026-11-25");
  });

  it("changes date at Shanghai's midnight, which is 16:00 UTC", () => {
    expect(localDate(new Date("2026-11-26T15:59:59.999Z"), "Asia/Shanghai")).toBe("2026-11-26");
    expect(localDate(new Date("2026-11-26T16:00:00Z"), "Asia/Shanghai")).toBe("2026-11-27");
  });

  it("follows a zone's daylight-saving offset", () => {
    // New York: UTC−4 in summer, UTC−5 in winter; local midnight moves by an hour in UTC.
    expect(localDate(new Date("2026-07-01T03:59:00Z"), "America/New_York")).toBe("2026-06-30");
    expect(localDate(new Date("2026-07-01T04:00:00Z"), "America/New_York")).toBe("2026-07-01");
    expect(localDate(new Date("2026-01-01T04:59:00Z"), "America/New_York")).toBe("2025-12-31");
    expect(localDate(new Date("2026-01-01T05:00:00Z"), "America/New_York")).toBe("2026-01-01");
  });

  it("handles a zone whose local date runs ahead of UTC across a year end", () => {
    expect(localDate(new Date("2026-12-31T11:00:00Z"), "Pacific/Auckland")).toBe("2027-01-01");
  });

  it("refuses an invalid date or time zone", () => {
    expect(() => localDate(new Date("nope"), "Asia/Shanghai")).toThrow(RangeError);
    expect(() => localDate(new Date(), "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("localTimestamp", () => {
  it("writes an instant in the shop's zone with its offset", () => {
    const at = new Date("2026-03-01T06:05:09.900Z");
    expect(localTimestamp(at, "Asia/Shanghai")).toBe("2026-03-01 14:05:09 +08:00");
    expect(localTimestamp(at, "UTC")).toBe("2026-03-01 06:05:09 +00:00");
    expect(localTimestamp(at, "Asia/Kathmandu")).toBe("2026-03-01 11:50:09 +05:45");
    // Across midnight, and daylight saving time in New York (EST in winter, EDT in summer).
    expect(localTimestamp(new Date("2026-01-15T02:30:00Z"), "America/New_York")).toBe(
      "2026-01-14 21:30:00 -05:00",
    );
    expect(localTimestamp(new Date("2026-07-15T02:30:00Z"), "America/New_York")).toBe(
      "2026-07-14 22:30:00 -04:00",
    );
    expect(localTimestamp(new Date("2026-03-01T16:00:00Z"), "Asia/Shanghai")).toBe(
      "2026-03-02 00:00:00 +08:00",
    );
    expect(localDate(new Date("2026-03-01T16:00:00Z"), "Asia/Shanghai")).toBe("2026-03-02");
  });

  it("shows the hour New York skips in spring and the one it repeats in autumn", () => {
    // 8 March 2026: 02:00 EST becomes 03:00 EDT.
    expect(localTimestamp(new Date("2026-03-08T06:59:59Z"), "America/New_York")).toBe(
      "2026-03-08 01:59:59 -05:00",
    );
    expect(localTimestamp(new Date("2026-03-08T07:00:00Z"), "America/New_York")).toBe(
      "2026-03-08 03:00:00 -04:00",
    );
    // 1 November 2026: 02:00 EDT becomes 01:00 EST, so 01:30 happens twice.
    expect(localTimestamp(new Date("2026-11-01T05:30:00Z"), "America/New_York")).toBe(
      "2026-11-01 01:30:00 -04:00",
    );
    expect(localTimestamp(new Date("2026-11-01T06:30:00Z"), "America/New_York")).toBe(
      "2026-11-01 01:30:00 -05:00",
    );
  });
});

describe("today in the merchant's zone", () => {
  // 16:30 UTC on 30 Nov is already 1 Dec in Shanghai, still 30 Nov in New York.
  const now = new Date("2026-11-30T16:30:00Z");
  it("is the local date", () => {
    expect(localDate(now, "Asia/Shanghai")).toBe("2026-12-01");
    expect(localDate(now, "America/New_York")).toBe("2026-11-30");
  });
});

describe("localDayStart", () => {
  it("is local midnight as an instant: Shanghai's is 16:00 UTC the day before", () => {
    expect(localDayStart("2026-03-01", "Asia/Shanghai")).toEqual(new Date("2026-02-28T16:00:00Z"));
  });

  it("makes New York's spring day 23 hours long and its autumn day 25", () => {
    const start = (day: string) => localDayStart(day, "America/New_York").toISOString();
    expect(start("2026-03-08")).toBe("2026-03-08T05:00:00.000Z");
    expect(start("2026-03-09")).toBe("2026-03-09T04:00:00.000Z");
    expect(start("2026-11-01")).toBe("2026-11-01T04:00:00.000Z");
    expect(start("2026-11-02")).toBe("2026-11-02T05:00:00.000Z");
    // And every instant of those days has that local date.
    expect(localDate(new Date("2026-03-09T03:59:59Z"), "America/New_York")).toBe("2026-03-08");
    expect(localDate(new Date("2026-11-02T04:59:59Z"), "America/New_York")).toBe("2026-11-01");
  });

  it("starts a day whose midnight does not exist at its first instant", () => {
    // Santiago moves from 00:00 (UTC−4) to 01:00 (UTC−3) on 6 September 2026.
    expect(localDayStart("2026-09-06", "America/Santiago").toISOString()).toBe(
      "2026-09-06T04:00:00.000Z",
    );
  });

  it("refuses a malformed date or an unknown zone", () => {
    expect(() => localDayStart("1 March", "Asia/Shanghai")).toThrow(RangeError);
    expect(() => localDayStart("2026-03-01", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("calendar arithmetic on local dates", () => {
  it("moves by whole days across month, year and DST changes", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDays("2026-03-07", 2)).toBe("2026-03-09");
    expect(addDays("2026-10-31", 2)).toBe("2026-11-02");
  });

  it("counts the days of a range with both ends, a DST change counting as one day", () => {
    expect(daysIn({ from: "2026-03-01", to: "2026-03-01" })).toBe(1);
    expect(daysIn({ from: "2026-03-07", to: "2026-03-09" })).toBe(3);
    expect(daysIn({ from: "2026-10-31", to: "2026-11-02" })).toBe(3);
    expect(daysIn({ from: "2026-01-01", to: "2026-12-31" })).toBe(365);
  });

  it("lists every day inclusive, across a month end", () => {
    expect(eachDay({ from: "2026-02-27", to: "2026-03-02" }, 400)).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
    expect(eachDay({ from: "2026-03-02", to: "2026-03-01" }, 400)).toEqual([]);
    expect(eachDay({ from: "2026-01-01", to: "2026-12-31" }, 3)).toHaveLength(3);
  });
});

import { describe, expect, it } from "vitest";
import { adoptionWindows, resolvePeriod } from "./period.logic";

describe("periods in the merchant's zone", () => {
  // 16:30 UTC on 30 Nov is already 1 Dec in Shanghai, still 30 Nov in New York.
  const now = new Date("2026-11-30T16:30:00Z");
  it("7 days end today and the previous period is the 7 before", () => {
    expect(resolvePeriod("7d", "Asia/Shanghai", now)).toEqual({
      current: { from: "2026-11-25", to: "2026-12-01" },
      previous: { from: "2026-11-18", to: "2026-11-24" },
    });
  });
  it("this month starts on the 1st, compared with as many days before", () => {
    expect(resolvePeriod("month", "America/New_York", now)).toEqual({
      current: { from: "2026-11-01", to: "2026-11-30" },
      previous: { from: "2026-10-02", to: "2026-10-31" },
    });
  });
  it("a custom range across the March DST change keeps whole local days", () => {
    expect(
      resolvePeriod("custom", "America/New_York", now, { from: "2026-03-07", to: "2026-03-09" }),
    ).toEqual({
      current: { from: "2026-03-07", to: "2026-03-09" },
      previous: { from: "2026-03-04", to: "2026-03-06" },
    });
  });
  it("adoption windows are equal, shortened alike near today", () => {
    expect(adoptionWindows("2026-11-01", 30, "2026-12-31")).toEqual({
      length: 30,
      before: { from: "2026-10-02", to: "2026-10-31" },
      after: { from: "2026-11-01", to: "2026-11-30" },
    });
    expect(adoptionWindows("2026-11-20", 30, "2026-11-29").length).toBe(10);
  });
});

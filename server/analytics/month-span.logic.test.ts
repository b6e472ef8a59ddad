import { describe, expect, it } from "vitest";
import { eachDay, type DayRange } from "@/server/time/local-date.logic";
import { monthOf, monthSpan, type MonthSpan } from "./month-span.logic";

/** The days a span sums, each with how many times it is counted (+1 added, -1 taken away). */
function daysCounted(span: MonthSpan) {
  const counted = new Map<string, number>();
  const count = (range: DayRange, by: number) => {
    for (const day of eachDay(range, 400)) counted.set(day, (counted.get(day) ?? 0) + by);
  };
  if (span.months) count({ from: span.months.from, to: lastOf(span.months.to) }, 1);
  for (const r of span.add) count(r, 1);
  for (const r of span.subtract) count(r, -1);
  return [...counted].filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b));
}
const lastOf = (month: string) =>
  eachDay({ from: month, to: `${month.slice(0, 8)}31` }, 31)
    .filter((d) => monthOf(d) === month)
    .at(-1)!;

describe("a span of days as months plus or minus days", () => {
  it("reads a 90-day period ending today as four months less the days before it and after today", () => {
    expect(monthSpan({ from: "2026-09-07", to: "2026-12-05" }, "2026-12-05")).toEqual({
      months: { from: "2026-09-01", to: "2026-12-01" },
      add: [],
      subtract: [
        { from: "2026-09-01", to: "2026-09-06" },
        { from: "2026-12-06", to: "2026-12-31" },
      ],
    });
  });

  it("reads a few days of a past month by day, and most of it as the month less the rest", () => {
    const later = "2026-12-05";
    expect(monthSpan({ from: "2026-02-10", to: "2026-02-16" }, later)).toEqual({
      months: null,
      add: [{ from: "2026-02-10", to: "2026-02-16" }],
      subtract: [],
    });
    expect(monthSpan({ from: "2026-02-02", to: "2026-02-27" }, later)).toEqual({
      months: { from: "2026-02-01", to: "2026-02-01" },
      add: [],
      subtract: [
        { from: "2026-02-01", to: "2026-02-01" },
        { from: "2026-02-28", to: "2026-02-28" },
      ],
    });
  });

  it("reads today alone by day", () => {
    expect(monthSpan({ from: "2026-12-05", to: "2026-12-05" }, "2026-12-05")).toEqual({
      months: null,
      add: [{ from: "2026-12-05", to: "2026-12-05" }],
      subtract: [],
    });
  });

  it("counts every day of the range once and no other, for any range up to a year and any today", () => {
    const starts = ["2024-02-29", "2025-12-31", "2026-07-31"];
    for (const from of starts) {
      for (const length of [1, 2, 16, 31, 60, 90, 366]) {
        const range = { from, to: eachDay({ from, to: "2099-12-31" }, length).at(-1)! };
        for (const today of [range.to, from, "2099-12-31"]) {
          const span = monthSpan(range, today);
          expect(daysCounted(span)).toEqual(eachDay(range, 400).map((d) => [d, 1]));
        }
        // Of a past range, never more days read one by one than half the first and last month.
        const span = monthSpan(range, "2099-12-31");
        const byDay = [...span.add, ...span.subtract].reduce(
          (n, r) => n + eachDay(r, 400).length,
          0,
        );
        expect(byDay).toBeLessThanOrEqual(Math.min(length, 31));
      }
    }
  });
});

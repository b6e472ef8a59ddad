import { describe, expect, it } from "vitest";
import { addMonths, daysOfMonth, monthWeeks, moveDay } from "./calendar";

describe("the reconciliation calendar's dates", () => {
  it("lays a month out in Monday-first weeks", () => {
    // 1 December 2026 is a Tuesday.
    const weeks = monthWeeks("2026-12");
    expect(weeks[0]).toEqual([null, "2026-12-01", ...daysOfMonth("2026-12").slice(1, 6)]);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it("knows February of a leap year", () => {
    expect(daysOfMonth("2028-02")).toHaveLength(29);
    expect(daysOfMonth("2026-02")).toHaveLength(28);
  });

  it("crosses years by months and by arrow keys", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(moveDay("2026-12-31", "ArrowRight")).toBe("2027-01-01");
    expect(moveDay("2026-12-03", "ArrowUp")).toBe("2026-11-26");
    // Thursday → Monday and Sunday of its week.
    expect(moveDay("2026-12-03", "Home")).toBe("2026-11-30");
    expect(moveDay("2026-12-03", "End")).toBe("2026-12-06");
    expect(moveDay("2026-12-03", "Enter")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import {
  dayCoverage,
  edgeWindows,
  judgedSpans,
  providerDayZone,
  statementPeriod,
  unionOf,
  wholeDaysIn,
} from "./statement-coverage.logic";

const at = (iso: string) => new Date(iso);

describe("a statement's period", () => {
  it("is the stated one, else the provider's whole days around its lines", () => {
    const lines = { first: at("2026-04-01T23:30:00Z"), last: at("2026-04-01T23:45:00Z") };
    // A Stripe balance day is a UTC day, whatever the shop's zone.
    expect(
      statementPeriod({ stated: null, lines, dayZone: providerDayZone("stripe_balance")! }),
    ).toEqual({
      from: at("2026-04-01T00:00:00Z"),
      to: at("2026-04-02T00:00:00Z"),
    });
    // The same lines in a WeChat bill are on 2 April, China time.
    expect(
      statementPeriod({ stated: null, lines, dayZone: providerDayZone("wechat_trade")! }),
    ).toEqual({
      from: at("2026-04-01T16:00:00Z"),
      to: at("2026-04-02T16:00:00Z"),
    });
    const stated = { from: at("2026-04-01T05:00:00Z"), to: at("2026-04-01T06:00:00Z") };
    expect(statementPeriod({ stated, lines, dayZone: "UTC" })).toBe(stated);
    expect(statementPeriod({ stated: null, lines: null, dayZone: "UTC" })).toBeNull();
    expect(providerDayZone("generic_csv")).toBeNull();
  });

  it("tells the provider's whole days it is, if it is", () => {
    const chinaDay = { from: at("2026-02-28T16:00:00Z"), to: at("2026-03-01T16:00:00Z") };
    expect(wholeDaysIn(chinaDay, "Asia/Shanghai")).toEqual({
      firstDay: "2026-03-01",
      lastDay: "2026-03-01",
    });
    expect(wholeDaysIn(chinaDay, "UTC")).toBeNull();
    const two = { from: at("2026-03-01T00:00:00Z"), to: at("2026-03-03T00:00:00Z") };
    expect(wholeDaysIn(two, "UTC")).toEqual({ firstDay: "2026-03-01", lastDay: "2026-03-02" });
  });
});

describe("coverage", () => {
  const day1 = { from: at("2026-03-01T00:00:00Z"), to: at("2026-03-02T00:00:00Z") };
  const day2 = { from: at("2026-03-02T00:00:00Z"), to: at("2026-03-03T00:00:00Z") };

  it("joins periods that meet, and judges payments away from the union's edges only", () => {
    expect(unionOf([day2, day1])).toEqual([{ from: day1.from, to: day2.to }]);
    expect(judgedSpans([day1, day2])).toEqual([
      { from: at("2026-03-01T00:05:00Z"), to: at("2026-03-02T23:55:00Z") },
    ]);
  });

  it("has payments near the union's edges wait, on both sides of each edge", () => {
    const short = { from: at("2026-03-05T00:00:00Z"), to: at("2026-03-05T00:08:00Z") };
    expect(edgeWindows([day1, day2, short])).toEqual([
      { from: at("2026-02-28T23:55:00Z"), to: at("2026-03-01T00:05:00Z") },
      { from: at("2026-03-02T23:55:00Z"), to: at("2026-03-03T00:05:00Z") },
      // A period shorter than both tolerances: its two windows are one.
      { from: at("2026-03-04T23:55:00Z"), to: at("2026-03-05T00:13:00Z") },
    ]);
    expect(edgeWindows([])).toEqual([]);
  });

  it("tells a local day covered in full, in part or not at all", () => {
    expect(dayCoverage([day1], "2026-03-01", "UTC")).toBe("full");
    // Berlin's 2 March is 1 March 23:00 – 2 March 23:00 UTC.
    expect(dayCoverage([day2], "2026-03-02", "Europe/Berlin")).toBe("partial");
    expect(dayCoverage([day1, day2], "2026-03-02", "Europe/Berlin")).toBe("full");
    expect(dayCoverage([day1], "2026-03-05", "UTC")).toBe("none");
  });
});

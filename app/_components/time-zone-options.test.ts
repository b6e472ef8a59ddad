import { describe, expect, it } from "vitest";
import { groupTimeZones, utcOffset } from "./time-zone-options";

const all = Intl.supportedValuesOf("timeZone");

describe("time-zone picker order", () => {
  it("puts the chosen zone, the browser's zone and East Asia before Africa/Abidjan", () => {
    const groups = groupTimeZones(all, { current: "Europe/Berlin", browser: "Asia/Tokyo" });
    const flat = groups.flatMap((g) => g.zones);
    expect(groups[0]!.key).toBe("suggested");
    expect(groups[0]!.zones.slice(0, 3)).toEqual(["Europe/Berlin", "Asia/Tokyo", "Asia/Shanghai"]);
    expect(flat.indexOf("Asia/Shanghai")).toBeLessThan(flat.indexOf("Africa/Abidjan"));
    expect(groups[1]!.key).toBe("Asia");
  });

  it("lists every zone in a region group, once per group", () => {
    const groups = groupTimeZones(all);
    const rest = groups.slice(1).flatMap((g) => g.zones);
    expect(new Set(rest)).toEqual(new Set(all));
    expect(rest).toHaveLength(all.length);
    expect(groups[0]!.zones).not.toContain(undefined);
  });

  it("ignores an unknown browser zone and does not repeat a suggestion", () => {
    const groups = groupTimeZones(all, { current: "Asia/Shanghai", browser: "Mars/Olympus" });
    const suggested = groups[0]!.zones;
    expect(suggested).not.toContain("Mars/Olympus");
    expect(suggested.filter((z) => z === "Asia/Shanghai")).toHaveLength(1);
  });

  it("shows the offset", () => {
    expect(utcOffset("Asia/Shanghai", new Date("2026-01-01T00:00:00Z"))).toBe("UTC+08:00");
    expect(utcOffset("UTC", new Date("2026-01-01T00:00:00Z"))).toBe("UTC+00:00");
  });
});

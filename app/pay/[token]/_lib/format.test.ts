import { describe, expect, it } from "vitest";
import { clockSkew, formatCountdown, formatShopTime } from "./format";

describe("formatCountdown", () => {
  it("shows minutes and seconds under an hour", () => {
    expect(formatCountdown(15 * 60_000)).toBe("15:00");
    expect(formatCountdown(9 * 60_000 + 5_000)).toBe("9:05");
    expect(formatCountdown(59_000)).toBe("0:59");
  });

  it("adds hours from an hour up", () => {
    expect(formatCountdown(3_600_000)).toBe("1:00:00");
    expect(formatCountdown(24 * 3_600_000 - 1_000)).toBe("23:59:59");
    expect(formatCountdown(3_600_000 + 62_000)).toBe("1:01:02");
  });

  it("rounds up, so it reads 0:00 only when the time is up", () => {
    expect(formatCountdown(1)).toBe("0:01");
    expect(formatCountdown(60_001)).toBe("1:01");
    expect(formatCountdown(0)).toBe("0:00");
  });

  it("never goes below zero", () => {
    expect(formatCountdown(-5_000)).toBe("0:00");
  });
});

describe("formatShopTime", () => {
  const at = new Date("2026-03-01T17:05:09Z");

  it("shows the moment in the shop's zone, not the reader's, and names the zone", () => {
    expect(formatShopTime(at, "en", "Asia/Shanghai")).toBe("Mar 2, 2026, 01:05:09 (GMT+8)");
    expect(formatShopTime(at, "zh-CN", "Asia/Shanghai")).toBe("2026年3月2日 01:05:09 (GMT+8)");
  });

  it("follows the shop's zone when it is elsewhere", () => {
    expect(formatShopTime(at, "en", "Europe/London")).toBe("Mar 1, 2026, 17:05:09 (GMT)");
  });
});

describe("clockSkew", () => {
  it("ignores the page's travel time and ordinary drift", () => {
    expect(clockSkew(1_000_000, 1_001_500)).toBe(0);
    expect(clockSkew(1_000_000, 1_000_000 - 29_000)).toBe(0);
  });

  it("corrects a phone clock that is far off", () => {
    expect(clockSkew(10_000_000, 10_000_000 - 5 * 60_000)).toBe(5 * 60_000);
    expect(clockSkew(10_000_000, 10_000_000 + 2 * 3_600_000)).toBe(-2 * 3_600_000);
  });
});

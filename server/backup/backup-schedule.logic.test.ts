import { describe, expect, it } from "vitest";
import { dueSlot, latestSlot, nextSlot, scheduledFileName } from "./backup-schedule.logic";

const at = (iso: string) => new Date(iso);

describe("backup schedule", () => {
  const shanghai = { hour: 3, timeZone: "Asia/Shanghai" };

  it("is due at the local hour, today's once it has come, else yesterday's", () => {
    // 03:00 in Shanghai is 19:00 UTC the day before.
    expect(latestSlot(at("2026-05-10T19:00:00Z"), shanghai)).toEqual(at("2026-05-10T19:00:00Z"));
    expect(latestSlot(at("2026-05-10T18:59:59Z"), shanghai)).toEqual(at("2026-05-09T19:00:00Z"));
    expect(nextSlot(at("2026-05-10T18:59:59Z"), shanghai)).toEqual(at("2026-05-10T19:00:00Z"));
    expect(nextSlot(at("2026-05-10T19:00:00Z"), shanghai)).toEqual(at("2026-05-11T19:00:00Z"));
  });

  it("takes a missed slot when the server is back, but not one from before the hour was chosen", () => {
    const since = at("2026-05-10T12:00:00Z");
    // Saved at 20:00 Shanghai: today's 03:00 had passed, so nothing until tomorrow's.
    expect(dueSlot(at("2026-05-10T12:05:00Z"), { ...shanghai, since })).toBeNull();
    expect(dueSlot(at("2026-05-10T19:04:00Z"), { ...shanghai, since })).toEqual(
      at("2026-05-10T19:00:00Z"),
    );
    // Down from 02:00 to 09:00 local: the 03:00 backup is taken at 09:00.
    expect(dueSlot(at("2026-05-11T01:00:00Z"), { ...shanghai, since })).toEqual(
      at("2026-05-10T19:00:00Z"),
    );
  });

  it("keeps one slot per local day across daylight saving changes (New York)", () => {
    const ny = { hour: 2, timeZone: "America/New_York" };
    // 2026-03-08: clocks jump from 02:00 to 03:00; the 02:00 backup is at 03:00 EDT (07:00Z).
    expect(nextSlot(at("2026-03-08T06:00:00Z"), ny)).toEqual(at("2026-03-08T07:00:00Z"));
    // The day before and after: 02:00 EST (07:00Z) and 02:00 EDT (06:00Z).
    expect(latestSlot(at("2026-03-08T06:59:00Z"), ny)).toEqual(at("2026-03-07T07:00:00Z"));
    expect(nextSlot(at("2026-03-08T07:00:00Z"), ny)).toEqual(at("2026-03-09T06:00:00Z"));
    // 2026-11-01: 01:00 happens twice; the first (EDT, 05:00Z) is the day's slot, taken once.
    const one = { hour: 1, timeZone: "America/New_York" };
    expect(nextSlot(at("2026-11-01T04:00:00Z"), one)).toEqual(at("2026-11-01T05:00:00Z"));
    expect(latestSlot(at("2026-11-01T06:30:00Z"), one)).toEqual(at("2026-11-01T05:00:00Z"));
    expect(nextSlot(at("2026-11-01T06:30:00Z"), one)).toEqual(at("2026-11-02T06:00:00Z"));
  });

  it("follows London's clock change at 01:00", () => {
    const london = { hour: 1, timeZone: "Europe/London" };
    // 2026-03-29: 01:00 GMT does not exist; the slot is 02:00 BST, i.e. 01:00Z.
    expect(nextSlot(at("2026-03-28T23:00:00Z"), london)).toEqual(at("2026-03-29T01:00:00Z"));
    expect(nextSlot(at("2026-03-29T01:00:00Z"), london)).toEqual(at("2026-03-30T00:00:00Z"));
  });

  it("names the file after its slot", () => {
    expect(scheduledFileName(at("2026-05-10T19:00:00Z"))).toBe(
      "hexiao-scheduled-20260510T190000Z.backup",
    );
  });
});

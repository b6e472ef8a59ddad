import { describe, expect, it } from "vitest";
import {
  blockEndsAt,
  codeGuard,
  currentBlocks,
  minutesUntil,
  type WrongCode,
} from "./code-guard.logic";

const t0 = new Date("2026-12-02T06:00:00Z").getTime();
const at = (minute: number) => new Date(t0 + minute * 60_000);
const minutes = (n: number, from = 0) => Array.from({ length: n }, (_, i) => at(from + i * 0.5));

describe("code guard", () => {
  it("blocks from the limit on, until all but limit − 1 wrong codes have left the window", () => {
    expect(blockEndsAt(minutes(codeGuard.blockAt - 1))).toBeNull();
    const ten = minutes(codeGuard.blockAt); // minute 0, 0.5, … 4.5
    expect(blockEndsAt(ten)).toEqual(at(codeGuard.windowMinutes));
    // Two over the limit: the third oldest must leave too. Order does not matter.
    const twelve = minutes(codeGuard.blockAt + 2).reverse();
    expect(blockEndsAt(twelve)).toEqual(at(1 + codeGuard.windowMinutes));
  });

  it("never tells anyone to wait 0 minutes", () => {
    expect(minutesUntil(at(10), at(0))).toBe(10);
    expect(minutesUntil(at(10), at(9.9))).toBe(1);
    expect(minutesUntil(at(10), at(11))).toBe(1);
  });

  const row = (userId: string, deviceId: string, minute: number): WrongCode => ({
    userId,
    userName: `name of ${userId}`,
    deviceId,
    createdAt: at(minute),
  });

  it("lists a blocked person once, with their devices, not their device a second time", () => {
    const rows = [
      ...Array.from({ length: 6 }, (_, i) => row("u1", "d1", i)),
      ...Array.from({ length: 4 }, (_, i) => row("u1", "d2", 6 + i * 0.1)),
    ];
    expect(currentBlocks(rows)).toEqual([
      {
        by: "user",
        userId: "u1",
        userName: "name of u1",
        wrongCodes: 10,
        lastAt: at(6.3),
        endsAt: at(codeGuard.windowMinutes),
        deviceIds: ["d1", "d2"],
      },
    ]);
    // The same ten on one device: still one block, the person's.
    const oneDevice = rows.map((r) => ({ ...r, deviceId: "d1" }));
    expect(currentBlocks(oneDevice).map((b) => b.by)).toEqual(["user"]);
  });

  it("lists a device blocked by several people, naming them, newest block first", () => {
    const rows = [
      ...Array.from({ length: 5 }, (_, i) => row("u1", "d1", i)),
      ...Array.from({ length: 5 }, (_, i) => row("u2", "d1", 5 + i)),
      ...Array.from({ length: 10 }, (_, i) => row("u3", "d9", 1 + i * 0.1)),
    ];
    const blocks = currentBlocks(rows);
    expect(blocks.map((b) => (b.by === "user" ? b.userId : b.deviceId))).toEqual(["d1", "u3"]);
    expect(blocks[0]).toMatchObject({
      by: "device",
      wrongCodes: 10,
      userNames: ["name of u1", "name of u2"],
    });
  });
});

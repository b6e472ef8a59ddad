import { describe, expect, it } from "vitest";
import { isSteppedUp, stepUpWindowMs } from "./step-up.logic";

describe("isSteppedUp", () => {
  const now = new Date("2026-12-03T08:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it("is five minutes", () => expect(stepUpWindowMs).toBe(300_000));
  it("never without a step-up", () => {
    expect(isSteppedUp(null, now)).toBe(false);
    expect(isSteppedUp(undefined, now)).toBe(false);
  });
  it("covers the five minutes after it, not a moment more", () => {
    expect(isSteppedUp(ago(0), now)).toBe(true);
    expect(isSteppedUp(ago(stepUpWindowMs - 1), now)).toBe(true);
    expect(isSteppedUp(ago(stepUpWindowMs), now)).toBe(false);
    expect(isSteppedUp(ago(60 * 60 * 1000), now)).toBe(false);
  });
  it("a step-up far in the future (a broken clock) does not count", () => {
    expect(isSteppedUp(ago(-1000), now)).toBe(true);
    expect(isSteppedUp(ago(-stepUpWindowMs), now)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { retryAfterSeconds, throttleKey, throttleRules } from "./sign-in-throttle.logic";

const start = new Date("2025-03-01T08:00:00.000Z");
const window = throttleRules.email.windowSeconds;
const max = throttleRules.email.maxFailures;
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describe("retryAfterSeconds", () => {
  it("lets a key with no recorded failures try now", () => {
    expect(retryAfterSeconds("email", undefined, start)).toBe(0);
  });

  it("lets a key try while it is below the limit", () => {
    expect(retryAfterSeconds("email", { failures: max - 1, windowStartedAt: start }, at(1))).toBe(
      0,
    );
  });

  it("refuses a key that reached the limit until its window ends", () => {
    const entry = { failures: max, windowStartedAt: start };
    expect(retryAfterSeconds("email", entry, start)).toBe(window);
    expect(retryAfterSeconds("email", entry, at(60))).toBe(window - 60);
    expect(retryAfterSeconds("email", entry, at(window - 1))).toBe(1);
  });

  it("rounds a part of a second up, never telling the caller to retry too early", () => {
    const entry = { failures: max, windowStartedAt: start };
    expect(retryAfterSeconds("email", entry, new Date(at(window - 1).getTime() + 1))).toBe(1);
    expect(retryAfterSeconds("email", entry, new Date(start.getTime() + 500))).toBe(window);
  });

  it("refuses a key far over the limit just the same", () => {
    expect(retryAfterSeconds("email", { failures: max + 20, windowStartedAt: start }, at(10))).toBe(
      window - 10,
    );
  });

  it("forgives the key once the window is over", () => {
    const entry = { failures: max + 3, windowStartedAt: start };
    expect(retryAfterSeconds("email", entry, at(window))).toBe(0);
    expect(retryAfterSeconds("email", entry, at(window + 3600))).toBe(0);
  });

  it("applies the address rule (more failures allowed) to ip keys", () => {
    const ipMax = throttleRules.ip.maxFailures;
    expect(ipMax).toBeGreaterThan(max);
    expect(retryAfterSeconds("ip", { failures: max, windowStartedAt: start }, at(1))).toBe(0);
    expect(retryAfterSeconds("ip", { failures: ipMax - 1, windowStartedAt: start }, at(1))).toBe(0);
    expect(retryAfterSeconds("ip", { failures: ipMax, windowStartedAt: start }, at(1))).toBe(
      throttleRules.ip.windowSeconds - 1,
    );
  });
});

describe("throttleKey", () => {
  it("treats the same address in another case or with spaces as one key", () => {
    expect(throttleKey("email", "  Owner@Example.COM ")).toBe(
      throttleKey("email", "owner@example.com"),
    );
  });

  it("keeps account and address counters apart", () => {
    expect(throttleKey("email", "10.0.0.1")).not.toBe(throttleKey("ip", "10.0.0.1"));
  });
});

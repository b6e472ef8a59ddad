import { describe, expect, it } from "vitest";
import { throttleRules } from "@/server/auth/sign-in-throttle.logic";
import { retryAfterSeconds, throttleKey } from "./throttle.logic";

const start = new Date("2025-03-01T08:00:00.000Z");
const window = throttleRules.accountAddress.windowSeconds;
const max = throttleRules.accountAddress.maxFailures;
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describe("retryAfterSeconds", () => {
  it("lets a key with no recorded failures try now", () => {
    expect(retryAfterSeconds(throttleRules.accountAddress, undefined, start)).toBe(0);
  });

  it("lets a key try while it is below the limit", () => {
    expect(
      retryAfterSeconds(
        throttleRules.accountAddress,
        { failures: max - 1, windowStartedAt: start },
        at(1),
      ),
    ).toBe(0);
  });

  it("refuses a key that reached the limit until its window ends", () => {
    const entry = { failures: max, windowStartedAt: start };
    expect(retryAfterSeconds(throttleRules.accountAddress, entry, start)).toBe(window);
    expect(retryAfterSeconds(throttleRules.accountAddress, entry, at(60))).toBe(window - 60);
    expect(retryAfterSeconds(throttleRules.accountAddress, entry, at(window - 1))).toBe(1);
  });

  it("rounds a part of a second up, never telling the caller to retry too early", () => {
    const entry = { failures: max, windowStartedAt: start };
    expect(
      retryAfterSeconds(
        throttleRules.accountAddress,
        entry,
        new Date(at(window - 1).getTime() + 1),
      ),
    ).toBe(1);
    expect(
      retryAfterSeconds(throttleRules.accountAddress, entry, new Date(start.getTime() + 500)),
    ).toBe(window);
  });

  it("refuses a key far over the limit just the same", () => {
    expect(
      retryAfterSeconds(
        throttleRules.accountAddress,
        { failures: max + 20, windowStartedAt: start },
        at(10),
      ),
    ).toBe(window - 10);
  });

  it("forgives the key once the window is over", () => {
    const entry = { failures: max + 3, windowStartedAt: start };
    expect(retryAfterSeconds(throttleRules.accountAddress, entry, at(window))).toBe(0);
    expect(retryAfterSeconds(throttleRules.accountAddress, entry, at(window + 3600))).toBe(0);
  });

  it("applies the address rule (more failures allowed) to ip keys", () => {
    const ipMax = throttleRules.address.maxFailures;
    expect(ipMax).toBeGreaterThan(max);
    expect(
      retryAfterSeconds(throttleRules.address, { failures: max, windowStartedAt: start }, at(1)),
    ).toBe(0);
    expect(
      retryAfterSeconds(
        throttleRules.address,
        { failures: ipMax - 1, windowStartedAt: start },
        at(1),
      ),
    ).toBe(0);
    expect(
      retryAfterSeconds(throttleRules.address, { failures: ipMax, windowStartedAt: start }, at(1)),
    ).toBe(throttleRules.address.windowSeconds - 1);
  });
});

describe("throttleKey", () => {
  it("treats the same address in another case or with spaces as one key", () => {
    expect(throttleKey("accountAddress", "  Owner@Example.COM ")).toBe(
      throttleKey("accountAddress", "owner@example.com"),
    );
  });

  it("keeps account and address counters apart", () => {
    expect(throttleKey("accountAddress", "10.0.0.1")).not.toBe(throttleKey("address", "10.0.0.1"));
  });
});

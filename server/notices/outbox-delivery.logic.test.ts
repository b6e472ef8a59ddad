import { describe, expect, it } from "vitest";
import { afterFailure, maxDeliveryTries, retryDelayMs } from "./outbox-delivery.logic";

describe("retryDelayMs", () => {
  it("doubles from 30 seconds and stops growing at an hour", () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});

describe("afterFailure", () => {
  const now = new Date("2026-11-26T00:00:00Z");
  it("retries a temporary error after the backoff", () => {
    expect(afterFailure(2, 451, now)).toEqual({
      state: "pending",
      nextTryAt: new Date(now.getTime() + 60_000),
    });
    expect(afterFailure(1, undefined, now).state).toBe("pending");
  });
  it("gives up on a permanent refusal at once, and on anything after the last try", () => {
    expect(afterFailure(1, 550, now).state).toBe("failed");
    expect(afterFailure(maxDeliveryTries, 451, now).state).toBe("failed");
  });
});

import { describe, expect, it } from "vitest";
import {
  failureReasons,
  nextStepFor,
  type FailureReason,
  type NextStep,
} from "./failure-reasons.logic";

describe("failureReasons", () => {
  it("lists the nine normalized reasons, ending with unknown", () => {
    expect([...failureReasons]).toEqual([
      "insufficient_funds",
      "cancelled_by_customer",
      "risk_declined",
      "card_declined",
      "expired",
      "timeout",
      "amount_mismatch",
      "provider_error",
      "unknown",
    ]);
  });
});

describe("nextStepFor", () => {
  const expected: Record<FailureReason, NextStep> = {
    insufficient_funds: "top_up",
    cancelled_by_customer: "retry",
    risk_declined: "other_method",
    card_declined: "contact_bank",
    expired: "retry",
    timeout: "retry",
    amount_mismatch: "other_method",
    provider_error: "other_method",
    unknown: "retry",
  };

  it.each(Object.entries(expected))("%s → %s", (reason, step) => {
    expect(nextStepFor(reason as FailureReason)).toBe(step);
  });

  it("never offers the same method again after the provider's risk engine refused it", () => {
    expect(nextStepFor("risk_declined")).not.toBe("retry");
  });
});

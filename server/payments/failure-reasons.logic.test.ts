import { describe, expect, it } from "vitest";
import {
  failureReasons,
  isMerchantConfigError,
  nextStepFor,
  providerFailureReason,
  type FailureReason,
  type NextStep,
} from "./failure-reasons.logic";

describe("failureReasons", () => {
  it("lists the twelve normalized reasons, ending with unknown", () => {
    expect([...failureReasons]).toEqual([
      "insufficient_funds",
      "cancelled_by_customer",
      "risk_declined",
      "card_declined",
      "authentication_failed",
      "limit_exceeded",
      "expired",
      "timeout",
      "amount_mismatch",
      "provider_error",
      "merchant_config",
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
    authentication_failed: "retry",
    limit_exceeded: "other_method",
    expired: "retry",
    timeout: "retry",
    amount_mismatch: "other_method",
    provider_error: "other_method",
    merchant_config: "other_method",
    unknown: "retry",
  };

  it.each(Object.entries(expected))("%s → %s", (reason, step) => {
    expect(nextStepFor(reason as FailureReason)).toBe(step);
  });

  it("never offers the same method again after the provider's risk engine refused it", () => {
    expect(nextStepFor("risk_declined")).not.toBe("retry");
  });
});

describe("providerFailureReason", () => {
  it.each([
    ["alipay", ["ACQ.BUYER_BALANCE_NOT_ENOUGH"], "insufficient_funds"],
    ["alipay", ["ACQ.PAYMENT_REQUEST_HAS_RISK"], "risk_declined"],
    ["alipay", ["ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR"], "limit_exceeded"],
    ["alipay", ["TRADE_CLOSED"], "expired"],
    ["wechat_pay", ["NOT_ENOUGH"], "insufficient_funds"],
    ["wechat_pay", ["PAYERROR"], "provider_error"],
    ["wechat_pay", ["REVOKED"], "cancelled_by_customer"],
    ["paypal", ["DECLINED_BY_RISK_FRAUD_FILTERS", "DECLINED"], "risk_declined"],
    ["paypal", [null, "DECLINED"], "card_declined"],
    ["paypal", ["PAYER_ACTION_REQUIRED"], "authentication_failed"],
    ["stripe", ["insufficient_funds", "card_declined"], "insufficient_funds"],
    ["stripe", ["stolen_card", "card_declined"], "risk_declined"],
    ["stripe", [null, "expired_card"], "card_declined"],
    ["stripe", ["card_velocity_exceeded"], "limit_exceeded"],
    ["stripe", [undefined, "authentication_required"], "authentication_failed"],
    ["stripe", [null, "processing_error"], "provider_error"],
  ] as const)("%s %j → %s", (provider, codes, reason) => {
    expect(providerFailureReason(provider, ...codes)).toBe(reason);
  });

  it("reads an unlisted or missing code as unknown", () => {
    expect(providerFailureReason("alipay", "ACQ.SOMETHING_NEW")).toBe("unknown");
    expect(providerFailureReason("stripe", null, undefined)).toBe("unknown");
    // A code from another provider means nothing here.
    expect(providerFailureReason("wechat_pay", "insufficient_funds")).toBe("unknown");
  });
});

describe("isMerchantConfigError", () => {
  it.each([
    ["alipay", "NOT_CONFIGURED"],
    ["alipay", "isv.invalid-signature"],
    ["alipay", "isv.invalid-app-id"],
    ["wechat_pay", "SIGN_ERROR"],
    ["paypal", "invalid_client"],
    ["stripe", "HTTP_401"],
    ["sandbox", "NOT_CONFIGURED"],
  ])("%s %s is the shop's set-up", (provider, code) => {
    expect(isMerchantConfigError(provider, code)).toBe(true);
  });

  it.each([
    ["alipay", "ACQ.SYSTEM_ERROR"],
    ["wechat_pay", "SYSTEM_ERROR"],
    ["stripe", "card_declined"],
    ["paypal", "INSTRUMENT_DECLINED"],
    ["alipay", null],
  ])("%s %s is not", (provider, code) => {
    expect(isMerchantConfigError(provider, code)).toBe(false);
  });
});

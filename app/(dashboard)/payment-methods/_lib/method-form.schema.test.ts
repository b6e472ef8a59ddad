import { describe, expect, it } from "vitest";
import { formIssues } from "@/test/expect";
import { currencyList, methodForm } from "./method-form.schema";

const typed = {
  kind: "alipay",
  label: "Alipay",
  enabled: true,
  mode: "sandbox",
  currencies: "cny, usd；CNY",
  feeRateBps: "0.6",
  feeFixedMinor: "0",
  feeMinMinor: "",
  feeMaxMinor: "",
  settlementDelayDays: "1",
  requestTtlSeconds: "15",
  refundWindowDays: "365",
  refundFeeRule: "proportional",
};

describe("the payment method dialog's form", () => {
  it("reads percent, major units and minutes into what paymentMethods.create takes", () => {
    expect(currencyList(typed.currencies)).toEqual(["CNY", "USD"]);
    expect(methodForm("CNY").parse({ ...typed, feeMaxMinor: "5" })).toMatchObject({
      currencies: ["CNY", "USD"],
      feeRateBps: 60,
      feeFixedMinor: 0n,
      feeMinMinor: null,
      feeMaxMinor: 500n,
      requestTtlSeconds: 900,
    });
  });

  it("says what is wrong next to each field, in message keys", () => {
    const issues = formIssues(methodForm("CNY"), {
      ...typed,
      label: " ",
      currencies: "",
      feeRateBps: "0.555",
      feeFixedMinor: "",
      settlementDelayDays: "91",
      requestTtlSeconds: "0",
      refundWindowDays: "0",
    });
    expect(issues).toEqual({
      label: "required",
      currencies: "required",
      feeRateBps: "paymentMethods.form.feeRateInvalid",
      feeFixedMinor: "required",
      settlementDelayDays: "settlementDelayRange",
      requestTtlSeconds: "ttlRange",
      refundWindowDays: "refundWindowRange",
    });
    expect(formIssues(methodForm("CNY"), { ...typed, currencies: "CNY, XYZ" })).toEqual({
      "currencies.1": "invalidCurrency",
    });
  });

  it("applies the server's own rule across fields once each field reads", () => {
    expect(formIssues(methodForm("CNY"), { ...typed, feeMinMinor: "2", feeMaxMinor: "1" })).toEqual(
      { feeMaxMinor: "feeMinAboveMax" },
    );
  });
});

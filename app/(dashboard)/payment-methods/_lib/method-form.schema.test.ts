import { describe, expect, it } from "vitest";
import { formIssues } from "@/test/expect";
import { checkMethodForm, currencyList, methodForm, type MethodTyped } from "./method-form.schema";

const typed: MethodTyped = {
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

  it("reads the fees in the first currency typed, else in the shop's", () => {
    const check = checkMethodForm("CNY");
    // JPY has no minor unit: 5 yen is 5, where 5 yuan is 500 fen.
    expect(check({ ...typed, currencies: "jpy, cny", feeFixedMinor: "5" })).toMatchObject({
      success: true,
      data: { feeFixedMinor: 5n },
    });
    expect(check({ ...typed, currencies: "", feeFixedMinor: "5" }).success).toBe(false);
    expect(check({ ...typed, currencies: "jpy", feeFixedMinor: "0.5" })).toMatchObject({
      success: false,
    });
  });
});

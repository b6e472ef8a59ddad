import { describe, expect, it } from "vitest";
import { formIssues } from "@/test/expect";
import { currencyList, exampleAmount } from "./fee-amounts";
import { checkMethodForm, methodForm, type MethodTyped } from "./method-form.schema";

const blank = { fixedMinor: "", minMinor: "", maxMinor: "" };

const typed: MethodTyped = {
  kind: "paypal",
  label: "PayPal",
  enabled: true,
  mode: "sandbox",
  currencies: "cny, usd；CNY",
  feeRateBps: "0.6",
  feeAmounts: { CNY: { ...blank, fixedMinor: "0" } },
  settlementDelayDays: "1",
  requestTtlSeconds: "15",
  refundWindowDays: "365",
  refundFeeRule: "proportional",
};

describe("the payment method dialog's form", () => {
  it("reads percent, each currency's major units and minutes into what paymentMethods.create takes", () => {
    expect(currencyList(typed.currencies)).toEqual(["CNY", "USD"]);
    const amounts = { CNY: { ...blank, fixedMinor: "0", maxMinor: "5" } };
    expect(methodForm().parse({ ...typed, feeAmounts: amounts })).toMatchObject({
      currencies: ["CNY", "USD"],
      feeRateBps: 60,
      feeAmounts: { CNY: { fixedMinor: 0n, minMinor: null, maxMinor: 500n } },
      requestTtlSeconds: 900,
    });
  });

  it("says what is wrong next to each field, in message keys", () => {
    const issues = formIssues(methodForm(), {
      ...typed,
      label: " ",
      currencies: "",
      feeRateBps: "0.555",
      feeAmounts: {},
      settlementDelayDays: "91",
      requestTtlSeconds: "0",
      refundWindowDays: "0",
    });
    expect(issues).toEqual({
      label: "required",
      currencies: "required",
      feeRateBps: "methodForm.feeRateInvalid",
      settlementDelayDays: "settlementDelayRange",
      requestTtlSeconds: "ttlRange",
      refundWindowDays: "refundWindowRange",
    });
    expect(formIssues(methodForm(), { ...typed, currencies: "CNY, XYZ" })).toEqual({
      "currencies.1": "invalidCurrency",
    });
  });

  it("applies the server's own rule across fields once each field reads, per currency", () => {
    const amounts = {
      CNY: { fixedMinor: "0", minMinor: "2", maxMinor: "1" },
      USD: { fixedMinor: "0.30", minMinor: "1", maxMinor: "2" },
    };
    expect(formIssues(methodForm(), { ...typed, feeAmounts: amounts })).toEqual({
      "feeAmounts.CNY.maxMinor": "feeMinAboveMax",
    });
    // Each currency's bounds are compared even while another currency's amount does not read.
    const halfYen = { ...amounts, JPY: { ...blank, fixedMinor: "0.5" } };
    expect(
      formIssues(methodForm(), { ...typed, currencies: "CNY, JPY", feeAmounts: halfYen }),
    ).toEqual({
      "feeAmounts.CNY.maxMinor": "feeMinAboveMax",
      "feeAmounts.JPY.fixedMinor": "methodForm.feeAmountInvalid",
    });
  });

  it("reads each currency's amounts in its own decimals", () => {
    const check = checkMethodForm();
    // JPY has no minor unit: ¥40 is 40, where ¥0.30 is 30 fen.
    const both = {
      ...typed,
      currencies: "jpy, cny",
      feeAmounts: {
        JPY: { ...blank, fixedMinor: "40", maxMinor: "500" },
        CNY: { ...blank, fixedMinor: "0.30", minMinor: "0.5" },
      },
    };
    expect(check(both)).toMatchObject({
      success: true,
      data: {
        feeAmounts: {
          JPY: { fixedMinor: 40n, minMinor: null, maxMinor: 500n },
          CNY: { fixedMinor: 30n, minMinor: 50n, maxMinor: null },
        },
      },
    });
    // Half a yen does not exist: said on that field, in the form's own words.
    const halfYen = { ...both, feeAmounts: { JPY: { ...blank, fixedMinor: "0.5" } } };
    expect(formIssues(methodForm(), { ...halfYen, currencies: "JPY" })).toEqual({
      "feeAmounts.JPY.fixedMinor": "methodForm.feeAmountInvalid",
    });
    expect(
      check({ ...both, feeAmounts: { KWD: { ...blank, fixedMinor: "0.125" } }, currencies: "KWD" }),
    ).toMatchObject({
      success: true,
      data: { feeAmounts: { KWD: { fixedMinor: 125n } } },
    });
  });

  it("leaves a currency typed blank without amounts, and a blank fixed fee beside a limit at zero", () => {
    const check = checkMethodForm();
    const result = check({
      ...typed,
      currencies: "CNY, USD",
      feeAmounts: { CNY: blank, USD: { ...blank, minMinor: "0.05" } },
    });
    expect(result).toMatchObject({
      success: true,
      data: { feeAmounts: { USD: { fixedMinor: 0n, minMinor: 5n, maxMinor: null } } },
    });
    expect(result.success && "CNY" in (result.data.feeAmounts ?? {})).toBe(false);
  });

  it("sends only the amounts of the currencies still listed", () => {
    const struck = {
      ...typed,
      currencies: "CNY",
      feeAmounts: { USD: { ...blank, fixedMinor: "x" } },
    };
    expect(checkMethodForm()(struck)).toMatchObject({ success: true, data: { feeAmounts: {} } });
  });

  it("shows an example amount with the currency's decimals", () => {
    expect([0, 2, 3].map(exampleAmount)).toEqual(["12", "12.50", "12.500"]);
  });
});

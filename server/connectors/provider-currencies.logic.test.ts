import { describe, expect, it } from "vitest";
import { currenciesRefused, currenciesTaken } from "./provider-currencies.logic";

describe("the currencies a provider takes", () => {
  it("are yuan only for Alipay and WeChat Pay", () => {
    expect(currenciesRefused("alipay", ["CNY"])).toEqual([]);
    expect(currenciesRefused("alipay", ["CNY", "USD", "HKD"])).toEqual(["USD", "HKD"]);
    expect(currenciesRefused("wechat_pay", ["EUR"])).toEqual(["EUR"]);
    expect(currenciesTaken("wechat_pay")).toBe("CNY");
  });

  it("are any for PayPal, Stripe, cash and the sandbox wallet", () => {
    for (const kind of ["paypal", "stripe", "cash", "sandbox"]) {
      expect(currenciesRefused(kind, ["USD", "JPY", "CNY"])).toEqual([]);
      expect(currenciesTaken(kind)).toBeNull();
    }
  });
});

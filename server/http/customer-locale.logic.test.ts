import { describe, expect, it } from "vitest";
import { customerLocale, isCustomerPage } from "./customer-locale.logic";

describe("the customer's language", () => {
  it("follows the browser: English for an English browser, Chinese for a Chinese one", () => {
    expect(customerLocale(null, "en-US,en;q=0.9")).toBe("en");
    expect(customerLocale(null, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(customerLocale(null, "fr-FR,en;q=0.5")).toBe("en");
    expect(customerLocale(null, "fr-FR")).toBe("zh-CN");
    expect(customerLocale(null, null)).toBe("zh-CN");
  });

  it("keeps the customer's own switch over the browser's preference", () => {
    expect(customerLocale("en", "zh-CN")).toBe("en");
    expect(customerLocale("zh-CN", "en-US")).toBe("zh-CN");
    expect(customerLocale("de", "en-US")).toBe("en");
  });

  it("applies to the pay page, the receipt and the sandbox wallet only", () => {
    expect(isCustomerPage("/pay/abcdefghijkl")).toBe(true);
    expect(isCustomerPage("/r/ABCD1234")).toBe(true);
    expect(isCustomerPage("/sandbox/abcdefghijkl")).toBe(true);
    expect(isCustomerPage("/orders/1")).toBe(false);
    expect(isCustomerPage("/payment-methods")).toBe(false);
    expect(isCustomerPage("/reconciliation")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import {
  customerLink,
  emailOf,
  renderCustomerEmail,
  type CustomerNotice,
} from "./customer-notice.logic";

const notice: CustomerNotice = {
  kind: "payment_failed",
  to: "buyer@example.com",
  locale: "en",
  merchantName: "Demo Café",
  orderNumber: "20261126-0007",
  amountMinor: "2350",
  currency: "CNY",
  token: "tok_abcdefghijklmnop",
  reason: "card_declined",
};

describe("emailOf", () => {
  it("takes an e-mail address from the contact field, and nothing else", () => {
    expect(emailOf("  buyer@example.com ")).toBe("buyer@example.com");
    expect(emailOf("+86 138 0000 0000")).toBeNull();
    expect(emailOf("")).toBeNull();
    expect(emailOf(null)).toBeNull();
  });
});

describe("renderCustomerEmail", () => {
  it("explains a failure with the reason, the next step and the retry link", () => {
    const mail = renderCustomerEmail(notice, "https://shop.example");
    expect(mail.subject).toBe("Demo Café: your payment for order 20261126-0007 did not go through");
    expect(mail.text).toContain("CN¥23.50");
    expect(mail.text).toContain("Your bank declined the card for this payment.");
    expect(mail.text).toContain("Your bank can tell you why.");
    expect(mail.text).toContain("https://shop.example/pay/tok_abcdefghijklmnop");
  });

  it("sends the receipt link after a payment, in Chinese for a Chinese shop", () => {
    const mail = renderCustomerEmail(
      {
        ...notice,
        kind: "payment_succeeded",
        reason: null,
        locale: "zh-CN",
        receiptCode: "ABCDEFGHJKM2",
      },
      "https://shop.example",
    );
    expect(mail.subject).toBe("Demo Café：订单 20261126-0007 已收款");
    expect(mail.text).toContain("¥23.50");
    expect(mail.text).toContain("https://shop.example/r/ABCDEFGHJKM2");
  });
});

describe("customerLink", () => {
  it("links the pay page without a receipt, the receipt when the payment issued one", () => {
    expect(customerLink("https://shop.example", { token: "tok_1" })).toBe(
      "https://shop.example/pay/tok_1",
    );
    expect(customerLink("https://shop.example", { token: "tok_1", receiptCode: "ABC" })).toBe(
      "https://shop.example/r/ABC",
    );
  });
});

import { describe, expect, it } from "vitest";
import { formIssues } from "@/test/expect";
import { lineTotal, orderForm, typedAmount } from "./order-form.schema";

const storeId = "7d0f6c1e-3b8a-4a53-9a57-2c4f8d1e6b90";
const base = { storeId, channel: "in_store", currency: "CNY", customerContact: "", note: "" };

describe("the new-order form", () => {
  it("reads typed prices and quantities into what orders.create takes", () => {
    const order = orderForm("CNY").parse({
      ...base,
      mode: "items",
      items: [{ name: " Latte ", quantity: "2", unitPriceMinor: "¥28" }],
      voucher: { uses: "3", validDays: "", storeOnly: true },
    });
    expect(order).toEqual({
      storeId,
      channel: "in_store",
      currency: "CNY",
      items: [{ name: "Latte", quantity: 2, unitPriceMinor: 2800n }],
      voucher: { uses: 3, validDays: null, storeOnly: true },
    });
    const amountOnly = orderForm("JPY").parse({
      ...base,
      currency: "JPY",
      mode: "amount",
      amountMinor: "1,200",
    });
    expect(amountOnly).toMatchObject({ items: [], amountMinor: 1200n });
  });

  it("says what is wrong next to each field, in message keys", () => {
    const issues = formIssues(orderForm("CNY"), {
      ...base,
      mode: "items",
      items: [
        { name: "", quantity: "1", unitPriceMinor: "" },
        { name: "Tea", quantity: "0", unitPriceMinor: "12,5" },
        { name: "Cake", quantity: "1", unitPriceMinor: "0" },
      ],
      voucher: { uses: "0", validDays: "4000", storeOnly: false },
    });
    expect(issues).toEqual({
      "items.0.name": "required",
      "items.0.unitPriceMinor": "required",
      "items.1.quantity": "quantityRange",
      "items.1.unitPriceMinor": "invalidAmount",
      "items.2.unitPriceMinor": "amountPositive",
      "voucher.uses": "usesRange",
      "voucher.validDays": "validDaysRange",
    });
  });

  it("refuses the lines as a whole, in message keys both languages have: more than an order holds, or a sum beyond any amount", () => {
    const line = { name: "Bun", quantity: "1", unitPriceMinor: "2" };
    expect(
      formIssues(orderForm("CNY"), { ...base, mode: "items", items: Array(101).fill(line) }),
    ).toEqual({ items: "tooManyItems" });
    expect(
      orderForm("CNY").safeParse({ ...base, mode: "items", items: Array(100).fill(line) }).success,
    ).toBe(true);
    expect(
      formIssues(orderForm("CNY"), {
        ...base,
        mode: "items",
        items: [{ name: "Gold bar", quantity: "2", unitPriceMinor: "10000000000000" }],
      }),
    ).toEqual({ items: "orderTotalTooLarge" });
  });

  it("checks only the lines, or only the amount, as the cashier chose", () => {
    expect(formIssues(orderForm("CNY"), { ...base, mode: "amount", amountMinor: "" })).toEqual({
      amountMinor: "required",
    });
    expect(
      orderForm("CNY").safeParse({ ...base, mode: "amount", amountMinor: "5", items: [{}] })
        .success,
    ).toBe(true);
  });

  it("sums only what reads, for the running total", () => {
    expect(lineTotal({ quantity: "3", unitPriceMinor: "1.5" }, "CNY")).toBe(450n);
    expect(lineTotal({ quantity: "3", unitPriceMinor: "1.555" }, "CNY")).toBeNull();
    expect(typedAmount("12.5", "CNY")).toBe(1250n);
    expect(typedAmount("abc", "CNY")).toBeNull();
  });
});

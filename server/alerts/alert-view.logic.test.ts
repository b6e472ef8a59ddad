import { describe, expect, it } from "vitest";
import { alertEntityHref, formatAlertParams, tellAlert } from "./alert-view.logic";

describe("telling an alert", () => {
  it("reads both amount-mismatch variants, amounts as money", () => {
    const payment = tellAlert("amount_mismatch", {
      attemptId: "a",
      expected: "12345 CNY",
      received: "100 CNY",
      providerTxnId: "T1",
    });
    expect(payment.params.variant).toEqual({ type: "text", value: "payment" });
    expect(formatAlertParams(payment.params, "en")).toMatchObject({
      expected: "CN¥123.45",
      received: "CN¥1.00",
    });
    expect(payment.facts.map((f) => f.key)).toEqual(["expected", "received", "providerTxnId"]);
    const refund = tellAlert("amount_mismatch", {
      refundId: "r",
      expected: "300 USD",
      received: "? ",
      providerRefundId: "R1",
    });
    expect(refund.params.variant).toEqual({ type: "text", value: "refund" });
    expect(refund.params.received).toEqual({ type: "text", value: "? " });
    expect(refund.facts.map((f) => f.key)).toContain("providerRefundId");
  });

  it("formats a spike's shares as percentages and its hour in the shop's zone", () => {
    const story = tellAlert("failure_spike", {
      methodLabel: "Counter QR",
      hour: { attempts: 40, failures: 12, rate: 0.3 },
      baseline: { attempts: 200, failures: 10, rate: 0.05 },
      threshold: 0.25,
      windowStart: "2026-03-01T16:00:00.000Z",
      windowEnd: "2026-03-01T17:00:00.000Z",
    });
    expect(formatAlertParams(story.params, "en")).toMatchObject({
      method: "Counter QR",
      rate: "30%",
      baseline: "5%",
      failures: "12",
    });
    const start = story.facts.find((f) => f.key === "windowStart")!;
    expect(formatAlertParams({ start: start.value }, "en", "Asia/Shanghai").start).toContain(
      "Mar 2, 2026",
    );
  });

  it("reads an unknown kind by the general rule: flattened, money, times, shares", () => {
    const story = tellAlert("velocity", {
      contact: "a@b.example",
      attempts: 9,
      window: { minutes: 5 },
      amountMinor: "5000",
      currency: "CNY",
      failureRate: 0.5,
      at: "2026-03-01T00:00:00.000Z",
    });
    expect(story.known).toBe(false);
    expect(Object.keys(story.params).sort()).toEqual(
      ["amount", "at", "attempts", "contact", "failureRate", "window_minutes"].sort(),
    );
    expect(formatAlertParams(story.params, "zh-CN")).toMatchObject({
      amount: "¥50.00",
      failureRate: "50%",
      window_minutes: "5",
    });
    expect(story.params.at).toEqual({ type: "time", at: "2026-03-01T00:00:00.000Z" });
  });

  it("links each alert to what it is about", () => {
    expect(
      alertEntityHref({ kind: "duplicate_payment", entityType: "order", entityId: "o1" }),
    ).toBe("/orders/o1");
    expect(
      alertEntityHref({ kind: "voucher_code_guessing", entityType: "user", entityId: "u" }),
    ).toBe("/vouchers");
    expect(
      alertEntityHref({ kind: "failure_spike", entityType: "payment_method", entityId: "m" }),
    ).toBe("/failures");
    expect(alertEntityHref({ kind: "staff_refunds", entityType: "user", entityId: "u" })).toBe(
      "/team",
    );
    expect(alertEntityHref({ kind: "x", entityType: "device", entityId: "d" })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { formIssues } from "@/test/expect";
import { refundForm } from "./refund-form.schema";

describe("the refund dialog's form", () => {
  const form = refundForm("CNY", 2800n);

  it("refunds all that is left, or the part typed", () => {
    expect(form.parse({ extent: "full", reason: "customer_request", reasonText: "" })).toEqual({
      amountMinor: 2800n,
      reason: "customer_request",
      reasonText: "",
    });
    expect(
      form.parse({ extent: "partial", amountMinor: "8.50", reason: "other", reasonText: "Cold" }),
    ).toMatchObject({ amountMinor: 850n, reasonText: "Cold" });
  });

  it('refuses more than is left, and "other" without a note', () => {
    expect(
      formIssues(form, { extent: "partial", amountMinor: "30", reason: "other", reasonText: " " }),
    ).toEqual({
      amountMinor: "orderRefunds.dialog.amountTooHigh",
      reasonText: "orderRefunds.dialog.noteRequired",
    });
    expect(
      formIssues(form, { extent: "partial", amountMinor: "x", reason: "customer_request" }),
    ).toEqual({ amountMinor: "invalidAmount" });
  });
});

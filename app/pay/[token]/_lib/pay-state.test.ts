import { describe, expect, it } from "vitest";
import { loadMessages } from "@/app/_i18n/messages";
import { failureReasons } from "@/server/payments/failure-reasons.logic";
import { payState, statusKey, type PayView } from "./pay-state";

const now = Date.parse("2026-05-01T08:00:00Z");
const alipay = {
  id: "11111111-1111-4111-8111-111111111111",
  label: "Alipay",
  kind: "sandbox" as const,
};
const wechat = {
  id: "22222222-2222-4222-8222-222222222222",
  label: "WeChat",
  kind: "sandbox" as const,
};

function view(over: Partial<PayView> = {}): PayView {
  return {
    token: "tok_abcdefghijkl",
    status: "created",
    amountMinor: 2350n,
    currency: "CNY",
    methodId: alipay.id,
    methodKind: "sandbox",
    methodLabel: alipay.label,
    failureReason: null,
    expiresAt: new Date(now + 10 * 60_000),
    succeededAt: null,
    orderNumber: "20260501-0001",
    orderStatus: "pending",
    merchantName: "Demo Café",
    merchantLocale: "zh-CN",
    timeZone: "Asia/Shanghai",
    storeName: "People's Square",
    alternatives: [alipay, wechat],
    sandboxUnavailable: false,
    ...over,
  } as PayView;
}

describe("payState", () => {
  it("is open while the request waits and has time left", () => {
    expect(payState(view(), now)).toEqual({ kind: "open", waiting: "created" });
    expect(payState(view({ status: "pending" }), now)).toEqual({
      kind: "open",
      waiting: "pending",
    });
  });

  it("offers no button to a sandbox wallet turned off since: another method, or the staff", () => {
    const gone = view({ sandboxUnavailable: true, alternatives: [wechat] });
    expect(payState(gone, now)).toEqual({
      kind: "failed",
      cause: "method_unavailable",
      nextStep: "other_method",
      canRetry: false,
      retryFirst: false,
      others: [wechat],
    });
    // With nothing else on offer, the panel asks the customer to see the staff.
    expect(payState({ ...gone, alternatives: [] }, now)).toMatchObject({
      cause: "method_unavailable",
      canRetry: false,
      others: [],
    });
  });

  it("counts an open request whose time is up as expired, before the server says so", () => {
    const state = payState(view({ expiresAt: new Date(now) }), now);
    expect(state).toMatchObject({ kind: "failed", cause: "expired", nextStep: "retry" });
  });

  it("is a receipt once the attempt succeeded", () => {
    const paid = view({ status: "succeeded", orderStatus: "paid", succeededAt: new Date(now) });
    expect(payState(paid, now)).toEqual({ kind: "paid", afterClose: false, refund: "none" });
    expect(payState({ ...paid, orderStatus: "refunded" }, now)).toMatchObject({ refund: "full" });
    expect(payState({ ...paid, orderStatus: "partially_refunded" }, now)).toMatchObject({
      refund: "partial",
    });
  });

  it("tells a customer whose money arrived after the order was closed that it is refunded", () => {
    const late = view({ status: "succeeded", orderStatus: "cancelled" });
    expect(payState(late, now)).toMatchObject({ kind: "paid", afterClose: true });
  });

  it("says the order is closed when it cannot be paid any more", () => {
    expect(payState(view({ status: "cancelled", orderStatus: "paid" }), now)).toEqual({
      kind: "closed",
      why: "paid",
    });
    expect(payState(view({ status: "cancelled", orderStatus: "cancelled" }), now)).toEqual({
      kind: "closed",
      why: "cancelled",
    });
    expect(payState(view({ orderStatus: "expired" }), now)).toEqual({
      kind: "closed",
      why: "expired",
    });
  });

  it("after insufficient funds suggests a top-up and puts trying again first", () => {
    const state = payState(view({ status: "failed", failureReason: "insufficient_funds" }), now);
    expect(state).toEqual({
      kind: "failed",
      cause: "insufficient_funds",
      nextStep: "top_up",
      canRetry: true,
      retryFirst: true,
      others: [wechat],
    });
  });

  it("after a risk refusal leads with the other methods", () => {
    const state = payState(view({ status: "failed", failureReason: "risk_declined" }), now);
    expect(state).toMatchObject({ nextStep: "other_method", canRetry: true, retryFirst: false });
  });

  it("does not offer the same method again when it is no longer on offer", () => {
    const state = payState(
      view({ status: "failed", failureReason: "cancelled_by_customer", alternatives: [wechat] }),
      now,
    );
    expect(state).toMatchObject({ canRetry: false, retryFirst: false, others: [wechat] });
  });

  it("explains a request the shop closed, and one that failed without a reason", () => {
    expect(payState(view({ status: "cancelled" }), now)).toMatchObject({
      cause: "request_closed",
      nextStep: "retry",
    });
    expect(payState(view({ status: "failed" }), now)).toMatchObject({ cause: "unknown" });
    expect(payState(view({ status: "expired" }), now)).toMatchObject({ cause: "expired" });
    expect(
      payState(view({ status: "failed", failureReason: "new_code" as never }), now),
    ).toMatchObject({
      cause: "unknown",
    });
  });
});

describe("pay page messages", () => {
  // Keys built at run time (`reason.${cause}`) escape the catalogue test's literal-key check.
  for (const locale of ["en", "zh-CN"] as const) {
    const pay = loadMessages(locale).pay as Record<string, Record<string, string>>;

    it(`explain every failure reason and next step in ${locale}`, () => {
      for (const reason of [...failureReasons, "request_closed"]) {
        expect(pay.reason?.[reason], reason).toBeTruthy();
      }
      for (const step of ["retry", "other_method", "top_up", "contact_bank", "pay_cash"]) {
        expect(pay.nextStep?.[step], step).toBeTruthy();
      }
    });

    it(`name every status the page can show in ${locale}`, () => {
      const states = [
        payState(view(), now),
        payState(view({ status: "pending" }), now),
        payState(view({ status: "succeeded", orderStatus: "paid" }), now),
        payState(view({ status: "succeeded", orderStatus: "refunded" }), now),
        payState(view({ status: "failed" }), now),
        payState(view({ orderStatus: "paid" }), now),
        payState(view({ orderStatus: "cancelled" }), now),
        payState(view({ orderStatus: "expired" }), now),
      ];
      for (const state of states) expect(pay.status?.[statusKey(state)]).toBeTruthy();
    });
  }
});

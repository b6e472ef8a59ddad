import { randomBytes } from "node:crypto";
import {
  decimal,
  fromDecimal,
  rsaPair,
  rsaSign,
  rsaVerify,
  type Answer,
  type Delivery,
  type FakeLedger,
} from "./shared";

const beijing = (at: Date) =>
  new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");

/**
 * Alipay's OpenAPI gateway (form POST, RSA2-signed both ways) and its notifications. Refunds
 * (alipay.trade.refund) answer synchronously and are looked up by alipay.trade.fastpay.refund.query;
 * Alipay documents no refund notification of their own, only the trade's re-notification
 * (`notification` with out_biz_no, gmt_refund and the cumulative refund_fee in `extra`).
 */
export class FakeAlipay {
  readonly appId = "2021000000000001";
  readonly sellerId = "2088000000000001";
  readonly app = rsaPair();
  readonly platform = rsaPair();
  /** The OpenAPI method of every call whose signature checked out. */
  readonly calls: string[] = [];

  constructor(private readonly ledger: FakeLedger) {}

  /** What the merchant enters in the method's settings. */
  credentials() {
    return {
      appId: this.appId,
      sellerId: this.sellerId,
      product: "precreate",
      privateKeyPem: this.app.privateKeyPem,
      alipayPublicKeyPem: this.platform.publicKeyPem,
    };
  }

  api(body: string): Answer {
    const params = Object.fromEntries(new URLSearchParams(body));
    const content = Object.keys(params)
      .filter((k) => k !== "sign")
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("&");
    const method = params.method ?? "";
    const key = `${method.replaceAll(".", "_")}_response`;
    const answer = (inner: Record<string, unknown>) => {
      const innerText = JSON.stringify(inner);
      const sign = rsaSign(innerText, this.platform.privateKeyPem);
      return { status: 200, body: `{"${key}":${innerText},"sign":"${sign}"}` };
    };
    if (
      params.app_id !== this.appId ||
      !rsaVerify(content, params.sign ?? "", this.app.publicKeyPem)
    ) {
      this.ledger.refusedCalls.push(`alipay ${method}`);
      return answer({
        code: "40002",
        msg: "Invalid Arguments",
        sub_code: "isv.invalid-signature",
        sub_msg: "验签出错",
      });
    }
    this.calls.push(method);
    const biz = JSON.parse(params.biz_content ?? "{}") as Record<string, string>;
    const token = biz.out_trade_no!;
    if (method === "alipay.trade.precreate") {
      const refusal = this.ledger.takeRefusal();
      if (refusal)
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: refusal.code,
          sub_msg: refusal.message,
        });
      this.ledger.newPayment(token, fromDecimal(biz.total_amount!), "CNY", "2026");
      return answer({
        code: "10000",
        msg: "Success",
        out_trade_no: token,
        qr_code: `https://qr.alipay.com/bax0${randomBytes(8).toString("hex")}`,
      });
    }
    if (method === "alipay.trade.query") {
      const p = this.ledger.payments.get(token);
      if (!p)
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: "ACQ.TRADE_NOT_EXIST",
          sub_msg: "交易不存在",
        });
      return answer({
        code: "10000",
        msg: "Success",
        trade_no: p.txnId,
        out_trade_no: token,
        trade_status:
          p.status === "paid"
            ? "TRADE_SUCCESS"
            : p.status === "closed"
              ? "TRADE_CLOSED"
              : "WAIT_BUYER_PAY",
        total_amount: decimal(p.amountMinor),
        ...(p.status === "paid" ? { send_pay_date: beijing(new Date()) } : {}),
      });
    }
    if (method === "alipay.trade.refund") {
      const refusal = this.ledger.takeRefusal();
      if (refusal)
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: refusal.code,
          sub_msg: refusal.message,
        });
      const p = this.ledger.payments.get(token);
      if (p?.status !== "paid")
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: "ACQ.TRADE_STATUS_ERROR",
          sub_msg: "交易状态不合法",
        });
      // out_request_no identifies the refund: the same one again refunds nothing more.
      const made = this.ledger.refund(
        biz.out_request_no ?? token,
        p,
        fromDecimal(biz.refund_amount ?? ""),
        "",
      );
      if (!made)
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
          sub_msg: "退款金额超限",
        });
      // fund_change: did money move on this call — "N" on a repeat, or while still processing.
      const moved = !made.repeat && made.refund.status === "succeeded";
      return this.ledger.refundAnswer(
        answer({
          code: "10000",
          msg: "Success",
          trade_no: p.txnId,
          out_trade_no: token,
          buyer_logon_id: "xud***@126.com",
          fund_change: moved ? "Y" : "N",
          refund_fee: decimal(this.ledger.refundedMinor(token)),
          ...(moved ? { gmt_refund_pay: beijing(new Date()) } : {}),
        }),
      );
    }
    if (method === "alipay.trade.fastpay.refund.query") {
      const p = this.ledger.payments.get(token);
      if (!p)
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: "ACQ.TRADE_NOT_EXIST",
          sub_msg: "交易不存在",
        });
      const r = this.ledger.findRefund(biz.out_request_no ?? token);
      // Only a refund done shows: "not received, or failed" answers no refund fields at all.
      if (r?.payment !== p || r.status !== "succeeded")
        return answer({ code: "10000", msg: "Success", out_trade_no: token, trade_no: p.txnId });
      return answer({
        code: "10000",
        msg: "Success",
        trade_no: p.txnId,
        out_trade_no: token,
        out_request_no: r.key,
        total_amount: decimal(p.amountMinor),
        refund_amount: decimal(r.amountMinor),
        refund_status: "REFUND_SUCCESS",
      });
    }
    return answer({
      code: "40004",
      msg: "Business Failed",
      sub_code: "ACQ.INVALID_METHOD",
      sub_msg: method,
    });
  }

  /** An Alipay asynchronous notification: form-encoded, RSA2 over the sorted parameters bar sign/sign_type. */
  notification(
    attempt: { token: string; amountMinor: bigint },
    o: {
      amountMinor?: bigint;
      appId?: string;
      status?: string;
      signWith?: string;
      extra?: Record<string, string>;
      /** Sign sign_type=RSA2 too, as some Alipay gateway notifications do. */
      signSignType?: boolean;
    } = {},
  ): Delivery {
    const p = this.ledger.payments.get(attempt.token);
    const params: Record<string, string> = {
      gmt_create: beijing(new Date()),
      charset: "utf-8",
      seller_email: "shop@example.com",
      subject: "拿铁 ×2 测试",
      buyer_id: "2088102534368455",
      invoice_amount: decimal(o.amountMinor ?? attempt.amountMinor),
      notify_id: `2026${randomBytes(14).toString("hex")}`,
      fund_bill_list: '[{"amount":"0.10","fundChannel":"ALIPAYACCOUNT"}]',
      notify_type: "trade_status_sync",
      trade_status: o.status ?? "TRADE_SUCCESS",
      receipt_amount: decimal(o.amountMinor ?? attempt.amountMinor),
      app_id: o.appId ?? this.appId,
      buyer_pay_amount: decimal(o.amountMinor ?? attempt.amountMinor),
      seller_id: this.sellerId,
      gmt_payment: beijing(new Date()),
      notify_time: beijing(new Date()),
      version: "1.0",
      out_trade_no: attempt.token,
      total_amount: decimal(o.amountMinor ?? attempt.amountMinor),
      trade_no: p?.txnId ?? "2026112622001468450512505578",
      auth_app_id: o.appId ?? this.appId,
      buyer_logon_id: "xud***@126.com",
      point_amount: "0.00",
      ...o.extra,
      ...(o.signSignType ? { sign_type: "RSA2" } : {}),
    };
    const content = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("&");
    params.sign = rsaSign(content, o.signWith ?? this.platform.privateKeyPem);
    params.sign_type = "RSA2";
    return {
      rawBody: new URLSearchParams(params).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    };
  }
}

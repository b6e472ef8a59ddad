import { providerFailureReason } from "@/server/payments/failure-reasons.logic";
import { decimalToMinor, minorToDecimal } from "../amount.logic";
import { checkWith, madeUpOrderNumber, refundRefused, verifyWith } from "../connector-kit";
import { baseUrl, callProvider, jsonObject, str } from "../http";
import { readPrivateKey, readPublicKey } from "../keys.logic";
import {
  ProviderError,
  type Connector,
  type MethodContext,
  type NormalizedEvent,
  type RefundInput,
  type RefundRequestResult,
  type VerifiedNotification,
} from "../types";
import { alipayCertSn, alipayRootCertSn } from "./alipay-certificates";
import {
  alipayResponseContent,
  alipaySignContent,
  decodeAlipayForm,
  signAlipay,
  verifyAlipay,
  verifyAlipayNotification,
} from "./alipay-signature";

// open.alipay.com 网关地址: production and the sandbox (沙箱) gateway.
const gateways = {
  live: "https://openapi.alipay.com/gateway.do",
  sandbox: "https://openapi-sandbox.dl.alipaydev.com/gateway.do",
};

/** Alipay writes times as `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8, no DST). */
function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}
function fromBeijingTime(text: string | undefined): Date | null {
  if (!text || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text)) return null;
  const at = new Date(`${text.replace(" ", "T")}+08:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * Certificate mode (公钥证书模式): with the app's certificate and Alipay's root bundle saved,
 * each request names both by SN and each answer must name the Alipay certificate saved in
 * the Alipay public key's field. Null in public key mode (neither saved).
 */
function certificateMode(credentials: MethodContext["credentials"]) {
  const { appCertPem, alipayRootCertPem, alipayPublicKeyPem } = credentials;
  if (!appCertPem && !alipayRootCertPem) return null;
  const appCertSn = appCertPem ? alipayCertSn(appCertPem) : null;
  const root = alipayRootCertSn(alipayRootCertPem ?? "");
  const alipayCert = alipayCertSn(alipayPublicKeyPem ?? "");
  if (!appCertSn || !root.ok || !alipayCert)
    throw new ProviderError(
      "NOT_CONFIGURED",
      "Certificate mode needs the app public key certificate, the Alipay root certificate and the Alipay public key certificate",
    );
  return { appCertSn, rootCertSn: root.sn, alipayCertSn: alipayCert };
}

export function settings(method: MethodContext) {
  const appId = str(method.config, "appId");
  const { privateKeyPem, alipayPublicKeyPem } = method.credentials;
  if (!appId || !privateKeyPem || !alipayPublicKeyPem)
    throw new ProviderError("NOT_CONFIGURED", "Alipay app id or keys are missing");
  return {
    appId,
    sellerId: str(method.config, "sellerId"),
    privateKey: readPrivateKey(privateKeyPem),
    publicKey: readPublicKey(alipayPublicKeyPem),
    certificates: certificateMode(method.credentials),
    gateway: baseUrl(method.config, gateways[method.mode]),
  };
}

/** The public request parameters, signed (RSA2 over every parameter but `sign`). */
function signedParams(
  s: ReturnType<typeof settings>,
  apiMethod: string,
  biz: Record<string, unknown>,
  now: Date,
  extra: Record<string, string> = {},
): Record<string, string> {
  const params: Record<string, string> = {
    app_id: s.appId,
    method: apiMethod,
    format: "JSON",
    charset: "utf-8",
    sign_type: "RSA2",
    timestamp: beijingTime(now),
    version: "1.0",
    biz_content: JSON.stringify(biz),
    ...(s.certificates
      ? {
          app_cert_sn: s.certificates.appCertSn,
          alipay_root_cert_sn: s.certificates.rootCertSn,
        }
      : {}),
    ...extra,
  };
  params.sign = signAlipay(alipaySignContent(params, ["sign"]), s.privateKey);
  return params;
}

/**
 * Why a signed answer cannot be trusted, or null when it can: it must be signed by the key
 * saved here and, in certificate mode, name no other Alipay certificate (Alipay renews its
 * certificate; the answer then names the new one, which the merchant must download).
 */
function answerDistrust(
  s: ReturnType<typeof settings>,
  signed: NonNullable<ReturnType<typeof alipayResponseContent>>,
): { code: string; message: string } | null {
  const expected = s.certificates?.alipayCertSn;
  if (expected && signed.certSn && signed.certSn !== expected)
    return {
      code: "UNKNOWN_ALIPAY_CERT",
      message: `Alipay signed with certificate ${signed.certSn}, not the Alipay public key certificate saved here (${expected}): download the current alipayCertPublicKey_RSA2.crt from the Alipay open platform and save it`,
    };
  if (!signed.sign || !verifyAlipay(signed.content, signed.sign, s.publicKey))
    return {
      code: "BAD_SIGNATURE",
      message: "Alipay's answer does not match the Alipay public key saved here",
    };
  return null;
}

/**
 * Calls one OpenAPI method and returns its verified `<method>_response` object. A `code`
 * other than 10000 is a ProviderError carrying `sub_code`/`sub_msg` (the raw failure).
 */
export async function callApi(
  s: ReturnType<typeof settings>,
  fetchFn: typeof fetch,
  apiMethod: string,
  biz: Record<string, unknown>,
  now: Date,
): Promise<Record<string, unknown>> {
  const res = await callProvider(fetchFn, s.gateway, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
    body: new URLSearchParams(signedParams(s, apiMethod, biz, now)).toString(),
  });
  const signed = alipayResponseContent(res.text, apiMethod);
  if (!signed)
    throw new ProviderError("BAD_RESPONSE", `Alipay answered ${res.status} without a response`);
  const answer = jsonObject(signed.content);
  // Error answers may come unsigned (e.g. a bad app id); success must be signed by Alipay.
  if (answer.code !== "10000") {
    throw new ProviderError(
      str(answer, "sub_code") ?? str(answer, "code") ?? "UNKNOWN",
      str(answer, "sub_msg") ?? str(answer, "msg") ?? "Alipay refused the request",
    );
  }
  const distrust = answerDistrust(s, signed);
  if (distrust) throw new ProviderError(distrust.code, distrust.message);
  return answer;
}

/** trade_status → our outcome (docs.open.alipay.com/194/103296, §2.3 of our notes). */
function outcomeOf(status: string | null): NormalizedEvent["outcome"] | null {
  switch (status) {
    case "TRADE_SUCCESS":
    case "TRADE_FINISHED":
      return "succeeded";
    case "WAIT_BUYER_PAY":
      return "pending";
    case "TRADE_CLOSED":
      return "failed";
    default:
      return null;
  }
}

function parseNotification(p: Record<string, string>): VerifiedNotification | string {
  const token = p.out_trade_no;
  const eventId = p.notify_id;
  if (!token || !eventId) return "out_trade_no or notify_id missing";
  // A cross-border trade is priced in trans_currency, total_amount in that currency; a domestic
  // one names none and is in yuan. Read as named, so a trade in dollars is never taken for yuan.
  const currency = p.trans_currency ?? "CNY";
  // A refund only re-notifies the trade (trade_status_sync with out_biz_no / gmt_refund and the
  // trade's cumulative refund_fee, §2.3): alipay.trade.refund documents no refund notification
  // of its own. Its synchronous answer and alipay.trade.fastpay.refund.query settle our refunds;
  // the total tells of refunds made elsewhere (Alipay's own merchant console).
  if (p.out_biz_no || p.gmt_refund) {
    const totalMinor = decimalToMinor(p.refund_fee, currency);
    if (totalMinor === null)
      return { kind: "other", eventId, detail: `trade ${p.trade_status ?? ""} after a refund` };
    return {
      kind: "refunded_total",
      refunded: { eventId, attemptToken: token, totalMinor, currency, providerRefundId: null },
    };
  }
  const outcome = outcomeOf(p.trade_status ?? null);
  if (!outcome) return `unknown trade_status ${p.trade_status ?? "(none)"}`;
  const amountMinor = decimalToMinor(p.total_amount, currency);
  if (amountMinor === null) return `total_amount is not an amount of ${currency}`;
  const failed = outcome === "failed";
  return {
    kind: "payment",
    event: {
      eventId,
      attemptToken: token,
      outcome,
      amountMinor,
      currency,
      providerTxnId: p.trade_no ?? null,
      buyerId: p.buyer_id ?? p.buyer_open_id ?? null,
      failureCode: failed ? (p.trade_status ?? null) : null,
      failureMessage: failed ? "Alipay closed the trade unpaid" : null,
      failureReason: failed ? providerFailureReason("alipay", p.trade_status) : null,
      occurredAt: fromBeijingTime(p.gmt_payment ?? p.gmt_close ?? p.notify_time) ?? new Date(),
    },
  };
}

/**
 * alipay.trade.fastpay.refund.query by out_request_no: refund_status REFUND_SUCCESS once the
 * money moved (with this refund's refund_amount). Without it the refund is not (yet) made —
 * Alipay's word is "not received, or failed", never a final failure — so null: still pending.
 */
async function queryAlipayRefund(
  s: ReturnType<typeof settings>,
  input: RefundInput,
  now: Date,
  fetchFn: typeof fetch,
): Promise<RefundRequestResult | null> {
  const answer = await callApi(
    s,
    fetchFn,
    "alipay.trade.fastpay.refund.query",
    {
      out_trade_no: input.attemptToken,
      out_request_no: input.refundId,
      // gmt_refund_pay (when the refund was made) comes only when asked for.
      query_options: ["gmt_refund_pay"],
    },
    now,
  );
  if (str(answer, "refund_status") !== "REFUND_SUCCESS") return null;
  if (str(answer, "out_request_no") !== input.refundId)
    throw new ProviderError("BAD_RESPONSE", "Alipay answered about another refund");
  if (decimalToMinor(str(answer, "refund_amount"), "CNY") !== input.refundMinor)
    throw new ProviderError("AMOUNT_MISMATCH", "Alipay's refund_amount is not this refund's");
  return refundMade(answer);
}

/**
 * A refund Alipay says was made, at its gmt_refund_pay (Beijing time): when the money went
 * back, the time its bill lists the refund at.
 */
function refundMade(answer: Record<string, unknown>): RefundRequestResult {
  return {
    status: "succeeded",
    providerRefundId: str(answer, "trade_no"),
    failureCode: null,
    failureMessage: null,
    settledAt: fromBeijingTime(str(answer, "gmt_refund_pay") ?? undefined),
  };
}

export const alipayConnector: Connector = {
  async createPayment(method, input, deps) {
    const s = settings(method);
    const biz = {
      out_trade_no: input.attemptToken,
      total_amount: minorToDecimal(input.amountMinor, input.currency),
      subject: input.subject.slice(0, 256),
      time_expire: beijingTime(input.expiresAt),
    };
    // 电脑网站支付 is a signed link the customer opens; 当面付 precreate returns a QR to scan.
    if (method.config.product === "page") {
      const params = signedParams(
        s,
        "alipay.trade.page.pay",
        { ...biz, product_code: "FAST_INSTANT_TRADE_PAY" },
        deps.now(),
        { notify_url: input.notifyUrl, return_url: input.returnUrl },
      );
      return {
        qrContent: null,
        redirectUrl: `${s.gateway}?${new URLSearchParams(params).toString()}`,
        providerRef: null,
      };
    }
    const answer = await callApi(s, deps.fetch, "alipay.trade.precreate", biz, deps.now());
    const qr = str(answer, "qr_code");
    if (!qr) throw new ProviderError("BAD_RESPONSE", "Alipay gave no qr_code");
    return { qrContent: qr, redirectUrl: null, providerRef: null };
  },

  verifyNotification: verifyWith(settings, ({ rawBody }, s) => {
    const p = decodeAlipayForm(rawBody);
    if (!p) return "body is not a form";
    if (!p.sign) return "sign missing";
    // Only RSA2 is configured; the old SHA1 "RSA" is refused rather than silently accepted.
    if (p.sign_type !== undefined && p.sign_type !== "RSA2")
      return `sign_type ${p.sign_type} not accepted`;
    if (!verifyAlipayNotification(p, s.publicKey)) return "signature bad_signature";
    // After the signature, the business checks Alipay asks for (§2.4 step 8).
    if (p.app_id !== s.appId) return "app_id is not this method's";
    if (s.sellerId && p.seller_id && p.seller_id !== s.sellerId)
      return "seller_id is not this method's";
    return parseNotification(p);
  }),

  acknowledge(accepted) {
    // Exactly the seven bytes `success`; anything else makes Alipay retry (§2.5).
    return new Response(accepted ? "success" : "fail", {
      status: accepted ? 200 : 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  },

  async queryPayment(method, input, deps) {
    const s = settings(method);
    let answer: Record<string, unknown>;
    try {
      answer = await callApi(
        s,
        deps.fetch,
        "alipay.trade.query",
        { out_trade_no: input.attemptToken },
        deps.now(),
      );
    } catch (err) {
      // Not scanned yet: Alipay has no trade for this number.
      if (err instanceof ProviderError && err.code === "ACQ.TRADE_NOT_EXIST") return null;
      throw err;
    }
    const status = str(answer, "trade_status");
    const outcome = outcomeOf(status);
    if (!outcome || outcome === "pending") return null;
    const amountMinor = decimalToMinor(str(answer, "total_amount"), "CNY");
    if (amountMinor === null) throw new ProviderError("BAD_RESPONSE", "total_amount unreadable");
    const tradeNo = str(answer, "trade_no");
    const failed = outcome === "failed";
    return {
      eventId: `query:${tradeNo ?? input.attemptToken}:${status}`,
      attemptToken: input.attemptToken,
      outcome,
      amountMinor,
      currency: "CNY",
      providerTxnId: tradeNo,
      buyerId: str(answer, "buyer_user_id") ?? str(answer, "buyer_open_id"),
      failureCode: failed ? status : null,
      failureMessage: failed ? "Alipay closed the trade unpaid" : null,
      failureReason: failed ? providerFailureReason("alipay", status) : null,
      occurredAt: fromBeijingTime(str(answer, "send_pay_date") ?? undefined) ?? deps.now(),
    };
  },

  checkConnection(method, deps) {
    return checkWith(async () => {
      const s = settings(method);
      const apiMethod = "alipay.trade.query";
      const res = await callProvider(deps.fetch, s.gateway, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
        body: new URLSearchParams(
          signedParams(s, apiMethod, { out_trade_no: madeUpOrderNumber() }, deps.now()),
        ).toString(),
      });
      const signed = alipayResponseContent(res.text, apiMethod);
      if (!signed)
        return { ok: false, code: "BAD_RESPONSE", message: `Alipay answered ${res.status}` };
      const answer = jsonObject(signed.content);
      const code = str(answer, "sub_code") ?? str(answer, "code") ?? "UNKNOWN";
      // "No such trade" means Alipay checked our signature and app id and looked the number up.
      if (answer.code !== "10000" && code !== "ACQ.TRADE_NOT_EXIST")
        return { ok: false, code, message: str(answer, "sub_msg") ?? str(answer, "msg") ?? "" };
      // Its answer signed with the key we hold proves the Alipay public key too.
      const distrust = answerDistrust(s, signed);
      return distrust ? { ok: false, ...distrust } : { ok: true };
    });
  },

  async requestRefund(method, input, deps) {
    const s = settings(method);
    let answer: Record<string, unknown>;
    try {
      // out_request_no is the idempotency key: asked again, Alipay answers the refund already
      // made (fund_change "N") and never refunds twice.
      answer = await callApi(
        s,
        deps.fetch,
        "alipay.trade.refund",
        {
          out_trade_no: input.attemptToken,
          refund_amount: minorToDecimal(input.refundMinor, input.currency),
          out_request_no: input.refundId,
          ...(input.reason ? { refund_reason: input.reason } : {}),
        },
        deps.now(),
      );
    } catch (err) {
      return refundRefused(err);
    }
    // fund_change "Y": the money moved on this call. "N" or absent: the documented way to know
    // is the refund query (alipay.trade.refund, 退款成功判断说明).
    if (str(answer, "fund_change") === "Y") return refundMade(answer);
    return (
      (await queryAlipayRefund(s, input, deps.now(), deps.fetch)) ?? {
        status: "pending",
        // No id kept: the next ask is this request again (same out_request_no), as Alipay
        // tells merchants to retry a refund the query does not show.
        providerRefundId: null,
        failureCode: null,
        failureMessage: null,
        settledAt: null,
      }
    );
  },

  async queryRefund(method, input, deps) {
    return queryAlipayRefund(settings(method), input, deps.now(), deps.fetch);
  },
};

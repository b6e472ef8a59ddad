import { providerFailureReason } from "@/server/payments/failure-reasons.logic";
import { integerMinor } from "../amount.logic";
import {
  checkWith,
  madeUpOrderNumber,
  offsetTime,
  refundAnswer,
  refundRefused,
  refundSettled,
  verifyWith,
} from "../connector-kit";
import { baseUrl, callProvider, jsonObject, obj, str } from "../http";
import { certificateSerial, pemBlocks, readPrivateKey, readPublicKey } from "../keys.logic";
import {
  ProviderError,
  type Connector,
  type MethodContext,
  type NormalizedEvent,
  type VerifiedNotification,
} from "../types";
import {
  authorizationHeader,
  decryptResource,
  verifyWechatSignature,
  type PlatformKey,
} from "./wechat-pay-signature";

// API v3 has one host; there is no v3 sandbox (test with a live merchant and small amounts).
const apiHost = "https://api.mch.weixin.qq.com";

export function settings(method: MethodContext) {
  const appId = str(method.config, "appId");
  const mchId = str(method.config, "mchId");
  const serialNo = str(method.config, "merchantSerialNo");
  const { privateKeyPem, apiV3Key } = method.credentials;
  const platform = platformKeys(method);
  if (!appId || !mchId || !serialNo || !privateKeyPem || platform.keys.length === 0 || !apiV3Key)
    throw new ProviderError("NOT_CONFIGURED", "WeChat Pay ids or keys are missing");
  return {
    appId,
    mchId,
    serialNo,
    privateKey: readPrivateKey(privateKeyPem),
    platform,
    apiV3Key,
    host: baseUrl(method.config, apiHost),
  };
}
export type Settings = ReturnType<typeof settings>;

/**
 * The WeChat Pay public key under its PUB_KEY_ID_… and each platform certificate under its
 * own serial. Credentials saved before certificates had a field of their own hold one
 * certificate in the public key's field; it is read as the certificate it is.
 */
function platformKeys(method: MethodContext): { keys: PlatformKey[]; publicKeyId: string | null } {
  const { platformPublicKeyPem: publicKey, platformCertificatesPem: certificates } =
    method.credentials;
  const certs = pemBlocks(certificates ?? "");
  if (publicKey && certificateSerial(publicKey)) certs.unshift(publicKey);
  const keys = certs.map((c) => ({
    serial: certificateSerial(c) ?? "",
    publicKey: readPublicKey(c),
  }));
  const id = str(method.config, "platformSerial");
  if (!publicKey || !id || certificateSerial(publicKey)) return { keys, publicKeyId: null };
  keys.unshift({ serial: id, publicKey: readPublicKey(publicKey) });
  return { keys, publicKeyId: id };
}

/** A request's Authorization header, and which key the answer should be signed with. */
function signedHeaders(s: Settings, method: string, path: string, body: string, now: Date) {
  return {
    // During the switch WeChat Pay signs its answer with the key the request names: the
    // public key once one is held (pay.weixin.qq.com/doc/v3/merchant/4012154180).
    ...(s.platform.publicKeyId ? { "wechatpay-serial": s.platform.publicKeyId } : {}),
    authorization: authorizationHeader(
      { mchId: s.mchId, serialNo: s.serialNo, privateKey: s.privateKey },
      method,
      path,
      body,
      Math.floor(now.getTime() / 1000),
    ),
  };
}

/** One signed v3 call; the answer's own signature is checked before anything is believed. */
export async function callApi(
  s: Settings,
  fetchFn: typeof fetch,
  method: "GET" | "POST",
  path: string,
  body: Record<string, unknown> | null,
  now: Date,
): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const text = body ? JSON.stringify(body) : "";
  const res = await callProvider(fetchFn, `${s.host}${path}`, {
    method,
    headers: {
      accept: "application/json",
      ...(body ? { "content-type": "application/json" } : {}),
      ...signedHeaders(s, method, path, text, now),
    },
    ...(body ? { body: text } : {}),
  });
  const verified = verifyWechatSignature(res.headers, res.text, s.platform.keys, now.getTime());
  if (res.status >= 200 && res.status < 300 && !verified.ok)
    throw new ProviderError(
      "BAD_SIGNATURE",
      `WeChat Pay's answer failed its check (${verified.reason})`,
    );
  if (res.status === 204) return { status: 204, json: null };
  const json = jsonObject(res.text);
  if (res.status >= 300) {
    throw new ProviderError(
      str(json, "code") ?? "HTTP_" + res.status,
      str(json, "message") ?? "WeChat Pay refused the request",
      res.status,
    );
  }
  return { status: res.status, json };
}

/**
 * Refund status (退款状态, /v3/refund/domestic/refunds): SUCCESS done, CLOSED closed, PROCESSING
 * in progress. ABNORMAL (the card it goes back to is frozen or void) is not final: the
 * merchant resolves it in the merchant platform or by the abnormal-refund API, after which
 * it succeeds — so it stays pending, its amount held, never freed for a second refund.
 */
const refundWords = { done: "SUCCESS", refused: ["CLOSED"] } as const;

/**
 * A refund as the refund API and its query describe it; `success_time` (RFC 3339, +08:00) is
 * when the money went back, the time the trade bill's refund rows give.
 */
const refundOf = (json: Record<string, unknown> | null) =>
  refundAnswer(str(json, "status"), str(json, "refund_id"), refundWords, {
    settledAt: offsetTime(str(json, "success_time")),
  });

/** trade_state → outcome (native-payment query-by-out-trade-no; §1.6 of our notes). */
function outcomeOf(state: string | null): NormalizedEvent["outcome"] | null {
  switch (state) {
    case "SUCCESS":
      return "succeeded";
    case "NOTPAY":
    case "USERPAYING":
      return "pending";
    case "CLOSED":
    case "REVOKED":
    case "PAYERROR":
      return "failed";
    default:
      return null; // REFUND: paid then refunded, handled by the refunds work
  }
}

/** A decrypted (or queried) transaction as our event, after the mchid/appid checks. */
function transactionEvent(
  s: Settings,
  t: Record<string, unknown>,
  eventId: string,
): NormalizedEvent | string {
  if (str(t, "mchid") !== s.mchId) return "mchid is not this method's";
  if (str(t, "appid") !== s.appId) return "appid is not this method's";
  const token = str(t, "out_trade_no");
  const state = str(t, "trade_state");
  const outcome = outcomeOf(state);
  if (!token || !outcome) return `unreadable transaction (trade_state ${state ?? "none"})`;
  const amount = obj(t, "amount");
  const total = integerMinor(amount?.total);
  const currency = str(amount, "currency") ?? "CNY";
  if (outcome === "succeeded" && total === null) return "amount.total is not an amount";
  const failed = outcome === "failed";
  return {
    eventId,
    attemptToken: token,
    outcome,
    amountMinor: total ?? 0n,
    currency,
    providerTxnId: str(t, "transaction_id"),
    buyerId: str(obj(t, "payer"), "openid"),
    failureCode: failed ? state : null,
    failureMessage: failed ? (str(t, "trade_state_desc") ?? state) : null,
    failureReason: failed ? providerFailureReason("wechat_pay", state) : null,
    occurredAt: offsetTime(str(t, "success_time")) ?? new Date(),
  };
}

function parseNotification(s: Settings, rawBody: string): VerifiedNotification | string {
  let envelope: Record<string, unknown>;
  try {
    envelope = jsonObject(rawBody);
  } catch {
    return "body is not JSON";
  }
  const id = str(envelope, "id");
  const eventType = str(envelope, "event_type");
  const resource = obj(envelope, "resource");
  if (!id || !eventType || !resource) return "id, event_type or resource missing";
  if (str(resource, "algorithm") !== "AEAD_AES_256_GCM")
    return "resource algorithm not AEAD_AES_256_GCM";
  const ciphertext = str(resource, "ciphertext");
  const nonce = str(resource, "nonce");
  if (!ciphertext || !nonce) return "resource ciphertext or nonce missing";
  const plain = decryptResource(
    { ciphertext, nonce, associated_data: str(resource, "associated_data") },
    s.apiV3Key,
  );
  if (plain === null) return "resource does not decrypt with the APIv3 key";
  let data: Record<string, unknown>;
  try {
    data = jsonObject(plain);
  } catch {
    return "resource is not JSON";
  }
  if (eventType.startsWith("REFUND.")) {
    if (str(data, "mchid") !== s.mchId) return "mchid is not this method's";
    const token = str(data, "out_trade_no");
    if (!token) return "out_trade_no missing";
    const status = str(data, "refund_status");
    const amount = obj(data, "amount");
    return {
      kind: "refund",
      refund: {
        eventId: id,
        attemptToken: token,
        refundId: str(data, "refund_id"),
        merchantRefundId: str(data, "out_refund_no"),
        status: refundAnswer(status, null, refundWords).status,
        amountMinor: integerMinor(amount?.refund),
        currency: "CNY",
        occurredAt: offsetTime(str(data, "success_time")),
      },
    };
  }
  if (eventType !== "TRANSACTION.SUCCESS") return { kind: "other", eventId: id, detail: eventType };
  const event = transactionEvent(s, data, id);
  return typeof event === "string" ? event : { kind: "payment", event };
}

export const wechatPayConnector: Connector = {
  async createPayment(method, input, deps) {
    const s = settings(method);
    // Native pay (pay.weixin.qq.com …/native-payment/direct-jsons/native-prepay): a code_url
    // the customer scans in WeChat. Amounts in fen; time_expire in RFC 3339.
    const { json } = await callApi(
      s,
      deps.fetch,
      "POST",
      "/v3/pay/transactions/native",
      {
        appid: s.appId,
        mchid: s.mchId,
        description: input.subject.slice(0, 127),
        out_trade_no: input.attemptToken,
        time_expire: input.expiresAt.toISOString().replace(/\.\d{3}Z$/, "+00:00"),
        notify_url: input.notifyUrl,
        amount: { total: Number(input.amountMinor), currency: input.currency },
      },
      deps.now(),
    );
    const codeUrl = str(json, "code_url");
    if (!codeUrl) throw new ProviderError("BAD_RESPONSE", "WeChat Pay gave no code_url");
    return { qrContent: codeUrl, redirectUrl: null, providerRef: null };
  },

  verifyNotification: verifyWith(settings, ({ rawBody, headers }, s, _method, deps) => {
    const verified = verifyWechatSignature(headers, rawBody, s.platform.keys, deps.now().getTime());
    if (!verified.ok) return `signature ${verified.reason}`;
    return parseNotification(s, rawBody);
  }),

  acknowledge(accepted, message) {
    // 200/204 with no body on success; 4xx with {"code":"FAIL","message":…} to be retried (§1.7).
    return accepted
      ? new Response(null, { status: 204 })
      : Response.json({ code: "FAIL", message: message ?? "失败" }, { status: 400 });
  },

  async queryPayment(method, input, deps) {
    const s = settings(method);
    let json: Record<string, unknown> | null;
    try {
      ({ json } = await callApi(
        s,
        deps.fetch,
        "GET",
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(input.attemptToken)}?mchid=${encodeURIComponent(s.mchId)}`,
        null,
        deps.now(),
      ));
    } catch (err) {
      if (err instanceof ProviderError && err.code === "ORDER_NOT_EXIST") return null;
      throw err;
    }
    if (!json) return null;
    const state = str(json, "trade_state");
    const event = transactionEvent(
      s,
      json,
      `query:${str(json, "transaction_id") ?? input.attemptToken}:${state}`,
    );
    if (typeof event === "string") throw new ProviderError("BAD_RESPONSE", event);
    return event.outcome === "pending" ? null : event;
  },

  checkConnection(method, deps) {
    return checkWith(async () => {
      const s = settings(method);
      const path = `/v3/pay/transactions/out-trade-no/${madeUpOrderNumber()}?mchid=${encodeURIComponent(s.mchId)}`;
      const now = deps.now();
      const res = await callProvider(deps.fetch, `${s.host}${path}`, {
        method: "GET",
        headers: { accept: "application/json", ...signedHeaders(s, "GET", path, "", now) },
      });
      const json = jsonObject(res.text);
      const code = str(json, "code") ?? `HTTP_${res.status}`;
      // ORDER_NOT_EXIST: WeChat Pay accepted our signature (merchant key, serial, mchid).
      if (res.status !== 200 && code !== "ORDER_NOT_EXIST")
        return { ok: false, code, message: str(json, "message") ?? "" };
      // Its signed answer, checked with the platform key saved here, proves that key.
      const verified = verifyWechatSignature(res.headers, res.text, s.platform.keys, now.getTime());
      if (!verified.ok)
        return {
          ok: false,
          code: "BAD_SIGNATURE",
          message: `WeChat Pay's answer does not match the platform key saved here (${verified.reason})`,
        };
      return { ok: true };
    });
  },

  async requestRefund(method, input, deps) {
    const s = settings(method);
    try {
      const { json } = await callApi(
        s,
        deps.fetch,
        "POST",
        "/v3/refund/domestic/refunds",
        {
          out_trade_no: input.attemptToken,
          // The idempotency key: the same out_refund_no again answers the same refund.
          out_refund_no: input.refundId,
          ...(input.reason ? { reason: input.reason.slice(0, 80) } : {}),
          ...(input.notifyUrl ? { notify_url: input.notifyUrl } : {}),
          amount: {
            refund: Number(input.refundMinor),
            total: Number(input.amountMinor),
            currency: input.currency,
          },
        },
        deps.now(),
      );
      return refundOf(json);
    } catch (err) {
      return refundRefused(err);
    }
  },

  async queryRefund(method, input, deps) {
    const s = settings(method);
    let json: Record<string, unknown> | null;
    try {
      // Query a refund by out_refund_no (GET /v3/refund/domestic/refunds/{out_refund_no}).
      ({ json } = await callApi(
        s,
        deps.fetch,
        "GET",
        `/v3/refund/domestic/refunds/${encodeURIComponent(input.refundId)}`,
        null,
        deps.now(),
      ));
    } catch (err) {
      if (err instanceof ProviderError && err.code === "RESOURCE_NOT_EXISTS") return null;
      throw err;
    }
    return refundSettled(refundOf(json));
  },
};

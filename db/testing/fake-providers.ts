import {
  createCipheriv,
  createHmac,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
} from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { crc32 } from "node:zlib";
import forge from "node-forge";
import { eq } from "drizzle-orm";
import { paymentMethods } from "../schema";
import type { Db } from "../types";
import { testEncryptionKey } from "./fixtures";
import { methodInput, type PaymentsSeed } from "./payments";
import { providerCredentialsInput } from "@/server/connectors/credentials.schema";
import { cachePaypalCertificate } from "@/server/connectors/paypal/paypal-signature";
import { checkMethodConnection } from "@/server/payments/connection-check.service";
import { createPaymentMethod } from "@/server/payments/payment-method.service";
import { setProviderCredentials } from "@/server/payments/provider-credentials.service";

/**
 * A local stand-in for the four wallet providers: it holds their keys (made here, as the
 * tests' own), answers the outbound calls in each provider's documented format after
 * checking our request signatures, and signs notifications the way each provider does.
 * The signing code here is written from the providers' documents, apart from the
 * connectors' code, so a test passes only if both read the format the same way.
 */

export const providerKinds = ["alipay", "wechat_pay", "paypal", "stripe"] as const;
export type ProviderKind = (typeof providerKinds)[number];

/** The currency tests use per provider: yuan for the Chinese wallets, dollars for the others. */
export const currencyOf = (kind: ProviderKind) =>
  kind === "paypal" || kind === "stripe" ? "USD" : "CNY";

export interface RsaPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function rsaPair(): RsaPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** A self-signed X.509 certificate for a key pair (PayPal's and WeChat's platform certificates). */
export function selfSignedCertificate(pair: RsaPair, commonName: string, serialHex: string) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKeyPem);
  cert.serialNumber = serialHex;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const attrs = [{ name: "commonName", value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(pair.privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const rsaSign = (message: string, privateKeyPem: string) =>
  createSign("RSA-SHA256").update(message, "utf8").sign(privateKeyPem, "base64");
const rsaVerify = (message: string, signature: string, publicKeyPem: string) =>
  createVerify("RSA-SHA256")
    .update(message, "utf8")
    .verify(publicKeyPem, Buffer.from(signature, "base64"));

/** A payment as the fake provider knows it. */
interface FakePayment {
  token: string;
  amountMinor: bigint;
  currency: string;
  status: "open" | "paid" | "closed";
  txnId: string;
  ref: string;
  /** PayPal: the approved order was captured. */
  captured?: boolean;
}

export interface Delivery {
  rawBody: string;
  headers: Record<string, string>;
}

/** Alipay yuan strings and PayPal decimals from minor units (CNY/USD: two digits). */
const decimal = (minor: bigint) => `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;
const beijing = (at: Date) =>
  new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");

export class FakeProviders {
  readonly alipay = {
    appId: "2021000000000001",
    sellerId: "2088000000000001",
    app: rsaPair(),
    platform: rsaPair(),
  };
  readonly wechat = {
    appId: "wx0000000000000001",
    mchId: "1900000001",
    merchantSerialNo: "3775B6A45ACD588826D15E583A95F5DD",
    platformSerial: "5157F09EFDC096DE15EBE81A47057A72",
    apiV3Key: randomBytes(16).toString("hex"),
    merchant: rsaPair(),
    platform: rsaPair(),
    certificatePem: "",
  };
  readonly paypal = {
    clientId: "AYfake-client-id",
    clientSecret: "EFfake-client-secret",
    webhookId: "1JE4291016473214C",
    cert: rsaPair(),
    certUrl: `https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-${randomBytes(4).toString("hex")}`,
    certificatePem: "",
  };
  readonly stripe = {
    secretKey: `sk_test_${randomBytes(12).toString("hex")}`,
    webhookSecret: `whsec_${randomBytes(18).toString("base64").replace(/[+/=]/g, "x")}`,
  };
  /** Payments the fake has seen requested, by our attempt token. */
  readonly payments = new Map<string, FakePayment>();
  /** Calls whose signature did not check out (the fake answered 401). */
  readonly refusedCalls: string[] = [];
  /** Every call received: method and path. */
  readonly calls: string[] = [];
  /** When set, the next request-creating call is refused with this provider error. */
  refuseNext: { code: string; message: string } | null = null;
  private server: Server | null = null;
  baseUrl = "";

  constructor() {
    this.wechat.certificatePem = selfSignedCertificate(
      this.wechat.platform,
      "Tenpay.com Root CA test",
      this.wechat.platformSerial,
    );
    this.paypal.certificatePem = selfSignedCertificate(
      this.paypal.cert,
      "messageverificationcerts.sandbox.paypal.com",
      "01",
    );
    // What the connector would fetch from PayPal: primed, as the URL is not reachable here.
    cachePaypalCertificate(this.paypal.certUrl, this.paypal.certificatePem);
  }

  async start() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        this.calls.push(`${req.method} ${req.url}`);
        const answer = this.route(req, body);
        res.writeHead(answer.status, answer.headers ?? { "content-type": "application/json" });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    return this;
  }

  stop() {
    return new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** The customer pays in the wallet app: the provider now knows the payment as paid. */
  markPaid(token: string) {
    const p = this.payments.get(token);
    if (!p) throw new Error(`fake provider never saw ${token}`);
    p.status = "paid";
    return p;
  }

  private route(
    req: IncomingMessage,
    body: string,
  ): { status: number; body: string; headers?: Record<string, string> } {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const path = url.pathname;
    if (path.startsWith("/alipay/")) return this.alipayApi(body);
    if (path.startsWith("/wechat/"))
      return this.wechatApi(req, path.slice("/wechat".length) + url.search, body);
    if (path.startsWith("/paypal/")) return this.paypalApi(req, path.slice("/paypal".length), body);
    if (path.startsWith("/stripe/")) return this.stripeApi(req, path.slice("/stripe".length), body);
    return { status: 404, body: "{}" };
  }

  private newPayment(token: string, amountMinor: bigint, currency: string, prefix: string) {
    const p: FakePayment = {
      token,
      amountMinor,
      currency,
      status: "open",
      txnId: `${prefix}${Date.now()}${randomBytes(6).toString("hex")}`,
      ref: `${prefix}REF${randomBytes(6).toString("hex").toUpperCase()}`,
    };
    this.payments.set(token, p);
    return p;
  }

  private takeRefusal() {
    const r = this.refuseNext;
    this.refuseNext = null;
    return r;
  }

  // ---- Alipay OpenAPI gateway: form POST, RSA2-signed both ways --------------------------

  private alipayApi(body: string) {
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
      const sign = rsaSign(innerText, this.alipay.platform.privateKeyPem);
      return { status: 200, body: `{"${key}":${innerText},"sign":"${sign}"}` };
    };
    if (
      params.app_id !== this.alipay.appId ||
      !rsaVerify(content, params.sign ?? "", this.alipay.app.publicKeyPem)
    ) {
      this.refusedCalls.push(`alipay ${method}`);
      return answer({
        code: "40002",
        msg: "Invalid Arguments",
        sub_code: "isv.invalid-signature",
        sub_msg: "验签出错",
      });
    }
    const biz = JSON.parse(params.biz_content ?? "{}") as Record<string, string>;
    const token = biz.out_trade_no!;
    if (method === "alipay.trade.precreate") {
      const refusal = this.takeRefusal();
      if (refusal)
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: refusal.code,
          sub_msg: refusal.message,
        });
      const [yuan, fen = ""] = biz.total_amount!.split(".");
      this.newPayment(token, BigInt(yuan!) * 100n + BigInt(fen.padEnd(2, "0")), "CNY", "2026");
      return answer({
        code: "10000",
        msg: "Success",
        out_trade_no: token,
        qr_code: `https://qr.alipay.com/bax0${randomBytes(8).toString("hex")}`,
      });
    }
    if (method === "alipay.trade.query") {
      const p = this.payments.get(token);
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
      const refusal = this.takeRefusal();
      if (refusal)
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: refusal.code,
          sub_msg: refusal.message,
        });
      const p = this.payments.get(token);
      if (p?.status !== "paid")
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: "ACQ.TRADE_STATUS_ERROR",
          sub_msg: "交易状态不合法",
        });
      return answer({
        code: "10000",
        msg: "Success",
        trade_no: p.txnId,
        out_trade_no: token,
        refund_fee: biz.refund_amount,
        fund_change: "Y",
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
  alipayNotification(
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
    const p = this.payments.get(attempt.token);
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
      app_id: o.appId ?? this.alipay.appId,
      buyer_pay_amount: decimal(o.amountMinor ?? attempt.amountMinor),
      seller_id: this.alipay.sellerId,
      gmt_payment: beijing(new Date()),
      notify_time: beijing(new Date()),
      version: "1.0",
      out_trade_no: attempt.token,
      total_amount: decimal(o.amountMinor ?? attempt.amountMinor),
      trade_no: p?.txnId ?? "2026112622001468450512505578",
      auth_app_id: o.appId ?? this.alipay.appId,
      buyer_logon_id: "xud***@126.com",
      point_amount: "0.00",
      ...o.extra,
      ...(o.signSignType ? { sign_type: "RSA2" } : {}),
    };
    const content = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("&");
    params.sign = rsaSign(content, o.signWith ?? this.alipay.platform.privateKeyPem);
    params.sign_type = "RSA2";
    return {
      rawBody: new URLSearchParams(params).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    };
  }

  // ---- WeChat Pay API v3: JSON, Authorization header in, Wechatpay-* headers out ----------

  /** Signs an answer or notification body the way the WeChat Pay platform does. */
  wechatHeaders(body: string, o: { timestamp?: number; signWith?: string; serial?: string } = {}) {
    const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString("hex");
    return {
      "wechatpay-timestamp": timestamp,
      "wechatpay-nonce": nonce,
      "wechatpay-serial": o.serial ?? this.wechat.platformSerial,
      "wechatpay-signature": rsaSign(
        `${timestamp}\n${nonce}\n${body}\n`,
        o.signWith ?? this.wechat.platform.privateKeyPem,
      ),
      "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048",
    };
  }

  private wechatApi(req: IncomingMessage, pathWithQuery: string, body: string) {
    const auth = req.headers.authorization ?? "";
    const fields = Object.fromEntries(
      [...auth.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const message = `${req.method}\n${pathWithQuery}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
    const reply = (status: number, json: unknown) => {
      const text = JSON.stringify(json);
      return {
        status,
        body: text,
        headers: { "content-type": "application/json", ...this.wechatHeaders(text) },
      };
    };
    if (
      !auth.startsWith("WECHATPAY2-SHA256-RSA2048 ") ||
      fields.mchid !== this.wechat.mchId ||
      fields.serial_no !== this.wechat.merchantSerialNo ||
      !rsaVerify(message, fields.signature ?? "", this.wechat.merchant.publicKeyPem)
    ) {
      this.refusedCalls.push(`wechat ${req.method} ${pathWithQuery}`);
      return reply(401, { code: "SIGN_ERROR", message: "签名错误" });
    }
    if (req.method === "POST" && pathWithQuery === "/v3/pay/transactions/native") {
      const refusal = this.takeRefusal();
      if (refusal) return reply(403, { code: refusal.code, message: refusal.message });
      const b = JSON.parse(body) as {
        out_trade_no: string;
        amount: { total: number; currency: string };
      };
      this.newPayment(b.out_trade_no, BigInt(b.amount.total), b.amount.currency, "4200");
      return reply(200, {
        code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString("hex")}`,
      });
    }
    if (req.method === "POST" && pathWithQuery === "/v3/refund/domestic/refunds") {
      const refusal = this.takeRefusal();
      if (refusal) return reply(400, { code: refusal.code, message: refusal.message });
      const b = JSON.parse(body) as { out_refund_no: string };
      return reply(200, {
        refund_id: `5030${randomBytes(8).toString("hex")}`,
        out_refund_no: b.out_refund_no,
        status: "PROCESSING",
      });
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^?]+)\?mchid=(\d+)$/.exec(
      pathWithQuery,
    );
    if (req.method === "GET" && query) {
      const p = this.payments.get(decodeURIComponent(query[1]!));
      if (!p) return reply(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
      return reply(200, this.wechatTransaction(p, p.amountMinor));
    }
    return reply(404, { code: "NOT_FOUND", message: pathWithQuery });
  }

  private wechatTransaction(p: FakePayment, total: bigint, mchid = this.wechat.mchId) {
    const state = p.status === "paid" ? "SUCCESS" : p.status === "closed" ? "CLOSED" : "NOTPAY";
    return {
      appid: this.wechat.appId,
      mchid,
      out_trade_no: p.token,
      transaction_id: p.txnId,
      trade_type: "NATIVE",
      trade_state: state,
      trade_state_desc: state === "SUCCESS" ? "支付成功" : "未支付",
      bank_type: "OTHERS",
      ...(state === "SUCCESS"
        ? { success_time: new Date().toISOString().replace(/\.\d+Z$/, "+00:00") }
        : {}),
      payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
      amount: {
        total: Number(total),
        payer_total: Number(total),
        currency: p.currency,
        payer_currency: p.currency,
      },
    };
  }

  /** AEAD_AES_256_GCM as WeChat Pay encrypts a notification's resource with the APIv3 key. */
  wechatEncrypt(plain: string, key = this.wechat.apiV3Key, associatedData = "transaction") {
    const nonce = randomBytes(6).toString("hex");
    const cipher = createCipheriv(
      "aes-256-gcm",
      Buffer.from(key, "utf8"),
      Buffer.from(nonce, "utf8"),
    );
    cipher.setAAD(Buffer.from(associatedData, "utf8"));
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return {
      algorithm: "AEAD_AES_256_GCM",
      ciphertext: data.toString("base64"),
      associated_data: associatedData,
      nonce,
      original_type: "transaction",
    };
  }

  /** A WeChat Pay TRANSACTION.SUCCESS notification: signed headers, encrypted resource. */
  wechatNotification(
    attempt: { token: string; amountMinor: bigint },
    o: {
      amountMinor?: bigint;
      mchId?: string;
      timestamp?: number;
      signWith?: string;
      apiV3Key?: string;
      eventType?: string;
      resource?: Record<string, unknown>;
    } = {},
  ): Delivery {
    const p =
      this.payments.get(attempt.token) ??
      this.newPayment(attempt.token, attempt.amountMinor, "CNY", "4200");
    const transaction = {
      ...this.wechatTransaction(
        { ...p, status: "paid" },
        o.amountMinor ?? attempt.amountMinor,
        o.mchId,
      ),
      ...o.resource,
    };
    const envelope = {
      id: randomUUID(),
      create_time: "2026-11-26T16:29:35+08:00",
      resource_type: "encrypt-resource",
      event_type: o.eventType ?? "TRANSACTION.SUCCESS",
      summary: "支付成功",
      resource: this.wechatEncrypt(JSON.stringify(transaction), o.apiV3Key),
    };
    const rawBody = JSON.stringify(envelope);
    return {
      rawBody,
      headers: { "content-type": "application/json", ...this.wechatHeaders(rawBody, o) },
    };
  }

  // ---- PayPal REST: OAuth, Orders v2; webhooks signed with the certificate's key -----------

  private paypalApi(req: IncomingMessage, path: string, body: string) {
    const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value) });
    if (path === "/v1/oauth2/token") {
      const expected = `Basic ${Buffer.from(`${this.paypal.clientId}:${this.paypal.clientSecret}`).toString("base64")}`;
      if (req.headers.authorization !== expected || body !== "grant_type=client_credentials") {
        this.refusedCalls.push("paypal token");
        return json(401, {
          error: "invalid_client",
          error_description: "Client Authentication failed",
        });
      }
      return json(200, { access_token: "A21-fake-token", token_type: "Bearer", expires_in: 32400 });
    }
    if (req.headers.authorization !== "Bearer A21-fake-token") {
      this.refusedCalls.push(`paypal ${path}`);
      return json(401, { name: "AUTHENTICATION_FAILURE", message: "Authentication failed" });
    }
    if (req.method === "POST" && path === "/v2/checkout/orders") {
      const refusal = this.takeRefusal();
      if (refusal)
        return json(422, {
          name: "UNPROCESSABLE_ENTITY",
          details: [{ issue: refusal.code, description: refusal.message }],
        });
      const b = JSON.parse(body) as {
        purchase_units: { custom_id: string; amount: { currency_code: string; value: string } }[];
      };
      const unit = b.purchase_units[0]!;
      const [major, minor = ""] = unit.amount.value.split(".");
      const p = this.newPayment(
        unit.custom_id,
        BigInt(major!) * 100n + BigInt(minor.padEnd(2, "0")),
        unit.amount.currency_code,
        "PP",
      );
      return json(201, {
        id: p.ref,
        status: "CREATED",
        links: [
          {
            href: `https://www.sandbox.paypal.com/checkoutnow?token=${p.ref}`,
            rel: "approve",
            method: "GET",
          },
        ],
      });
    }
    if (req.method === "POST" && /^\/v2\/payments\/captures\/[^/]+\/refund$/.test(path)) {
      const refusal = this.takeRefusal();
      if (refusal)
        return json(422, {
          name: "UNPROCESSABLE_ENTITY",
          details: [{ issue: refusal.code, description: refusal.message }],
        });
      return json(201, {
        id: `RF${randomBytes(6).toString("hex").toUpperCase()}`,
        status: "COMPLETED",
      });
    }
    const order = /^\/v2\/checkout\/orders\/([A-Z0-9]+)(\/capture)?$/.exec(path);
    const p = order ? [...this.payments.values()].find((x) => x.ref === order[1]) : undefined;
    if (!order || !p) return json(404, { name: "RESOURCE_NOT_FOUND", message: "order" });
    if (order[2]) {
      if (p.status !== "paid")
        return json(422, {
          name: "UNPROCESSABLE_ENTITY",
          details: [
            {
              issue: "ORDER_NOT_APPROVED",
              description: "Payer has not yet approved the Order for payment.",
            },
          ],
        });
      p.captured = true;
    }
    // markPaid means the buyer approved; the money moves when we capture.
    const captured = p.captured === true;
    const status = captured ? "COMPLETED" : p.status === "paid" ? "APPROVED" : "CREATED";
    return json(200, {
      id: p.ref,
      status,
      purchase_units: [
        {
          custom_id: p.token,
          ...(captured ? { payments: { captures: [this.paypalCapture(p, p.amountMinor)] } } : {}),
        },
      ],
    });
  }

  private paypalCapture(p: FakePayment, amountMinor: bigint, status = "COMPLETED") {
    return {
      id: p.txnId,
      status,
      amount: { currency_code: p.currency, value: decimal(amountMinor) },
      final_capture: true,
      custom_id: p.token,
      invoice_id: p.token,
      create_time: new Date().toISOString(),
      update_time: new Date().toISOString(),
    };
  }

  /** A PayPal webhook: CRC32 of the body in the signed message, signed with the cert's key. */
  paypalNotification(
    attempt: { token: string; amountMinor: bigint; currency: string },
    o: {
      amountMinor?: bigint;
      webhookId?: string;
      signWith?: string;
      certUrl?: string;
      eventType?: string;
      status?: string;
      reason?: string;
    } = {},
  ): Delivery {
    const p =
      this.payments.get(attempt.token) ??
      this.newPayment(attempt.token, attempt.amountMinor, attempt.currency, "PP");
    const capture = this.paypalCapture(p, o.amountMinor ?? attempt.amountMinor, o.status);
    const event = {
      id: `WH-${randomBytes(8).toString("hex").toUpperCase()}`,
      event_version: "1.0",
      create_time: new Date().toISOString(),
      resource_type: "capture",
      resource_version: "2.0",
      event_type: o.eventType ?? "PAYMENT.CAPTURE.COMPLETED",
      summary: "Payment completed",
      resource: { ...capture, ...(o.reason ? { status_details: { reason: o.reason } } : {}) },
    };
    const rawBody = JSON.stringify(event);
    const transmissionId = randomUUID();
    const transmissionTime = new Date().toISOString();
    const crc = crc32(Buffer.from(rawBody, "utf8")) >>> 0;
    const message = `${transmissionId}|${transmissionTime}|${o.webhookId ?? this.paypal.webhookId}|${crc}`;
    return {
      rawBody,
      headers: {
        "content-type": "application/json",
        "paypal-transmission-id": transmissionId,
        "paypal-transmission-time": transmissionTime,
        "paypal-transmission-sig": rsaSign(message, o.signWith ?? this.paypal.cert.privateKeyPem),
        "paypal-cert-url": o.certUrl ?? this.paypal.certUrl,
        "paypal-auth-algo": "SHA256withRSA",
      },
    };
  }

  // ---- Stripe: form-encoded API, HMAC-signed webhooks -------------------------------------

  private stripeApi(req: IncomingMessage, path: string, body: string) {
    const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value) });
    if (req.headers.authorization !== `Bearer ${this.stripe.secretKey}`) {
      this.refusedCalls.push(`stripe ${path}`);
      return json(401, {
        error: { type: "invalid_request_error", message: "Invalid API Key provided" },
      });
    }
    if (req.method === "POST" && path === "/v1/payment_intents") {
      const refusal = this.takeRefusal();
      if (refusal)
        return json(402, {
          error: { type: "card_error", code: refusal.code, message: refusal.message },
        });
      const form = new URLSearchParams(body);
      const p = this.newPayment(
        form.get("metadata[attempt_token]")!,
        BigInt(form.get("amount")!),
        form.get("currency")!.toUpperCase(),
        "ch_",
      );
      p.ref = `pi_${randomBytes(12).toString("hex")}`;
      return json(200, this.stripeIntent(p, p.amountMinor));
    }
    if (req.method === "POST" && path === "/v1/refunds") {
      const refusal = this.takeRefusal();
      if (refusal)
        return json(400, {
          error: { type: "invalid_request_error", code: refusal.code, message: refusal.message },
        });
      return json(200, {
        id: `re_${randomBytes(12).toString("hex")}`,
        object: "refund",
        status: "succeeded",
        failure_reason: null,
      });
    }
    const get = /^\/v1\/payment_intents\/(pi_[a-f0-9]+)$/.exec(path);
    const p = get ? [...this.payments.values()].find((x) => x.ref === get[1]) : undefined;
    if (!p)
      return json(404, { error: { type: "invalid_request_error", code: "resource_missing" } });
    return json(200, this.stripeIntent(p, p.amountMinor));
  }

  private stripeIntent(
    p: FakePayment,
    amountMinor: bigint,
    failure?: { code: string; decline_code?: string; message: string },
  ) {
    return {
      id: p.ref,
      object: "payment_intent",
      amount: Number(p.amountMinor),
      amount_received: p.status === "paid" ? Number(amountMinor) : 0,
      currency: p.currency.toLowerCase(),
      status: failure
        ? "requires_payment_method"
        : p.status === "paid"
          ? "succeeded"
          : "requires_payment_method",
      client_secret: `${p.ref}_secret_${randomBytes(8).toString("hex")}`,
      latest_charge: p.status === "paid" ? p.txnId : null,
      last_payment_error: failure ? { type: "card_error", ...failure } : null,
      metadata: { attempt_token: p.token },
      created: Math.floor(Date.now() / 1000),
      livemode: false,
    };
  }

  /** A Stripe event, signed `t=…,v1=HMAC-SHA256(secret, t.body)` per docs.stripe.com/webhooks. */
  stripeNotification(
    attempt: { token: string; amountMinor: bigint; currency: string },
    o: {
      amountMinor?: bigint;
      livemode?: boolean;
      timestamp?: number;
      secret?: string;
      type?: string;
      failure?: { code: string; decline_code?: string; message: string };
      /** A PaymentIntent someone else created on the same account: no attempt_token. */
      foreign?: boolean;
    } = {},
  ): Delivery {
    const p =
      this.payments.get(attempt.token) ??
      this.newPayment(attempt.token, attempt.amountMinor, attempt.currency, "ch_");
    const failed = o.type === "payment_intent.payment_failed";
    const intent = this.stripeIntent(
      { ...p, status: failed ? "open" : "paid" },
      o.amountMinor ?? attempt.amountMinor,
      o.failure,
    );
    const rawBody = JSON.stringify({
      id: `evt_${randomBytes(12).toString("hex")}`,
      object: "event",
      api_version: "2024-06-20",
      created: Math.floor(Date.now() / 1000),
      livemode: o.livemode ?? false,
      pending_webhooks: 1,
      type: o.type ?? "payment_intent.succeeded",
      data: { object: o.foreign ? { ...intent, metadata: {} } : intent },
    });
    const t = o.timestamp ?? Math.floor(Date.now() / 1000);
    const v1 = createHmac("sha256", o.secret ?? this.stripe.webhookSecret)
      .update(`${t}.${rawBody}`, "utf8")
      .digest("hex");
    return {
      rawBody,
      headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` },
    };
  }

  // ---- Methods configured against this fake ----------------------------------------------

  /** One method per provider for the seed's merchant, by kind. */
  async methods(db: Db, seed: PaymentsSeed): Promise<Record<ProviderKind, string>> {
    const ids = {} as Record<ProviderKind, string>;
    for (const kind of providerKinds) ids[kind] = (await this.method(db, seed, kind)).id;
    return ids;
  }

  /** A payment method of `kind` for the seed's merchant, configured with this fake's keys and URL. */
  async method(
    db: Db,
    seed: PaymentsSeed,
    kind: ProviderKind,
    currency = kind === "paypal" || kind === "stripe" ? "USD" : "CNY",
    opts: { check?: boolean } = {},
  ) {
    const method = await createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({ kind, label: `${kind} test`, currencies: [currency] }),
      testEncryptionKey,
    );
    const input = {
      alipay: {
        appId: this.alipay.appId,
        sellerId: this.alipay.sellerId,
        product: "precreate",
        privateKeyPem: this.alipay.app.privateKeyPem,
        alipayPublicKeyPem: this.alipay.platform.publicKeyPem,
      },
      wechat_pay: {
        appId: this.wechat.appId,
        mchId: this.wechat.mchId,
        merchantSerialNo: this.wechat.merchantSerialNo,
        privateKeyPem: this.wechat.merchant.privateKeyPem,
        platformPublicKeyPem: this.wechat.certificatePem,
        apiV3Key: this.wechat.apiV3Key,
      },
      paypal: {
        clientId: this.paypal.clientId,
        webhookId: this.paypal.webhookId,
        clientSecret: this.paypal.clientSecret,
      },
      stripe: { secretKey: this.stripe.secretKey, webhookSecret: this.stripe.webhookSecret },
    }[kind];
    await setProviderCredentials(
      db,
      seed.manager,
      seed.merchant.id,
      providerCredentialsInput.parse({ id: method.id, kind, ...input }),
      testEncryptionKey,
    );
    // Outbound calls go to this fake instead of the provider's host.
    const [row] = await db
      .select({ config: paymentMethods.config })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, method.id));
    const prefix = {
      alipay: "/alipay/gateway.do",
      wechat_pay: "/wechat",
      paypal: "/paypal",
      stripe: "/stripe",
    }[kind];
    await db
      .update(paymentMethods)
      .set({ config: { ...row!.config, apiBaseUrl: `${this.baseUrl}${prefix}` } })
      .where(eq(paymentMethods.id, method.id));
    // Offered only once a connection check passed: run the real one against this fake.
    if (opts.check !== false) {
      const check = await checkMethodConnection(db, seed.manager, seed.merchant.id, method.id, {
        key: testEncryptionKey,
      });
      if (!check.ok) throw new Error(`connection check against the fake failed: ${check.error}`);
    }
    return method;
  }
}

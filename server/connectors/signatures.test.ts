import { createCipheriv, createSign, generateKeyPairSync } from "node:crypto";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { gbk } from "@/test/statements/statement-bytes";
import {
  alipayResponseContent,
  alipaySignContent,
  decodeAlipayForm,
  verifyAlipayNotification,
} from "./alipay/alipay-signature";
import { decimalToMinor } from "./amount.logic";
import { readPrivateKey, readPublicKey } from "./keys.logic";
import { isPaypalCertUrl, paypalSignedMessage } from "./paypal/paypal-signature";
import { verifyStripeSignature } from "./stripe/stripe-signature";
import { decryptResource, verifyWechatSignature } from "./wechat-pay/wechat-pay-signature";

describe("Alipay sign content", () => {
  // The exact sign content of a real TRADE_SUCCESS notification (our provider notes §2.4,
  // checked there against Alipay's signature): sorted, raw decoded values, no sign/sign_type.
  const documented =
    'app_id=2019073166072302&auth_app_id=2019073166072302&buyer_id=2088102534368455&buyer_logon_id=xud***@126.com&buyer_pay_amount=0.10&charset=utf-8&fund_bill_list=[{"amount":"0.10","fundChannel":"ALIPAYACCOUNT"}]&gmt_create=2019-08-15 15:56:22&gmt_payment=2019-08-15 15:56:24&invoice_amount=0.10&notify_id=2019081500222155624068450559358070&notify_time=2019-08-15 15:56:25&notify_type=trade_status_sync&out_trade_no=20190815155618536-564-57&point_amount=0.00&receipt_amount=0.10&seller_email=z97-yuquerevenue@service.aliyun.com&seller_id=2088531891668739&subject=语雀空间 500人规模&total_amount=0.10&trade_no=2019081522001468450512505578&trade_status=TRADE_SUCCESS&version=1.0';

  it("rebuilds the documented content from the form body Alipay posts", () => {
    const params = Object.fromEntries(
      documented
        .split("&")
        .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
    );
    // Posted in another order, form-encoded, with sign and sign_type added.
    const shuffled = Object.entries({ ...params, sign: "abc+/=", sign_type: "RSA2" }).reverse();
    const body = new URLSearchParams(shuffled).toString();
    const decoded = decodeAlipayForm(body)!;
    expect(decoded.subject).toBe("语雀空间 500人规模");
    expect(decoded.sign).toBe("abc+/=");
    expect(alipaySignContent(decoded, ["sign", "sign_type"])).toBe(documented);
  });

  it("decodes once, so a literal % survives (alipay-sdk-nodejs issue #45)", () => {
    expect(decodeAlipayForm("body=100%25+off&a=1")).toEqual({ body: "100% off", a: "1" });
  });

  it("decodes in the charset the notification names", () => {
    // 中 in GBK is D6 D0.
    expect(decodeAlipayForm("charset=gbk&subject=%D6%D0")).toEqual({
      charset: "gbk",
      subject: "中",
    });
  });

  it("verifies a charset=gbk notification over its GBK bytes, as Alipay signs it", () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const params: Record<string, string> = {
      app_id: "2019073166072302",
      charset: "gbk",
      notify_id: "2019081500222155624068450559358070",
      out_trade_no: "tok_gbk",
      subject: "拿铁 ×2（大杯）",
      total_amount: "0.10",
      trade_status: "TRADE_SUCCESS",
    };
    const content = alipaySignContent(params, []);
    const sign = createSign("RSA-SHA256").update(gbk(content)).sign(privateKey, "base64");
    // Form-encoded as Alipay posts it: each value's GBK bytes percent-escaped.
    const escaped = (value: string) =>
      [...gbk(value)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
    const body = Object.entries({ ...params, sign, sign_type: "RSA2" })
      .map(([k, v]) => `${k}=${escaped(v)}`)
      .join("&");
    const decoded = decodeAlipayForm(body)!;
    expect(decoded.subject).toBe("拿铁 ×2（大杯）");
    expect(verifyAlipayNotification(decoded, publicKey)).toBe(true);
    // The same text signed as UTF-8 is not what a GBK notification was signed over.
    const utf8Signed = createSign("RSA-SHA256").update(content, "utf8").sign(privateKey, "base64");
    expect(verifyAlipayNotification({ ...decoded, sign: utf8Signed }, publicKey)).toBe(false);
    expect(verifyAlipayNotification({ ...decoded, charset: "utf-8" }, publicKey)).toBe(false);
  });

  it("leaves empty and blank values out of the signed content, as Alipay's Java SDK does", () => {
    // AlipaySignature.getSignCheckContentV1 / getSignContent keep a parameter only when
    // StringUtils.areNotEmpty(key, value): null, "" and whitespace-only values are left out.
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const signedBySdk =
      "app_id=2021000000000001&charset=utf-8&notify_id=2026n1&out_trade_no=tok_blank&total_amount=0.10&trade_status=TRADE_SUCCESS";
    const sign = createSign("RSA-SHA256").update(signedBySdk, "utf8").sign(privateKey, "base64");
    const body = [
      "app_id=2021000000000001",
      "body=+",
      "charset=utf-8",
      "notify_id=2026n1",
      "out_trade_no=tok_blank",
      "passback_params=",
      "subject=%09%E3%80%80",
      "total_amount=0.10",
      "trade_status=TRADE_SUCCESS",
      `sign=${encodeURIComponent(sign)}`,
      "sign_type=RSA2",
    ].join("&");
    const decoded = decodeAlipayForm(body)!;
    expect(decoded.body).toBe(" ");
    expect(alipaySignContent(decoded, ["sign", "sign_type"])).toBe(signedBySdk);
    expect(verifyAlipayNotification(decoded, publicKey)).toBe(true);
    // A non-breaking space is no whitespace to Java: such a value is signed.
    expect(alipaySignContent({ a: "1", b: "\u00a0" }, [])).toBe("a=1&b=\u00a0");
  });

  it.each(["a=%zz", "a=1&a=2", "charset=nope&a=1", "charset=%E4&a=1", "=x"])(
    "refuses a malformed form %j",
    (body) => {
      expect(decodeAlipayForm(body)).toBeNull();
    },
  );

  it("cuts a response's signed object out of the raw text, braces inside strings included", () => {
    const inner =
      '{"code":"10000","msg":"Success","qr_code":"https://qr.alipay.com/x","note":"a}b{\\"c"}';
    const body = `{"alipay_trade_precreate_response":${inner},"sign":"SIG=="}`;
    expect(alipayResponseContent(body, "alipay.trade.precreate")).toEqual({
      content: inner,
      sign: "SIG==",
      certSn: null,
    });
    expect(alipayResponseContent(body, "alipay.trade.query")).toBeNull();
    // Certificate mode: the answer names the certificate that signed it beside the sign.
    const certMode = `{"alipay_trade_precreate_response":${inner},"alipay_cert_sn":"7513daaaa48aa3ba2e4018d84402479c","sign":"SIG=="}`;
    expect(alipayResponseContent(certMode, "alipay.trade.precreate")).toEqual({
      content: inner,
      sign: "SIG==",
      certSn: "7513daaaa48aa3ba2e4018d84402479c",
    });
  });
});

describe("WeChat Pay v3", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const body = '{"id":"EV-2018022511223320873","event_type":"TRANSACTION.SUCCESS"}';
  const headersFor = (signature: string, ts = "1764115200", serial = "5157F09EFDC096DE") =>
    new Headers({
      "wechatpay-timestamp": ts,
      "wechatpay-nonce": "fdasflkja484w",
      "wechatpay-signature": signature,
      "wechatpay-serial": serial,
    });
  const sign = (message: string) =>
    createSign("RSA-SHA256").update(message).sign(privateKey, "base64");
  const platform = { serial: "5157F09EFDC096DE", publicKey };
  const at = 1_764_115_200_000;

  it("verifies three lines each ending in \\n, the last included", () => {
    const good = sign(`1764115200\nfdasflkja484w\n${body}\n`);
    expect(verifyWechatSignature(headersFor(good), body, [platform], at)).toEqual({ ok: true });
    const noFinalNewline = sign(`1764115200\nfdasflkja484w\n${body}`);
    expect(verifyWechatSignature(headersFor(noFinalNewline), body, [platform], at)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses WeChat's SIGNTEST probes, unknown serials and stale timestamps", () => {
    const good = sign(`1764115200\nfdasflkja484w\n${body}\n`);
    expect(
      verifyWechatSignature(headersFor(`WECHATPAY/SIGNTEST/${good}`), body, [platform], at).ok,
    ).toBe(false);
    expect(
      verifyWechatSignature(headersFor(good, "1764115200", "PUB_KEY_ID_01"), body, [platform], at),
    ).toEqual({ ok: false, reason: "unknown_serial" });
    expect(verifyWechatSignature(headersFor(good), body, [platform], at + 301_000)).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifyWechatSignature(headersFor(good), body, [platform], at + 300_000)).toEqual({
      ok: true,
    });
  });

  it("decrypts AEAD_AES_256_GCM with the APIv3 key; a wrong key, nonce or AAD yields nothing", () => {
    const key = "0123456789abcdef0123456789ABCDEF";
    const cipher = createCipheriv("aes-256-gcm", Buffer.from(key), Buffer.from("uBqMgxLsXapZ"));
    cipher.setAAD(Buffer.from("transaction"));
    const ciphertext = Buffer.concat([
      cipher.update('{"trade_state":"SUCCESS"}'),
      cipher.final(),
      cipher.getAuthTag(),
    ]).toString("base64");
    const resource = { ciphertext, nonce: "uBqMgxLsXapZ", associated_data: "transaction" };
    expect(decryptResource(resource, key)).toBe('{"trade_state":"SUCCESS"}');
    expect(decryptResource(resource, key.replace("0", "1"))).toBeNull();
    expect(decryptResource({ ...resource, nonce: "uBqMgxLsXapY" }, key)).toBeNull();
    expect(decryptResource({ ...resource, associated_data: "refund" }, key)).toBeNull();
    // A 16-byte key would mean AES-128: refused, the v3 key is 32 bytes.
    expect(decryptResource(resource, key.slice(0, 16))).toBeNull();
  });
});

describe("PayPal", () => {
  it("puts the body's CRC-32 in as an unsigned decimal", () => {
    // "123456789" is CRC-32's standard check input: 0xCBF43926 = 3421780262.
    expect(
      paypalSignedMessage(
        "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
        "2016-02-18T20:01:35Z",
        "1JE4291016473214C",
        "123456789",
      ),
    ).toBe(
      "69cd13f0-d67a-11e5-baa3-778b53f4ae55|2016-02-18T20:01:35Z|1JE4291016473214C|3421780262",
    );
  });

  it.each([
    ["https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270", true],
    ["https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42", true],
    ["https://api-m.paypal.com/v1/notifications/certs/CERT-1", true],
    ["http://api.paypal.com/v1/notifications/certs/CERT-1", false],
    ["https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1", false],
    ["https://evil.example/api.paypal.com/v1/notifications/certs/CERT-1", false],
    ["https://api.paypal.com:8443/v1/notifications/certs/CERT-1", false],
    ["https://user@api.paypal.com/v1/notifications/certs/CERT-1", false],
    ["https://api.paypal.com/v1/oauth2/token", false],
    ["not a url", false],
  ])("cert URL %s → %s", (url, ok) => {
    expect(isPaypalCertUrl(url)).toBe(ok);
  });
});

describe("Stripe-Signature", () => {
  const stripe = new Stripe("sk_test_unused");
  const secret = "whsec_test_secret";
  const payload = '{"id":"evt_1","type":"payment_intent.succeeded"}';
  const t = 1_764_115_200;

  it("accepts the official library's test header and refuses it for another body or secret", () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
    expect(verifyStripeSignature(payload, header, secret, t * 1000)).toEqual({ ok: true });
    expect(verifyStripeSignature(`${payload} `, header, secret, t * 1000)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyStripeSignature(payload, header, "whsec_other", t * 1000)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("takes any v1 (secret rotation), ignores v0, and has a 5-minute tolerance backwards only", () => {
    const good = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
    const v1 = good.split("v1=")[1]!;
    const rotated = `t=${t},v0=${"0".repeat(64)},v1=${"a".repeat(64)},v1=${v1}`;
    expect(verifyStripeSignature(payload, rotated, secret, t * 1000)).toEqual({ ok: true });
    expect(verifyStripeSignature(payload, good, secret, (t + 301) * 1000)).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifyStripeSignature(payload, good, secret, (t + 300) * 1000)).toEqual({ ok: true });
    expect(verifyStripeSignature(payload, good, secret, (t - 3600) * 1000)).toEqual({ ok: true });
  });

  it.each([null, "", `t=${t}`, "v1=abc", `t=x,v1=${"a".repeat(64)}`])(
    "refuses header %j",
    (header) => {
      expect(verifyStripeSignature(payload, header, secret, t * 1000).ok).toBe(false);
    },
  );
});

describe("keys as merchants paste them", () => {
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pkcs8 = pair.privateKey.export({ type: "pkcs8", format: "der" }).toString("base64");
  const pkcs1 = pair.privateKey.export({ type: "pkcs1", format: "der" }).toString("base64");
  const spki = pair.publicKey.export({ type: "spki", format: "der" }).toString("base64");

  it("reads Alipay's bare base64 keys (PKCS#8 or PKCS#1 private, SPKI public)", () => {
    expect(readPrivateKey(pkcs8).asymmetricKeyType).toBe("rsa");
    expect(readPrivateKey(pkcs1.replace(/(.{64})/g, "$1\n")).asymmetricKeyType).toBe("rsa");
    expect(readPublicKey(spki).asymmetricKeyType).toBe("rsa");
  });

  it("refuses junk and a private key pasted as the public one", () => {
    expect(() =>
      readPrivateKey("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----"),
    ).toThrow();
    expect(() =>
      readPublicKey(pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
    ).toThrow();
    expect(() => readPublicKey("hello")).toThrow();
  });
});

describe("decimalToMinor", () => {
  it.each([
    ["0.10", "CNY", 10n],
    ["12", "USD", 1200n],
    ["1234.5", "USD", 123450n],
    ["100", "JPY", 100n],
  ] as const)("%s %s → %s", (v, c, m) => {
    expect(decimalToMinor(v, c)).toBe(m);
  });
  it.each(["0.101", "-1.00", "1e3", " 1.00", "1,000.00", "", "0x10"])("refuses %j", (v) => {
    expect(decimalToMinor(v, "CNY")).toBeNull();
  });
  it("refuses decimals on a zero-digit currency and non-strings", () => {
    expect(decimalToMinor("100.5", "JPY")).toBeNull();
    expect(decimalToMinor(10, "CNY")).toBeNull();
  });
});

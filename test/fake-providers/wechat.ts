import { createCipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { gzipSync } from "node:zlib";
import {
  decimal,
  rsaPair,
  rsaSign,
  rsaVerify,
  selfSignedCertificate,
  type Answer,
  type Delivery,
  type FakeLedger,
  type FakePayment,
  type FakeRefund,
} from "./shared";

/** WeChat Pay's times: RFC 3339 in China time, "2026-12-06T16:29:35+08:00". */
const chinaTime = (at: Date) =>
  `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
/** WeChat Pay API v3 (JSON, Authorization header in, Wechatpay-* headers out) and its notifications. */
export class FakeWechatPay {
  readonly appId = "wx0000000000000001";
  readonly mchId = "1900000001";
  readonly merchantSerialNo = "3775B6A45ACD588826D15E583A95F5DD";
  readonly platformSerial = "5157F09EFDC096DE15EBE81A47057A72";
  readonly apiV3Key = randomBytes(16).toString("hex");
  readonly merchant = rsaPair();
  readonly platform = rsaPair();
  readonly certificatePem = selfSignedCertificate(
    this.platform,
    "Tenpay.com Root CA test",
    this.platformSerial,
  );
  /** The WeChat Pay public key (微信支付公钥) a merchant switching from certificates is given. */
  readonly publicKeyId = "PUB_KEY_ID_0119000000012026120600111111000001";
  readonly publicKey = rsaPair();

  /** The notify_url each refund request named, by out_refund_no. */
  readonly refundNotifyUrls = new Map<string, string | undefined>();
  /** Bills asked for, by the token of their download_url. */
  private readonly bills = new Map<string, { text: string; gzip: boolean }>();
  /** When set, the next bill downloaded differs from the one its hash_value was taken of. */
  tamperNextBill = false;

  constructor(private readonly ledger: FakeLedger) {}

  /** What the merchant enters in the method's settings. */
  credentials() {
    return {
      appId: this.appId,
      mchId: this.mchId,
      merchantSerialNo: this.merchantSerialNo,
      privateKeyPem: this.merchant.privateKeyPem,
      platformCertificatesPem: this.certificatePem,
      apiV3Key: this.apiV3Key,
    };
  }

  /** Signs an answer or notification body the way the WeChat Pay platform does. */
  private headers(
    body: string,
    o: { timestamp?: number; signWith?: string; serial?: string } = {},
  ) {
    const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString("hex");
    return {
      "wechatpay-timestamp": timestamp,
      "wechatpay-nonce": nonce,
      "wechatpay-serial": o.serial ?? this.platformSerial,
      "wechatpay-signature": rsaSign(
        `${timestamp}\n${nonce}\n${body}\n`,
        o.signWith ?? this.platform.privateKeyPem,
      ),
      "wechatpay-signature-type": "WECHATPAY2-SHA256-RSA2048",
    };
  }

  api(req: IncomingMessage, pathWithQuery: string, body: string): Answer {
    const auth = req.headers.authorization ?? "";
    const fields = Object.fromEntries(
      [...auth.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const message = `${req.method}\n${pathWithQuery}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
    // Answers are signed with the public key when the request names it, else the certificate.
    const answerKey =
      req.headers["wechatpay-serial"] === this.publicKeyId
        ? { signWith: this.publicKey.privateKeyPem, serial: this.publicKeyId }
        : {};
    const reply = (status: number, json: unknown) => {
      const text = JSON.stringify(json);
      return {
        status,
        body: text,
        headers: { "content-type": "application/json", ...this.headers(text, answerKey) },
      };
    };
    if (
      !auth.startsWith("WECHATPAY2-SHA256-RSA2048 ") ||
      fields.mchid !== this.mchId ||
      fields.serial_no !== this.merchantSerialNo ||
      !rsaVerify(message, fields.signature ?? "", this.merchant.publicKeyPem)
    ) {
      this.ledger.refusedCalls.push(`wechat ${req.method} ${pathWithQuery}`);
      return reply(401, { code: "SIGN_ERROR", message: "签名错误" });
    }
    if (req.method === "POST" && pathWithQuery === "/v3/pay/transactions/native") {
      const refusal = this.ledger.takeRefusal();
      if (refusal) return reply(403, { code: refusal.code, message: refusal.message });
      const b = JSON.parse(body) as {
        out_trade_no: string;
        amount: { total: number; currency: string };
      };
      this.ledger.newPayment(b.out_trade_no, BigInt(b.amount.total), b.amount.currency, "4200");
      return reply(200, {
        code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString("hex")}`,
      });
    }
    if (req.method === "POST" && pathWithQuery === "/v3/refund/domestic/refunds") {
      const refusal = this.ledger.takeRefusal();
      if (refusal) return reply(400, { code: refusal.code, message: refusal.message });
      const b = JSON.parse(body) as {
        out_trade_no: string;
        out_refund_no: string;
        notify_url?: string;
        amount: { refund: number; total: number; currency: string };
      };
      this.refundNotifyUrls.set(b.out_refund_no, b.notify_url);
      const p = this.ledger.payments.get(b.out_trade_no);
      if (p?.status !== "paid")
        return reply(404, { code: "RESOURCE_NOT_EXISTS", message: "订单不存在" });
      if (BigInt(b.amount.total) !== p.amountMinor)
        return reply(400, { code: "PARAM_ERROR", message: "订单金额或退款金额与之前请求不一致" });
      // out_refund_no identifies the refund: the same one again answers it, refunding nothing
      // more. A new refund answers PROCESSING; REFUND.SUCCESS or the query tells when it is done.
      const made = this.ledger.refund(b.out_refund_no, p, BigInt(b.amount.refund), "5030", true);
      if (!made) return reply(403, { code: "NOT_ENOUGH", message: "申请退款金额超过订单可退金额" });
      return this.ledger.refundAnswer(reply(200, this.refundObject(made.refund)));
    }
    const refundQuery = /^\/v3\/refund\/domestic\/refunds\/([^/?]+)$/.exec(pathWithQuery);
    if (req.method === "GET" && refundQuery) {
      const r = this.ledger.findRefund(decodeURIComponent(refundQuery[1]!));
      if (!r) return reply(404, { code: "RESOURCE_NOT_EXISTS", message: "退款单不存在" });
      return reply(200, this.refundObject(r));
    }
    if (req.method === "GET" && pathWithQuery.startsWith("/v3/bill/tradebill?")) {
      const q = new URLSearchParams(pathWithQuery.slice(pathWithQuery.indexOf("?") + 1));
      const day = q.get("bill_date") ?? "";
      if (q.get("bill_type") !== "ALL" || !/^\d{4}-\d\d-\d\d$/.test(day))
        return reply(400, { code: "PARAM_ERROR", message: "参数错误" });
      const text = this.bill(day);
      if (!text) return reply(400, { code: "NO_STATEMENT_EXIST", message: "要查询的账单不存在" });
      const token = randomBytes(12).toString("hex");
      this.bills.set(token, { text, gzip: q.get("tar_type") === "GZIP" });
      return reply(200, {
        hash_type: "SHA1",
        hash_value: createHash("sha1").update(text, "utf8").digest("hex"),
        download_url: `http://${req.headers.host}/wechat/v3/billdownload/file?token=${token}`,
      });
    }
    const file = /^\/v3\/billdownload\/file\?token=(\w+)$/.exec(pathWithQuery);
    if (req.method === "GET" && file) {
      const bill = this.bills.get(file[1]!);
      if (!bill) return reply(400, { code: "INVALID_REQUEST", message: "下载链接已过期" });
      const text = this.tamperNextBill ? bill.text.replace("`SUCCESS", "`REFUND") : bill.text;
      this.tamperNextBill = false;
      const bytes = Buffer.from(text, "utf8");
      // The file itself is not signed (no Wechatpay-* headers): its hash_value proves it.
      return {
        status: 200,
        body: bill.gzip ? gzipSync(bytes) : bytes,
        headers: { "content-type": "application/octet-stream" },
      };
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^?]+)\?mchid=(\d+)$/.exec(
      pathWithQuery,
    );
    if (req.method === "GET" && query) {
      const p = this.ledger.payments.get(decodeURIComponent(query[1]!));
      if (!p) return reply(404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
      return reply(200, this.transaction(p, p.amountMinor));
    }
    return reply(404, { code: "NOT_FOUND", message: pathWithQuery });
  }

  /**
   * The day's ALL trade bill (China time), written from the format's description: BOM, CRLF,
   * a plain header, back-ticked rows and summary; yuan, fees at 0.6 % with 5 decimals. Null
   * for a day with no trade (WeChat Pay then has no bill).
   */
  private bill(day: string): string | null {
    const from = new Date(`${day}T00:00:00+08:00`);
    const { payments, refunds } = this.ledger.dayActivity(
      "4200",
      from,
      new Date(from.getTime() + 86_400_000),
    );
    if (payments.length + refunds.length === 0) return null;
    const time = (at: Date) =>
      new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
    const fee = (minor: bigint) => (minor * 60n + 5000n) / 10_000n;
    const fee5 = (minor: bigint) =>
      `${minor < 0n ? "-" : ""}${decimal(minor < 0n ? -minor : minor)}000`;
    const row = (fields: string[]) => fields.map((f) => `\`${f}`).join(",");
    const lines = [
      "\uFEFF交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注",
    ];
    let paid = 0n;
    let back = 0n;
    let fees = 0n;
    for (const p of payments) {
      paid += p.amountMinor;
      fees += fee(p.amountMinor);
      const a = decimal(p.amountMinor);
      lines.push(
        row([
          time(p.at),
          this.appId,
          this.mchId,
          "0",
          "",
          p.txnId,
          p.token,
          "oFake",
          "NATIVE",
          "SUCCESS",
          "OTHERS",
          p.currency,
          a,
          "0.00",
          "0",
          "0",
          "0.00",
          "0.00",
          "",
          "",
          "测试商品",
          "",
          fee5(fee(p.amountMinor)),
          "0.60%",
          a,
          "0.00",
          "",
        ]),
      );
    }
    for (const r of refunds) {
      back += r.amountMinor;
      const given = -((fee(r.payment.amountMinor) * r.amountMinor) / r.payment.amountMinor);
      fees += given;
      const a = decimal(r.amountMinor);
      lines.push(
        row([
          time(r.at),
          this.appId,
          this.mchId,
          "0",
          "",
          r.payment.txnId,
          r.payment.token,
          "oFake",
          "NATIVE",
          "REFUND",
          "OTHERS",
          r.payment.currency,
          "0.00",
          "0.00",
          r.id,
          r.key,
          a,
          "0.00",
          "ORIGINAL",
          "SUCCESS",
          "测试商品",
          "",
          fee5(given),
          "0.60%",
          "0.00",
          a,
          "",
        ]),
      );
    }
    const signed = (minor: bigint) =>
      `${minor < 0n ? "-" : ""}${decimal(minor < 0n ? -minor : minor)}`;
    lines.push(
      "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
    );
    lines.push(
      row([
        String(lines.length - 2),
        decimal(paid),
        decimal(back),
        "0.00",
        signed(fees),
        decimal(paid),
        decimal(back),
      ]),
    );
    return `${lines.join("\r\n")}\r\n`;
  }

  private transaction(p: FakePayment, total: bigint, mchid = this.mchId) {
    const state = p.status === "paid" ? "SUCCESS" : p.status === "closed" ? "CLOSED" : "NOTPAY";
    return {
      appid: this.appId,
      mchid,
      out_trade_no: p.token,
      transaction_id: p.txnId,
      trade_type: "NATIVE",
      trade_state: state,
      trade_state_desc: state === "SUCCESS" ? "支付成功" : "未支付",
      bank_type: "OTHERS",
      ...(state === "SUCCESS" ? { success_time: chinaTime(p.paidAt ?? this.ledger.clock()) } : {}),
      payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
      amount: {
        total: Number(total),
        payer_total: Number(total),
        currency: p.currency,
        payer_currency: p.currency,
      },
    };
  }

  /** A refund as WeChat Pay describes it (退款申请 / 查询单笔退款 answers; SUCCESS, PROCESSING, CLOSED, ABNORMAL). */
  private refundObject(r: FakeRefund, status?: string) {
    const state =
      status ??
      (r.status === "succeeded" ? "SUCCESS" : r.status === "failed" ? "CLOSED" : "PROCESSING");
    return {
      refund_id: r.id,
      out_refund_no: r.key,
      transaction_id: r.payment.txnId,
      out_trade_no: r.payment.token,
      channel: "ORIGINAL",
      user_received_account: "支付用户零钱",
      ...(state === "SUCCESS" ? { success_time: chinaTime(r.doneAt ?? this.ledger.clock()) } : {}),
      create_time: chinaTime(r.at),
      status: state,
      funds_account: "AVAILABLE",
      amount: {
        total: Number(r.payment.amountMinor),
        refund: Number(r.amountMinor),
        payer_total: Number(r.payment.amountMinor),
        payer_refund: Number(r.amountMinor),
        settlement_refund: Number(r.amountMinor),
        settlement_total: Number(r.payment.amountMinor),
        discount_refund: 0,
        currency: r.payment.currency,
      },
    };
  }

  /** AEAD_AES_256_GCM as WeChat Pay encrypts a notification's resource with the APIv3 key. */
  private encrypt(plain: string, key = this.apiV3Key, associatedData = "transaction") {
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
  notification(
    attempt: { token: string; amountMinor: bigint },
    o: {
      amountMinor?: bigint;
      mchId?: string;
      timestamp?: number;
      signWith?: string;
      serial?: string;
      apiV3Key?: string;
      eventType?: string;
      resource?: Record<string, unknown>;
    } = {},
  ): Delivery {
    const p =
      this.ledger.payments.get(attempt.token) ??
      this.ledger.newPayment(attempt.token, attempt.amountMinor, "CNY", "4200");
    const transaction = {
      ...this.transaction({ ...p, status: "paid" }, o.amountMinor ?? attempt.amountMinor, o.mchId),
      ...o.resource,
    };
    const envelope = {
      id: randomUUID(),
      create_time: "2026-11-26T16:29:35+08:00",
      resource_type: "encrypt-resource",
      event_type: o.eventType ?? "TRANSACTION.SUCCESS",
      summary: "支付成功",
      resource: this.encrypt(JSON.stringify(transaction), o.apiV3Key),
    };
    const rawBody = JSON.stringify(envelope);
    return {
      rawBody,
      headers: { "content-type": "application/json", ...this.headers(rawBody, o) },
    };
  }

  /**
   * A refund notification (退款结果通知): REFUND.SUCCESS, REFUND.ABNORMAL or REFUND.CLOSED, the
   * refund encrypted as the resource (original_type and associated_data "refund"), signed
   * like every notification.
   */
  refundNotification(
    key: string,
    o: {
      eventType?: "REFUND.SUCCESS" | "REFUND.ABNORMAL" | "REFUND.CLOSED";
      amountMinor?: bigint;
      signWith?: string;
    } = {},
  ): Delivery {
    const r = this.ledger.findRefund(key);
    if (!r) throw new Error(`fake WeChat Pay never saw refund ${key}`);
    const eventType = o.eventType ?? "REFUND.SUCCESS";
    const status = eventType.slice("REFUND.".length);
    const refund = this.refundObject(r, status);
    const plain = {
      mchid: this.mchId,
      out_trade_no: refund.out_trade_no,
      transaction_id: refund.transaction_id,
      out_refund_no: refund.out_refund_no,
      refund_id: refund.refund_id,
      refund_status: status,
      ...(status === "SUCCESS" ? { success_time: refund.success_time } : {}),
      user_received_account: refund.user_received_account,
      amount: {
        total: refund.amount.total,
        refund: Number(o.amountMinor ?? r.amountMinor),
        payer_total: refund.amount.payer_total,
        payer_refund: Number(o.amountMinor ?? r.amountMinor),
      },
    };
    const envelope = {
      id: randomUUID(),
      create_time: "2026-11-26T16:29:35+08:00",
      resource_type: "encrypt-resource",
      event_type: eventType,
      summary: { SUCCESS: "退款成功", ABNORMAL: "退款异常", CLOSED: "退款关闭" }[status],
      resource: {
        ...this.encrypt(JSON.stringify(plain), this.apiV3Key, "refund"),
        original_type: "refund",
      },
    };
    const rawBody = JSON.stringify(envelope);
    return {
      rawBody,
      headers: { "content-type": "application/json", ...this.headers(rawBody, o) },
    };
  }
}

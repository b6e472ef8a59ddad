import { createHash, randomBytes } from "node:crypto";
import forge from "node-forge";
import {
  decimal,
  fromDecimal,
  issuedCertificate,
  rsaPair,
  type RsaPair,
  rsaSign,
  rsaVerify,
  type Answer,
  type Delivery,
  type FakeLedger,
} from "./shared";
import { gbk, storedZip } from "./zip";

/**
 * A certificate's SN as Alipay's SDKs compute it (alipay-sdk-nodejs-all antcertutil.ts
 * getCertSN): MD5 hex of the issuer's attributes in reverse order as `short=value` joined by
 * `,`, then the serial in decimal. Written with node-forge, apart from the connector's code.
 */
export function alipaySdkCertSn(pem: string) {
  const cert = forge.pki.certificateFromPem(pem);
  const issuer = [...cert.issuer.attributes]
    .reverse()
    .map((a) => `${a.shortName}=${String(a.value)}`)
    .join(",");
  const serial = BigInt(`0x${cert.serialNumber}`).toString(10);
  return createHash("md5")
    .update(issuer + serial, "utf8")
    .digest("hex");
}

/** alipay_root_cert_sn: the SNs of the bundle's sha1/sha256-with-RSA certificates, by `_`. */
export function alipaySdkRootCertSn(bundle: string) {
  const rsa = [forge.pki.oids.sha1WithRSAEncryption, forge.pki.oids.sha256WithRSAEncryption];
  return (bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [])
    .filter((pem) => rsa.includes(forge.pki.certificateFromPem(pem).signatureOid))
    .map(alipaySdkCertSn)
    .join("_");
}

const caName = (cn: string) => [
  { shortName: "C", value: "CN" },
  { shortName: "O", value: "Fake Ant Financial" },
  { shortName: "OU", value: "Certification Authority" },
  { shortName: "CN", value: cn },
];
const serialHex = () => `20${randomBytes(15).toString("hex")}`;

/**
 * The files of certificate mode (公钥证书模式), made here: the app's certificate, Alipay's
 * (followed by its CA, as alipayCertPublicKey_RSA2.crt is), and a root bundle with a
 * SHA-256 and a SHA-1 RSA root, and a SHA-512 one the SN leaves out.
 */
function certificateFiles(app: RsaPair, platform: RsaPair, appId: string) {
  const root = rsaPair();
  const rootCert = (cn: string, digest: "sha1" | "sha256" | "sha512") =>
    issuedCertificate(root, {
      subject: caName(cn),
      issuer: caName(cn),
      signer: root,
      serialHex: serialHex(),
      digest,
    });
  const classTwo = issuedCertificate(root, {
    subject: caName("Fake Class 2 R1"),
    issuer: caName("Fake Root R1"),
    signer: root,
    serialHex: serialHex(),
  });
  const alipayCert = issuedCertificate(platform, {
    subject: [{ shortName: "CN", value: "Alipay (China) Network Technology-2088000000000001" }],
    issuer: caName("Fake Class 2 R1"),
    signer: root,
    serialHex: serialHex(),
  });
  const appCertPem = issuedCertificate(app, {
    subject: [{ shortName: "CN", value: `2088000000000001-${appId}` }],
    issuer: caName("Fake Class 1 R1"),
    signer: root,
    serialHex: serialHex(),
  });
  const rootBundlePem = [
    rootCert("Fake Root R1", "sha256"),
    rootCert("Fake Root R2", "sha512"),
    rootCert("Fake Trust Class 2 Root", "sha1"),
  ].join("");
  return {
    appCertPem,
    alipayCertPem: alipayCert + classTwo,
    rootBundlePem,
    appCertSn: alipaySdkCertSn(appCertPem),
    alipayCertSn: alipaySdkCertSn(alipayCert),
    rootCertSn: alipaySdkRootCertSn(rootBundlePem),
  };
}

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
  /** Statement zips handed out, by the token of their bill_download_url. */
  private readonly bills = new Map<string, Uint8Array>();

  /** Certificate mode's files, once useCertificates() was called; public key mode before. */
  certificates: ReturnType<typeof certificateFiles> | null = null;
  /** The alipay_cert_sn answers name, when not that of the certificate above. */
  answerCertSn: string | null = null;

  constructor(private readonly ledger: FakeLedger) {}

  /** Switches the app to certificate mode: calls must name the app and root certificates. */
  useCertificates() {
    this.certificates = certificateFiles(this.app, this.platform, this.appId);
    return this.certificates;
  }

  /** What the merchant enters in the method's settings. */
  credentials() {
    const c = this.certificates;
    return {
      appId: this.appId,
      sellerId: this.sellerId,
      product: "precreate",
      privateKeyPem: this.app.privateKeyPem,
      alipayPublicKeyPem: c ? c.alipayCertPem : this.platform.publicKeyPem,
      ...(c ? { appCertPem: c.appCertPem, alipayRootCertPem: c.rootBundlePem } : {}),
    };
  }

  /** `base`: where this fake is reached, for the bill download links it hands out. */
  api(body: string, base: string): Answer {
    const params = Object.fromEntries(new URLSearchParams(body));
    // Blank values are not signed (alipay-sdk-java-all AlipaySignature.getSignContent).
    const content = Object.keys(params)
      .filter((k) => k !== "sign" && params[k]?.trim() !== "")
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("&");
    const method = params.method ?? "";
    const key = `${method.replaceAll(".", "_")}_response`;
    const c = this.certificates;
    // In certificate mode each answer names the Alipay certificate that signed it.
    const certSn = c ? `,"alipay_cert_sn":"${this.answerCertSn ?? c.alipayCertSn}"` : "";
    const answer = (inner: Record<string, unknown>) => {
      const innerText = JSON.stringify(inner);
      const sign = rsaSign(innerText, this.platform.privateKeyPem);
      return { status: 200, body: `{"${key}":${innerText}${certSn},"sign":"${sign}"}` };
    };
    if (c && (params.app_cert_sn !== c.appCertSn || params.alipay_root_cert_sn !== c.rootCertSn)) {
      // The gateway of an app in certificate mode refuses a call not naming its certificates
      // (the code here is this fake's own).
      this.ledger.refusedCalls.push(`alipay ${method} certificate sn`);
      return answer({
        code: "40002",
        msg: "Invalid Arguments",
        sub_code: "isv.invalid-cert-sn",
        sub_msg: "证书序列号不匹配",
      });
    }
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
    if (method === "alipay.data.dataservice.bill.downloadurl.query") {
      if (biz.bill_type !== "trade" || !/^\d{4}-\d\d-\d\d$/.test(biz.bill_date ?? ""))
        return answer({
          code: "40004",
          msg: "Business Failed",
          sub_code: "isv.invalid-arguments",
          sub_msg: "参数不正确",
        });
      const token = randomBytes(12).toString("hex");
      this.bills.set(token, this.statementZip(biz.bill_date!));
      return answer({
        code: "10000",
        msg: "Success",
        bill_download_url: `${base}/bill/${token}`,
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
        ...(p.status === "paid" ? { send_pay_date: beijing(p.paidAt ?? this.ledger.clock()) } : {}),
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
          ...(moved ? { gmt_refund_pay: beijing(made.refund.doneAt ?? this.ledger.clock()) } : {}),
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
        // Only when asked for in query_options (退款执行成功的时间).
        ...(biz.query_options?.includes("gmt_refund_pay") && r.doneAt
          ? { gmt_refund_pay: beijing(r.doneAt) }
          : {}),
      });
    }
    return answer({
      code: "40004",
      msg: "Business Failed",
      sub_code: "ACQ.INVALID_METHOD",
      sub_msg: method,
    });
  }

  /** The zip a bill_download_url serves (the link is signed by Alipay itself, not by us). */
  billFile(token: string): Answer {
    const zip = this.bills.get(token);
    if (!zip)
      return {
        status: 404,
        body: "<html>链接已失效</html>",
        headers: { "content-type": "text/html" },
      };
    return { status: 200, body: zip, headers: { "content-type": "application/zip" } };
  }

  /**
   * The day's 业务明细 and its 汇总 in a zip, GBK, written from the format's description: `#`
   * comment lines, a tab before each comma, refunds negative, the footer's totals.
   */
  private statementZip(day: string): Uint8Array {
    const from = new Date(`${day}T00:00:00+08:00`);
    const to = new Date(from.getTime() + 86_400_000);
    const { payments, refunds } = this.ledger.dayActivity("2026", from, to);
    const pid = `${this.sellerId}0156`;
    const cn = (d: Date) => {
      const t = beijing(d);
      return `${t.slice(0, 4)}年${t.slice(5, 7)}月${t.slice(8, 10)}日 ${t.slice(11)}`;
    };
    const fee = (minor: bigint) => (minor * 60n + 5000n) / 10_000n;
    const signed = (minor: bigint) =>
      `${minor < 0n ? "-" : ""}${decimal(minor < 0n ? -minor : minor)}`;
    const row = (fields: string[]) => fields.map((f) => `${f}\t`).join(",");
    const lines = [
      "#支付宝业务明细查询",
      `#账号：[${pid}]`,
      `#起始日期：[${cn(from)}]   终止日期：[${cn(to)}]`,
      "#-----------------------------------------业务明细列表----------------------------------------",
      "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注",
    ];
    let paid = 0n;
    let back = 0n;
    for (const p of payments) {
      paid += p.amountMinor;
      const a = decimal(p.amountMinor);
      lines.push(
        row([
          p.txnId,
          p.token,
          "交易",
          "测试商品",
          beijing(p.at),
          beijing(p.at),
          "",
          "",
          "",
          "",
          "*测(tes***@example.com)",
          a,
          a,
          "0.00",
          "0.00",
          "0.00",
          "0.00",
          "0.00",
          "",
          "0.00",
          "0.00",
          "",
          signed(-fee(p.amountMinor)),
          "0.00",
          "",
        ]),
      );
    }
    for (const r of refunds) {
      back += r.amountMinor;
      const a = signed(-r.amountMinor);
      lines.push(
        row([
          r.payment.txnId,
          r.payment.token,
          "退款",
          "测试商品",
          beijing(r.payment.at),
          beijing(r.at),
          "",
          "",
          "",
          "",
          "*测(tes***@example.com)",
          a,
          a,
          "0.00",
          "0.00",
          "0.00",
          "0.00",
          "0.00",
          "",
          "0.00",
          "0.00",
          r.key,
          "0.00",
          "0.00",
          "",
        ]),
      );
    }
    lines.push(
      "#-----------------------------------------业务明细列表结束------------------------------------",
      `#交易合计：${payments.length}笔，商家实收共${decimal(paid)}元，商家优惠共0.00元`,
      `#退款合计：${refunds.length}笔，商家实收退款共${signed(-back)}元，商家优惠退款共0.00元`,
      `#导出时间：[${cn(new Date())}]`,
    );
    const summary = [
      "#支付宝业务汇总查询",
      `#账号：[${pid}]`,
      "#-----------------------------------------业务汇总列表----------------------------------------",
      "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）",
      `合计,,${payments.length},${refunds.length},${signed(paid - back)},${signed(paid - back)},0.00,0.00,0.00,0.00,0.00,${signed(paid - back)}`,
      "#-----------------------------------------业务汇总列表结束------------------------------------",
    ];
    const compact = day.replaceAll("-", "");
    return storedZip([
      { name: gbk(`${pid}_${compact}_业务明细.csv`), data: gbk(`${lines.join("\r\n")}\r\n`) },
      {
        name: gbk(`${pid}_${compact}_业务明细(汇总).csv`),
        data: gbk(`${summary.join("\r\n")}\r\n`),
      },
    ]);
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
      gmt_create: beijing(p?.at ?? this.ledger.clock()),
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
      gmt_payment: beijing(p?.paidAt ?? this.ledger.clock()),
      notify_time: beijing(this.ledger.clock()),
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
      .filter((k) => params[k]?.trim() !== "")
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

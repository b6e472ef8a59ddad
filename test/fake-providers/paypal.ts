import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { crc32 } from "node:zlib";
import { cachePaypalCertificate } from "@/server/connectors/paypal/paypal-signature";
import {
  decimal,
  fromDecimal,
  rsaPair,
  rsaSign,
  selfSignedCertificate,
  type Answer,
  type Delivery,
  type FakeLedger,
  type FakePayment,
  type FakeRefund,
} from "./shared";

/** PayPal REST (OAuth, Orders v2) and its webhooks, signed with the certificate's key. */
export class FakePaypal {
  readonly clientId = "AYfake-client-id";
  readonly clientSecret = "EFfake-client-secret";
  readonly webhookId = "1JE4291016473214C";
  readonly cert = rsaPair();
  readonly certUrl = `https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-${randomBytes(4).toString("hex")}`;
  readonly certificatePem = selfSignedCertificate(
    this.cert,
    "messageverificationcerts.sandbox.paypal.com",
    "01",
  );

  constructor(private readonly ledger: FakeLedger) {
    // What the connector would fetch from PayPal: primed, as the URL is not reachable here.
    cachePaypalCertificate(this.certUrl, this.certificatePem);
  }

  /** What the merchant enters in the method's settings. */
  credentials() {
    return {
      clientId: this.clientId,
      webhookId: this.webhookId,
      clientSecret: this.clientSecret,
    };
  }

  api(req: IncomingMessage, path: string, body: string, query: URLSearchParams): Answer {
    const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value) });
    if (path === "/v1/oauth2/token") {
      const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString("base64")}`;
      if (req.headers.authorization !== expected || body !== "grant_type=client_credentials") {
        this.ledger.refusedCalls.push("paypal token");
        return json(401, {
          error: "invalid_client",
          error_description: "Client Authentication failed",
        });
      }
      return json(200, { access_token: "A21-fake-token", token_type: "Bearer", expires_in: 32400 });
    }
    if (req.headers.authorization !== "Bearer A21-fake-token") {
      this.ledger.refusedCalls.push(`paypal ${path}`);
      return json(401, { name: "AUTHENTICATION_FAILURE", message: "Authentication failed" });
    }
    if (req.method === "POST" && path === "/v2/checkout/orders") {
      const refusal = this.ledger.takeRefusal();
      if (refusal)
        return json(422, {
          name: "UNPROCESSABLE_ENTITY",
          details: [{ issue: refusal.code, description: refusal.message }],
        });
      const b = JSON.parse(body) as {
        purchase_units: { custom_id: string; amount: { currency_code: string; value: string } }[];
      };
      const unit = b.purchase_units[0]!;
      const p = this.ledger.newPayment(
        unit.custom_id,
        fromDecimal(unit.amount.value),
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
    const captureRefund = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path);
    if (req.method === "POST" && captureRefund) {
      const refusal = this.ledger.takeRefusal();
      if (refusal)
        return json(422, {
          name: "UNPROCESSABLE_ENTITY",
          details: [{ issue: refusal.code, description: refusal.message }],
        });
      const captureId = decodeURIComponent(captureRefund[1]!);
      const p = [...this.ledger.payments.values()].find((x) => x.txnId === captureId);
      if (p?.status !== "paid")
        return json(404, { name: "RESOURCE_NOT_FOUND", message: "capture" });
      const b = JSON.parse(body) as {
        amount: { value: string; currency_code: string };
        invoice_id?: string;
        custom_id?: string;
      };
      // PayPal-Request-Id: the same id again answers the refund already made (stored keys
      // are kept for a while); without it every call is a new refund.
      const key = req.headers["paypal-request-id"];
      const made = this.ledger.refund(
        typeof key === "string" ? key : randomUUID(),
        p,
        fromDecimal(b.amount.value),
        "RF",
      );
      if (!made)
        return json(422, {
          name: "UNPROCESSABLE_ENTITY",
          details: [
            {
              issue: "REFUND_AMOUNT_EXCEEDED",
              description: "The refund amount must be less than or equal to the capture amount.",
            },
          ],
        });
      this.refundIds.set(made.refund.key, { invoiceId: b.invoice_id, customId: b.custom_id });
      const refund = this.refundObject(made.refund);
      // Prefer: return=minimal is the default: id, status and links only.
      const whole = req.headers.prefer === "return=representation";
      return this.ledger.refundAnswer(
        json(
          made.repeat ? 200 : 201,
          whole ? refund : { id: refund.id, status: refund.status, links: refund.links },
        ),
      );
    }
    if (req.method === "GET" && path === "/v1/reporting/transactions")
      return json(200, this.transactions(query));
    const refundGet = /^\/v2\/payments\/refunds\/([^/]+)$/.exec(path);
    if (req.method === "GET" && refundGet) {
      const r = this.ledger.findRefund(decodeURIComponent(refundGet[1]!));
      if (!r) return json(404, { name: "RESOURCE_NOT_FOUND", message: "refund" });
      return json(200, this.refundObject(r));
    }
    const order = /^\/v2\/checkout\/orders\/([A-Z0-9]+)(\/capture)?$/.exec(path);
    const p = order
      ? [...this.ledger.payments.values()].find((x) => x.ref === order[1])
      : undefined;
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
          ...(captured ? { payments: { captures: [this.capture(p, p.amountMinor)] } } : {}),
        },
      ],
    });
  }

  /** What we sent on each refund (by its key): PayPal echoes invoice_id and custom_id. */
  private readonly refundIds = new Map<string, { invoiceId?: string; customId?: string }>();

  /** A Payments v2 refund: COMPLETED, PENDING, FAILED or CANCELLED. */
  private refundObject(r: FakeRefund, o: { amountMinor?: bigint } = {}) {
    const sent = this.refundIds.get(r.key) ?? {};
    return {
      id: r.id,
      amount: { currency_code: r.payment.currency, value: decimal(o.amountMinor ?? r.amountMinor) },
      ...(sent.invoiceId ? { invoice_id: sent.invoiceId } : {}),
      ...(sent.customId ? { custom_id: sent.customId } : {}),
      seller_payable_breakdown: {
        gross_amount: { currency_code: r.payment.currency, value: decimal(r.amountMinor) },
        net_amount: { currency_code: r.payment.currency, value: decimal(r.amountMinor) },
      },
      status: { succeeded: "COMPLETED", failed: "FAILED", pending: "PENDING" }[r.status],
      ...(r.status === "pending" ? { status_details: { reason: "ECHECK" } } : {}),
      create_time: r.at.toISOString(),
      update_time: (r.doneAt ?? r.at).toISOString(),
      links: [
        {
          href: `https://api.sandbox.paypal.com/v2/payments/refunds/${r.id}`,
          rel: "self",
          method: "GET",
        },
        {
          href: `https://api.sandbox.paypal.com/v2/payments/captures/${r.payment.txnId}`,
          rel: "up",
          method: "GET",
        },
      ],
    };
  }

  /**
   * Transaction Search (GET /v1/reporting/transactions): the captures (T0006, fee 3.49 % +
   * 49¢ as a negative fee_amount) and refunds (T1107, negative, naming the capture as
   * paypal_reference_id) between start_date and end_date, `page_size` a page.
   */
  private transactions(query: URLSearchParams) {
    const time = (text: string | null) =>
      new Date((text ?? "").replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
    const from = time(query.get("start_date"));
    // end_date is inclusive, to the second.
    const to = new Date(time(query.get("end_date")).getTime() + 1000);
    const size = Number(query.get("page_size") ?? 100);
    const page = Number(query.get("page") ?? 1);
    const { payments, refunds } = this.ledger.dayActivity("PP", from, to);
    const stamp = (at: Date) => `${at.toISOString().slice(0, 19)}+0000`;
    const money = (currency: string, minor: bigint) => ({
      currency_code: currency,
      value: `${minor < 0n ? "-" : ""}${decimal(minor < 0n ? -minor : minor)}`,
    });
    const all = [
      ...payments.map((p) => ({
        transaction_info: {
          paypal_account_id: "FAKEPAYER01",
          transaction_id: p.txnId,
          transaction_event_code: "T0006",
          transaction_initiation_date: stamp(p.at),
          transaction_updated_date: stamp(p.at),
          transaction_amount: money(p.currency, p.amountMinor),
          fee_amount: money(p.currency, -((p.amountMinor * 349n + 5000n) / 10_000n + 49n)),
          transaction_status: "S",
          invoice_id: p.token,
          custom_field: p.token,
          protection_eligibility: "01",
        },
      })),
      ...refunds.map((r) => ({
        transaction_info: {
          transaction_id: r.id,
          paypal_reference_id: r.payment.txnId,
          paypal_reference_id_type: "TXN",
          transaction_event_code: "T1107",
          transaction_initiation_date: stamp(r.at),
          transaction_updated_date: stamp(r.at),
          transaction_amount: money(r.payment.currency, -r.amountMinor),
          fee_amount: money(r.payment.currency, 0n),
          transaction_status: "S",
          invoice_id: this.refundIds.get(r.key)?.invoiceId ?? "",
          custom_field: this.refundIds.get(r.key)?.customId ?? r.payment.token,
        },
      })),
    ];
    return {
      transaction_details: all.slice((page - 1) * size, page * size),
      account_number: "FAKEMERCHANT01",
      start_date: query.get("start_date"),
      end_date: query.get("end_date"),
      page,
      total_items: all.length,
      total_pages: Math.max(1, Math.ceil(all.length / size)),
    };
  }

  private capture(p: FakePayment, amountMinor: bigint, status = "COMPLETED") {
    return {
      id: p.txnId,
      status,
      amount: { currency_code: p.currency, value: decimal(amountMinor) },
      final_capture: true,
      custom_id: p.token,
      invoice_id: p.token,
      create_time: (p.paidAt ?? this.ledger.clock()).toISOString(),
      update_time: (p.paidAt ?? this.ledger.clock()).toISOString(),
    };
  }

  /** A PayPal webhook: CRC32 of the body in the signed message, signed with the cert's key. */
  notification(
    attempt: { token: string; amountMinor: bigint; currency: string },
    o: {
      amountMinor?: bigint;
      webhookId?: string;
      signWith?: string;
      certUrl?: string;
      eventType?: string;
      status?: string;
      reason?: string;
      /** Fields of the capture as sent, over the genuine ones (an amount of another type). */
      resource?: Record<string, unknown>;
    } = {},
  ): Delivery {
    const p =
      this.ledger.payments.get(attempt.token) ??
      this.ledger.newPayment(attempt.token, attempt.amountMinor, attempt.currency, "PP");
    const capture = this.capture(p, o.amountMinor ?? attempt.amountMinor, o.status);
    const event = {
      id: `WH-${randomBytes(8).toString("hex").toUpperCase()}`,
      event_version: "1.0",
      create_time: this.ledger.clock().toISOString(),
      resource_type: "capture",
      resource_version: "2.0",
      event_type: o.eventType ?? "PAYMENT.CAPTURE.COMPLETED",
      summary: "Payment completed",
      resource: {
        ...capture,
        ...(o.reason ? { status_details: { reason: o.reason } } : {}),
        ...o.resource,
      },
    };
    return this.signed(event, o);
  }

  /** A PAYMENT.CAPTURE.REFUNDED webhook: the refund (as the refund API shows it) as its resource. */
  refundNotification(
    key: string,
    o: { amountMinor?: bigint; webhookId?: string; signWith?: string } = {},
  ): Delivery {
    const r = this.ledger.findRefund(key);
    if (!r) throw new Error(`fake PayPal never saw refund ${key}`);
    return this.signed(
      {
        id: `WH-${randomBytes(8).toString("hex").toUpperCase()}`,
        event_version: "1.0",
        create_time: this.ledger.clock().toISOString(),
        resource_type: "refund",
        resource_version: "2.0",
        event_type: "PAYMENT.CAPTURE.REFUNDED",
        summary: `A ${decimal(r.amountMinor)} ${r.payment.currency} capture payment was refunded`,
        resource: this.refundObject(r, o),
      },
      o,
    );
  }

  /** Signs an event: CRC32 of the body in the signed message, signed with the cert's key. */
  private signed(event: unknown, o: { webhookId?: string; signWith?: string; certUrl?: string }) {
    const rawBody = JSON.stringify(event);
    const transmissionId = randomUUID();
    const transmissionTime = new Date().toISOString();
    const crc = crc32(Buffer.from(rawBody, "utf8")) >>> 0;
    const message = `${transmissionId}|${transmissionTime}|${o.webhookId ?? this.webhookId}|${crc}`;
    return {
      rawBody,
      headers: {
        "content-type": "application/json",
        "paypal-transmission-id": transmissionId,
        "paypal-transmission-time": transmissionTime,
        "paypal-transmission-sig": rsaSign(message, o.signWith ?? this.cert.privateKeyPem),
        "paypal-cert-url": o.certUrl ?? this.certUrl,
        "paypal-auth-algo": "SHA256withRSA",
      },
    };
  }
}

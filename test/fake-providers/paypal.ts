import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { crc32 } from "node:zlib";
import { cachePaypalCertificate } from "@/server/connectors/paypal/paypal-signature";
import {
  decimal,
  rsaPair,
  rsaSign,
  selfSignedCertificate,
  type Answer,
  type Delivery,
  type FakeLedger,
  type FakePayment,
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

  api(req: IncomingMessage, path: string, body: string): Answer {
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
      const [major, minor = ""] = unit.amount.value.split(".");
      const p = this.ledger.newPayment(
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
      const refusal = this.ledger.takeRefusal();
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

  private capture(p: FakePayment, amountMinor: bigint, status = "COMPLETED") {
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
    } = {},
  ): Delivery {
    const p =
      this.ledger.payments.get(attempt.token) ??
      this.ledger.newPayment(attempt.token, attempt.amountMinor, attempt.currency, "PP");
    const capture = this.capture(p, o.amountMinor ?? attempt.amountMinor, o.status);
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

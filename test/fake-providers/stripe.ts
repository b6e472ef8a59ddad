import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Answer, Delivery, FakeLedger, FakePayment } from "./shared";

/** Stripe's form-encoded API and its HMAC-signed webhooks. */
export class FakeStripe {
  readonly secretKey = `sk_test_${randomBytes(12).toString("hex")}`;
  readonly webhookSecret = `whsec_${randomBytes(18).toString("base64").replace(/[+/=]/g, "x")}`;

  constructor(private readonly ledger: FakeLedger) {}

  /** What the merchant enters in the method's settings. */
  credentials() {
    return { secretKey: this.secretKey, webhookSecret: this.webhookSecret };
  }

  api(req: IncomingMessage, path: string, body: string): Answer {
    const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value) });
    if (req.headers.authorization !== `Bearer ${this.secretKey}`) {
      this.ledger.refusedCalls.push(`stripe ${path}`);
      return json(401, {
        error: { type: "invalid_request_error", message: "Invalid API Key provided" },
      });
    }
    if (req.method === "POST" && path === "/v1/payment_intents") {
      const refusal = this.ledger.takeRefusal();
      if (refusal)
        return json(402, {
          error: { type: "card_error", code: refusal.code, message: refusal.message },
        });
      const form = new URLSearchParams(body);
      const p = this.ledger.newPayment(
        form.get("metadata[attempt_token]")!,
        BigInt(form.get("amount")!),
        form.get("currency")!.toUpperCase(),
        "ch_",
      );
      p.ref = `pi_${randomBytes(12).toString("hex")}`;
      return json(200, this.intent(p, p.amountMinor));
    }
    if (req.method === "POST" && path === "/v1/refunds") {
      const refusal = this.ledger.takeRefusal();
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
    const p = get ? [...this.ledger.payments.values()].find((x) => x.ref === get[1]) : undefined;
    if (!p)
      return json(404, { error: { type: "invalid_request_error", code: "resource_missing" } });
    return json(200, this.intent(p, p.amountMinor));
  }

  private intent(
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
  notification(
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
      this.ledger.payments.get(attempt.token) ??
      this.ledger.newPayment(attempt.token, attempt.amountMinor, attempt.currency, "ch_");
    const failed = o.type === "payment_intent.payment_failed";
    const intent = this.intent(
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
    const v1 = createHmac("sha256", o.secret ?? this.webhookSecret)
      .update(`${t}.${rawBody}`, "utf8")
      .digest("hex");
    return {
      rawBody,
      headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` },
    };
  }
}

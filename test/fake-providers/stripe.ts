import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Answer, Delivery, FakeLedger, FakePayment, FakeRefund } from "./shared";

/** Stripe's times: Unix seconds. */
const unixSeconds = (at: Date) => Math.floor(at.getTime() / 1000);
/** Stripe's form-encoded API and its HMAC-signed webhooks. */
export class FakeStripe {
  readonly secretKey = `sk_test_${randomBytes(12).toString("hex")}`;
  readonly webhookSecret = `whsec_${randomBytes(18).toString("base64").replace(/[+/=]/g, "x")}`;
  readonly publishableKey = `pk_test_${randomBytes(12).toString("hex")}`;

  constructor(private readonly ledger: FakeLedger) {}

  /** What the merchant enters in the method's settings. */
  credentials() {
    return {
      publishableKey: this.publishableKey,
      secretKey: this.secretKey,
      webhookSecret: this.webhookSecret,
    };
  }

  api(req: IncomingMessage, path: string, body: string, query: URLSearchParams): Answer {
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
      const form = new URLSearchParams(body);
      const p = [...this.ledger.payments.values()].find(
        (x) => x.ref === form.get("payment_intent"),
      );
      if (p?.status !== "paid")
        return json(404, {
          error: {
            type: "invalid_request_error",
            code: "resource_missing",
            param: "payment_intent",
          },
        });
      // Idempotency-Key: the same key again replays the first answer; without it, a new refund.
      const key = req.headers["idempotency-key"];
      const made = this.ledger.refund(
        typeof key === "string" ? key : randomBytes(8).toString("hex"),
        p,
        BigInt(form.get("amount") ?? p.amountMinor),
        "re_",
      );
      if (!made)
        return json(400, {
          error: {
            type: "invalid_request_error",
            code: "charge_exceeds_source_limit",
            message: "Refund amount is greater than unrefunded amount on charge",
          },
        });
      if (!made.repeat)
        this.metadata.set(made.refund.key, {
          refund_id: form.get("metadata[refund_id]"),
          attempt_token: form.get("metadata[attempt_token]"),
        });
      return this.ledger.refundAnswer(json(200, this.refundObject(made.refund)));
    }
    if (req.method === "GET" && path === "/v1/balance_transactions")
      return json(200, this.balanceTransactions(query));
    const refundGet = /^\/v1\/refunds\/(re_[A-F0-9]+)$/.exec(path);
    if (req.method === "GET" && refundGet) {
      const r = this.ledger.findRefund(refundGet[1]!);
      if (!r)
        return json(404, { error: { type: "invalid_request_error", code: "resource_missing" } });
      return json(200, this.refundObject(r));
    }
    const get = /^\/v1\/payment_intents\/(pi_[a-f0-9]+)$/.exec(path);
    const p = get ? [...this.ledger.payments.values()].find((x) => x.ref === get[1]) : undefined;
    if (!p)
      return json(404, { error: { type: "invalid_request_error", code: "resource_missing" } });
    const intent = this.intent(p, p.amountMinor);
    // expand[]=latest_charge: the charge itself, with the card's fingerprint (docs.stripe.com/api/expanding_objects).
    if (query.getAll("expand[]").includes("latest_charge") && intent.latest_charge)
      return json(200, {
        ...intent,
        latest_charge: {
          id: intent.latest_charge,
          object: "charge",
          created: unixSeconds(p.paidAt ?? p.at),
          payment_method_details: {
            type: "card",
            card: { brand: "visa", last4: "4242", fingerprint: "Xt5EWLLDS7FJjR1c" },
          },
        },
      });
    return json(200, intent);
  }

  /**
   * A page of balance transactions (docs.stripe.com/api/balance_transactions/list): charges
   * (fee 2.9 % + 30¢) and refunds (negative, no fee back) created within created[gte] …
   * created[lt], newest first, `limit` a page, continued after `starting_after`.
   */
  private balanceTransactions(query: URLSearchParams) {
    const from = new Date(Number(query.get("created[gte]")) * 1000);
    const to = new Date(Number(query.get("created[lt]")) * 1000);
    const limit = Number(query.get("limit") ?? 10);
    const { payments, refunds } = this.ledger.dayActivity("ch_", from, to);
    const txn = (id: string) => `txn_${id.replace(/^(ch|re)_/, "")}`;
    const all = [
      ...payments.map((p) => {
        const fee = (p.amountMinor * 290n + 5000n) / 10_000n + 30n;
        return {
          id: txn(p.txnId),
          object: "balance_transaction",
          amount: Number(p.amountMinor),
          fee: Number(fee),
          net: Number(p.amountMinor - fee),
          currency: p.currency.toLowerCase(),
          created: unixSeconds(p.at),
          available_on: unixSeconds(p.at) + 2 * 86_400,
          description: "Payment",
          reporting_category: "charge",
          source: p.txnId,
          type: "charge",
        };
      }),
      ...refunds.map((r) => ({
        id: txn(r.id),
        object: "balance_transaction",
        amount: -Number(r.amountMinor),
        fee: 0,
        net: -Number(r.amountMinor),
        currency: r.payment.currency.toLowerCase(),
        created: unixSeconds(r.at),
        available_on: unixSeconds(r.at),
        description: "REFUND FOR PAYMENT",
        reporting_category: "refund",
        source: r.id,
        type: "refund",
      })),
    ].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
    const after = query.get("starting_after");
    const start = after ? all.findIndex((t) => t.id === after) + 1 : 0;
    const data = all.slice(start, start + limit);
    return {
      object: "list",
      data,
      has_more: start + limit < all.length,
      url: "/v1/balance_transactions",
    };
  }

  /** The metadata sent with each refund (by its key), as Stripe keeps it on the Refund. */
  private readonly metadata = new Map<string, Record<string, string | null>>();

  /** A Refund object (docs.stripe.com/api/refunds/object). */
  private refundObject(r: FakeRefund, o: { amountMinor?: bigint } = {}) {
    const metadata = Object.fromEntries(
      Object.entries(this.metadata.get(r.key) ?? {}).filter(([, v]) => v !== null),
    );
    return {
      id: r.id,
      object: "refund",
      amount: Number(o.amountMinor ?? r.amountMinor),
      balance_transaction: `txn_${randomBytes(12).toString("hex")}`,
      charge: r.payment.txnId,
      created: unixSeconds(r.at),
      currency: r.payment.currency.toLowerCase(),
      failure_reason: r.status === "failed" ? "expired_or_canceled_card" : null,
      metadata,
      payment_intent: r.payment.ref,
      reason: null,
      status: r.status,
    };
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
      created: unixSeconds(p.at),
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
      /** Fields of the PaymentIntent as sent, over the genuine ones (an amount of another type). */
      intent?: Record<string, unknown>;
    } = {},
  ): Delivery {
    const p =
      this.ledger.payments.get(attempt.token) ??
      this.ledger.newPayment(attempt.token, attempt.amountMinor, attempt.currency, "ch_");
    const failed = o.type === "payment_intent.payment_failed";
    const intent = {
      ...this.intent(
        { ...p, status: failed ? "open" : "paid" },
        o.amountMinor ?? attempt.amountMinor,
        o.failure,
      ),
      ...o.intent,
    };
    const rawBody = JSON.stringify({
      id: `evt_${randomBytes(12).toString("hex")}`,
      object: "event",
      api_version: "2024-06-20",
      created: unixSeconds(this.ledger.clock()),
      livemode: o.livemode ?? false,
      pending_webhooks: 1,
      type: o.type ?? "payment_intent.succeeded",
      data: { object: o.foreign ? { ...intent, metadata: {} } : intent },
    });
    return this.signed(rawBody, o);
  }

  /**
   * A refund's event: `refund.updated` (or `refund.failed`) with the Refund as data.object, or
   * `charge.refunded` with the charge (its amount_refunded the sum of its refunds; no list of
   * them, as since API version 2022-11-15).
   */
  refundEvent(
    key: string,
    o: {
      type?: "refund.updated" | "refund.failed" | "charge.refunded";
      amountMinor?: bigint;
      secret?: string;
      timestamp?: number;
    } = {},
  ): Delivery {
    const r = this.ledger.findRefund(key);
    if (!r) throw new Error(`fake Stripe never saw refund ${key}`);
    const type = o.type ?? "refund.updated";
    const refunded = this.ledger.refundedMinor(r.payment.token);
    const object =
      type === "charge.refunded"
        ? {
            id: r.payment.txnId,
            object: "charge",
            amount: Number(r.payment.amountMinor),
            amount_captured: Number(r.payment.amountMinor),
            amount_refunded: Number(refunded),
            currency: r.payment.currency.toLowerCase(),
            paid: true,
            payment_intent: r.payment.ref,
            refunded: refunded === r.payment.amountMinor,
            status: "succeeded",
            metadata: { attempt_token: r.payment.token },
          }
        : this.refundObject(r, o);
    const rawBody = JSON.stringify({
      id: `evt_${randomBytes(12).toString("hex")}`,
      object: "event",
      api_version: "2024-06-20",
      created: unixSeconds(this.ledger.clock()),
      livemode: false,
      pending_webhooks: 1,
      type,
      data: { object },
    });
    return this.signed(rawBody, o);
  }

  /** Signs `t=…,v1=HMAC-SHA256(secret, t.body)` per docs.stripe.com/webhooks. */
  private signed(rawBody: string, o: { secret?: string; timestamp?: number }): Delivery {
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

import { describe, expect, it } from "vitest";
import type { Db } from "@/db/types";
import { paypalConnector } from "./paypal/paypal.connector";
import { stripeBuyerId, stripeConnector } from "./stripe/stripe.connector";
import type { ConnectorDeps, MethodContext } from "./types";

/** A provider answering each path with its documented JSON; the URLs asked are kept. */
function stubProvider(answers: Record<string, unknown>) {
  const asked: string[] = [];
  const fetchFn = (async (url: string | URL | Request) => {
    const u = new URL(String(url));
    asked.push(`${u.pathname}${u.search}`);
    const body = answers[u.pathname];
    return new Response(JSON.stringify(body ?? { error: "unknown path" }), {
      status: body ? 200 : 404,
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  const deps: ConnectorDeps = { fetch: fetchFn, db: {} as Db, now: () => new Date() };
  return { deps, asked };
}

const query = { attemptToken: "tok_1", providerRef: "REF1", amountMinor: 1000n, currency: "USD" };

describe("buyer ids from PayPal and Stripe", () => {
  it("PayPal: the completed order's payer.payer_id (Orders v2 GET /v2/checkout/orders/{id})", async () => {
    const method: MethodContext = {
      id: "m",
      mode: "sandbox",
      config: { clientId: "cid", webhookId: "wh", apiBaseUrl: "https://paypal.test" },
      credentials: { clientSecret: "secret" },
    };
    const { deps } = stubProvider({
      "/v1/oauth2/token": { access_token: "A21AA", token_type: "Bearer", expires_in: 32400 },
      "/v2/checkout/orders/REF1": {
        id: "REF1",
        status: "COMPLETED",
        payer: {
          name: { given_name: "John", surname: "Doe" },
          email_address: "customer@example.com",
          payer_id: "QYR5Z8XDVJNXQ",
        },
        purchase_units: [
          {
            reference_id: "default",
            custom_id: "tok_1",
            payments: {
              captures: [
                {
                  id: "3C679366HH908993F",
                  status: "COMPLETED",
                  amount: { currency_code: "USD", value: "10.00" },
                  final_capture: true,
                  create_time: "2026-12-01T10:00:00Z",
                  update_time: "2026-12-01T10:00:01Z",
                },
              ],
            },
          },
        ],
      },
    });
    const e = await paypalConnector.queryPayment(method, query, deps);
    expect(e).toMatchObject({
      outcome: "succeeded",
      amountMinor: 1000n,
      providerTxnId: "3C679366HH908993F",
      buyerId: "QYR5Z8XDVJNXQ",
    });
  });

  const stripeMethod: MethodContext = {
    id: "m",
    mode: "sandbox",
    config: { apiBaseUrl: "https://stripe.test" },
    credentials: { secretKey: "sk_test_1", webhookSecret: "whsec_1" },
  };
  const intent = (over: Record<string, unknown>) => ({
    id: "pi_3MtwBwLkdIwHu7ix28a3tqPa",
    object: "payment_intent",
    amount: 1000,
    amount_received: 1000,
    currency: "usd",
    status: "succeeded",
    customer: null,
    metadata: { attempt_token: "tok_1" },
    livemode: false,
    ...over,
  });

  it("Stripe: the PaymentIntent's customer when it has one", async () => {
    expect(stripeBuyerId(intent({ customer: "cus_NffrFeUfNV2Hib" }))).toBe("cus_NffrFeUfNV2Hib");
    // Expanded, the customer is an object.
    expect(
      stripeBuyerId(intent({ customer: { id: "cus_NffrFeUfNV2Hib", object: "customer" } })),
    ).toBe("cus_NffrFeUfNV2Hib");
  });

  it("Stripe: else the card fingerprint of the expanded latest_charge, asked for by the query", async () => {
    const { deps, asked } = stubProvider({
      "/v1/payment_intents/REF1": intent({
        latest_charge: {
          id: "ch_3MtwBwLkdIwHu7ix28a3tqPa",
          object: "charge",
          payment_method_details: {
            type: "card",
            card: { brand: "visa", last4: "4242", fingerprint: "Xt5EWLLDS7FJjR1c", exp_year: 2030 },
          },
        },
      }),
    });
    const e = await stripeConnector.queryPayment(stripeMethod, query, deps);
    expect(asked).toEqual(["/v1/payment_intents/REF1?expand[]=latest_charge"]);
    expect(e).toMatchObject({
      outcome: "succeeded",
      providerTxnId: "ch_3MtwBwLkdIwHu7ix28a3tqPa",
      buyerId: "card:Xt5EWLLDS7FJjR1c",
    });
  });

  it("Stripe: no customer and an unexpanded charge (a webhook) leaves the buyer unknown", () => {
    expect(stripeBuyerId(intent({ latest_charge: "ch_3MtwBwLkdIwHu7ix28a3tqPa" }))).toBeNull();
  });
});

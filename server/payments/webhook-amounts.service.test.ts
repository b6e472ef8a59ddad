import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, paymentFailures } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import {
  currencyOf,
  FakeProviders,
  providerKinds,
  type Delivery,
  type ProviderKind,
} from "@/test/fake-providers";
import { testEncryptionKey } from "@/test/fixtures";
import {
  orderState,
  providerEvent,
  requestOn,
  seedPayments,
  type PaymentsSeed,
} from "@/test/payments";
import {
  sandboxSignatureHeader,
  toSandboxBody,
} from "@/server/connectors/sandbox/sandbox.connector";
import { signSandboxNotification } from "@/server/connectors/sandbox/sandbox-signature";
import { connectorFor } from "@/server/connectors/registry";
import { answerWebhook } from "./notification.service";
import { loadMethodContext } from "./payment-method.service";

/**
 * Genuine, validly signed notifications whose amount is wrong in type, precision, sign, size,
 * currency or value, posted as HTTP requests to the webhook route's handler: none may pay the
 * order. A message that does not read as an amount is refused (the provider sends it again and
 * the failure log shows it); one that reads as another amount is acknowledged and recorded as a
 * mismatch (attempt flagged, alert, failure log), as every mismatch is.
 */

const { db } = setupTestDatabase();
const fake = new FakeProviders();
let seed: PaymentsSeed;
/** The sandbox wallet is offered only in a shop with no real provider set up. */
let practice: PaymentsSeed;
const methods = {} as Record<ProviderKind | "sandbox", string>;
const paid = 4200n;

beforeAll(async () => {
  seed = await seedPayments(db, "Amounts");
  await fake.start();
  practice = await seedPayments(db, "AmountsSandbox");
  Object.assign(methods, await fake.methods(db, seed), { sandbox: practice.sandbox.id });
});
afterAll(async () => {
  await fake.stop();
});

type Attempt = { token: string; amountMinor: bigint; currency: string };
type Kind = ProviderKind | "sandbox";

/** The sandbox wallet's success for the attempt with fields replaced, signed with the method's key. */
async function sandboxDelivery(attempt: Attempt, fields: Record<string, unknown>) {
  const rawBody = JSON.stringify({ ...toSandboxBody(providerEvent(attempt)), ...fields });
  const method = await loadMethodContext(db, methods.sandbox, testEncryptionKey);
  return {
    rawBody,
    headers: {
      "content-type": "application/json",
      [sandboxSignatureHeader]: signSandboxNotification(
        rawBody,
        method!.context.credentials.privateKeyPem!,
      ),
    },
  };
}

/** A success notification for the attempt with its amount fields replaced, per provider. */
const deliveries: Record<
  Kind,
  (a: Attempt, amount: unknown, currency?: string) => Delivery | Promise<Delivery>
> = {
  alipay: (a, amount, currency) =>
    fake.alipayNotification(a, {
      extra: {
        total_amount: String(amount),
        ...(currency ? { trans_currency: currency } : {}),
      },
    }),
  wechat_pay: (a, amount, currency) =>
    fake.wechatNotification(a, {
      resource: { amount: { total: amount, payer_total: amount, currency: currency ?? "CNY" } },
    }),
  paypal: (a, amount, currency) =>
    fake.paypalNotification(a, {
      resource: { amount: { currency_code: currency ?? a.currency, value: amount } },
    }),
  stripe: (a, amount, currency) =>
    fake.stripeNotification(a, {
      intent: {
        amount,
        amount_received: amount,
        currency: (currency ?? a.currency).toLowerCase(),
      },
    }),
  sandbox: (a, amount, currency) =>
    sandboxDelivery(a, { amount_minor: amount, currency: currency ?? a.currency }),
};

/** Amounts in each provider's own unit: a decimal of major units, or an integer of minor ones. */
const decimalUnits = (kind: Kind) => kind === "alipay" || kind === "paypal";

type Case = [name: string, amount: unknown, currency: string | undefined, outcome: Outcome];
type Outcome = "paid" | "refused" | "mismatch";

function casesOf(kind: Kind): Case[] {
  const other = currencyOf(kind === "sandbox" ? "alipay" : kind) === "CNY" ? "USD" : "EUR";
  if (decimalUnits(kind))
    return [
      ["the order's amount", "42.00", undefined, "paid"],
      // A form carries only strings: the type can differ in PayPal's JSON alone.
      ...(kind === "paypal"
        ? [["a number, not a decimal string", 42, undefined, "refused"] satisfies Case]
        : []),
      ["more decimals than the currency has", "42.001", undefined, "refused"],
      ["an exponent", "4.2e1", undefined, "refused"],
      ["a negative amount", "-42.00", undefined, "refused"],
      ["zero", "0.00", undefined, "mismatch"],
      ["more than 2^53 minor units", "90071992547409.93", undefined, "mismatch"],
      ["more than 2^53 major units", "9007199254740993.00", undefined, "refused"],
      ["the amount in minor units", "4200", undefined, "mismatch"],
      ["a cent more", "42.01", undefined, "mismatch"],
      ["another currency", "42.00", other, "mismatch"],
      ["a code that is no currency", "42.00", "XYZ", "refused"],
    ];
  return [
    ["the order's amount", kind === "sandbox" ? "4200" : 4200, undefined, "paid"],
    [
      kind === "sandbox" ? "a number, not a string" : "a string, not a number",
      kind === "sandbox" ? 4200 : "4200",
      undefined,
      "refused",
    ],
    ["a fraction of a minor unit", kind === "sandbox" ? "4200.5" : 4200.5, undefined, "refused"],
    ["a negative amount", kind === "sandbox" ? "-4200" : -4200, undefined, "refused"],
    ["zero", kind === "sandbox" ? "0" : 0, undefined, "mismatch"],
    // JSON numbers past 2^53 are not read exactly: refused. A string of digits is exact.
    [
      "more than 2^53",
      kind === "sandbox" ? "9007199254740993" : 9007199254740993,
      undefined,
      kind === "sandbox" ? "mismatch" : "refused",
    ],
    ["the amount in major units", kind === "sandbox" ? "42" : 42, undefined, "mismatch"],
    ["one minor unit more", kind === "sandbox" ? "4201" : 4201, undefined, "mismatch"],
    ["another currency", kind === "sandbox" ? "4200" : 4200, other, "mismatch"],
    ["a code that is no currency", kind === "sandbox" ? "4200" : 4200, "XYZ", "mismatch"],
  ];
}

const kinds: Kind[] = [...providerKinds, "sandbox"];

async function latestNotification(methodId: string) {
  const [row] = await db
    .select()
    .from(notifications)
    .where(eq(notifications.methodId, methodId))
    .orderBy(desc(notifications.receivedAt))
    .limit(1);
  return row!;
}

describe.each(kinds)(`signed %s notifications with hostile amounts (${engine})`, (kind) => {
  it.each(casesOf(kind))("%s (%j %s): %s", async (_name, amount, currency, outcome) => {
    const currencyOfMethod = kind === "sandbox" ? "CNY" : currencyOf(kind);
    const shop = kind === "sandbox" ? practice : seed;
    const { order, attempt } = await requestOn(db, shop, methods[kind], currencyOfMethod, paid);
    const delivery = await deliveries[kind](attempt, amount, currency);
    const response = await answerWebhook(
      db,
      testEncryptionKey,
      new Request(`http://localhost/api/webhooks/${kind}/${methods[kind]}`, {
        method: "POST",
        body: delivery.rawBody,
        headers: delivery.headers,
      }),
      kind,
      methods[kind],
    );
    const state = await orderState(db, order.id);
    const stored = await latestNotification(methods[kind]);
    const expected = connectorFor(kind)!.acknowledge(outcome !== "refused", stored.detail!);
    expect(response.status).toBe(expected.status);
    expect(await response.text()).toBe(await expected.text());

    if (outcome === "paid") {
      expect(state.order.status).toBe("paid");
      expect(state.attempts[0]).toMatchObject({ status: "succeeded", amountMismatch: false });
      return;
    }
    expect(state.order.status).toBe("pending");
    expect(state.order.paidAt).toBeNull();
    expect(state.outbox).toEqual([]);
    expect(state.attempts[0]!.status).toBe("created");
    // Rejected notifications are counted in one row per method and hour; a mismatch has its own.
    const failures = await db
      .select({ kind: paymentFailures.kind, notificationId: paymentFailures.notificationId })
      .from(paymentFailures)
      .where(eq(paymentFailures.methodId, methods[kind]));
    if (outcome === "refused") {
      expect(stored.outcome).toBe("rejected");
      // Refused for its amount, not for its signature: the message was genuine.
      expect(stored.detail).toMatch(/amount/);
      expect(state.attempts[0]!.amountMismatch).toBe(false);
      expect(failures.map((f) => f.kind)).toContain("notification_rejected");
    } else {
      expect(stored).toMatchObject({ outcome: "mismatch", attemptId: attempt.id });
      expect(stored.detail).toMatch(/^expected 4200 \w{3}, notified /);
      expect(state.attempts[0]!.amountMismatch).toBe(true);
      expect(state.alerts.map((a) => a.kind)).toEqual(["amount_mismatch"]);
      expect(state.actions).toContain("attempt.amount_mismatch");
      expect(failures.filter((f) => f.notificationId === stored.id)).toEqual([
        { kind: "amount_mismatch", notificationId: stored.id },
      ]);
    }
  });
});

describe(`a notification whose body the app server read already (${engine})`, () => {
  it("is verified and applied from the bytes handed over, the request carrying none", async () => {
    const { order, attempt } = await requestOn(db, practice, methods.sandbox, "CNY", paid);
    const delivery = await deliveries.sandbox(attempt, "4200", undefined);
    const response = await answerWebhook(
      db,
      testEncryptionKey,
      new Request(`http://localhost/api/webhooks/sandbox/${methods.sandbox}`, {
        method: "POST",
        headers: delivery.headers,
      }),
      "sandbox",
      methods.sandbox,
      Buffer.from(delivery.rawBody),
    );
    expect(response.status).toBe(200);
    expect((await orderState(db, order.id)).order.status).toBe("paid");
  });
});

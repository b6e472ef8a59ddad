import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerRequests, vouchers } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { expectDomainError } from "@/test/expect";
import { FakeProviders } from "@/test/fake-providers";
import { testEncryptionKey } from "@/test/fixtures";
import {
  methodInput,
  orderState,
  postNotification,
  requestOn,
  seedPayments,
  type PaymentsSeed,
} from "@/test/payments";
import { providerCredentialsInput } from "@/server/connectors/credentials.schema";
import { activeQueryActor, checkAttemptNow } from "./active-query.service";
import { loadPaymentElement } from "./payment-element.service";
import { cancelAttempt } from "./payment-request.service";
import { createPaymentMethod } from "./payment-method.service";
import { setProviderCredentials } from "./provider-credentials.service";

const { db } = setupTestDatabase();
const fake = new FakeProviders();
let seed: PaymentsSeed;
let stripeId: string;

beforeAll(async () => {
  seed = await seedPayments(db, "Card");
  await fake.start();
  stripeId = (await fake.method(db, seed, "stripe", "CNY")).id;
});
afterAll(() => fake.stop());

const deps = { key: testEncryptionKey };
const cardRequest = () => requestOn(db, seed, stripeId, "CNY", 4200n);

describe(`the Payment Element of a pay page (${engine})`, () => {
  it("gives an open Stripe request's page the publishable key and its own intent's client secret", async () => {
    const { attempt } = await cardRequest();
    const session = await loadPaymentElement(db, attempt.token, deps);
    const intent = fake.payments.get(attempt.token)!.ref!;
    expect(session).toEqual({
      publishableKey: fake.stripe.publishableKey,
      clientSecret: expect.stringMatching(new RegExp(`^${intent}_secret_`)) as string,
    });
    // Asked of Stripe for this page, never kept: the secret is nowhere in our database.
    expect(fake.calls).toContain(`GET /stripe/v1/payment_intents/${intent}`);
    const stored = JSON.stringify(
      await db.select().from(providerRequests).where(eq(providerRequests.attemptId, attempt.id)),
    );
    expect(stored).toContain(intent);
    expect(stored).not.toContain(session.clientSecret);
  });

  it("gives nothing to a request of another method, nor to an unknown link", async () => {
    const alipay = await fake.method(db, seed, "alipay");
    const { attempt } = await requestOn(db, seed, alipay.id, "CNY");
    await expectDomainError(
      loadPaymentElement(db, attempt.token, deps),
      "INVALID_STATE",
      "notStripe",
    );
    await expectDomainError(
      loadPaymentElement(db, "no-such-token-at-all", deps),
      "NOT_FOUND",
      "payLinkNotFound",
    );
  });

  it("gives nothing once the request is closed: paid, cancelled, or out of time", async () => {
    const paid = await cardRequest();
    fake.markPaid(paid.attempt.token);
    await postNotification(db, stripeId, fake.stripeNotification(paid.attempt), "stripe");
    const cancelled = await cardRequest();
    await cancelAttempt(db, seed.staff, seed.merchant.id, cancelled.attempt.id);
    const late = await cardRequest();
    const afterExpiry = () => new Date(late.attempt.expiresAt.getTime() + 1);
    for (const [token, at] of [
      [paid.attempt.token, undefined],
      [cancelled.attempt.token, undefined],
      [late.attempt.token, afterExpiry],
    ] as const)
      await expectDomainError(
        loadPaymentElement(db, token, { ...deps, now: at }),
        "INVALID_STATE",
        "payLinkClosed",
      );
    // Still open a moment before: the clock decides, not a job.
    await expect(loadPaymentElement(db, late.attempt.token, deps)).resolves.toHaveProperty(
      "clientSecret",
    );
  });

  it("says the card form is unavailable when Stripe cannot be asked", async () => {
    const { attempt } = await cardRequest();
    const offline = (() => Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    await expectDomainError(
      loadPaymentElement(db, attempt.token, { ...deps, fetch: offline }),
      "UNAVAILABLE",
      "cardFormUnavailable",
    );
  });
});

describe(`a card payment is paid by Stripe's word only (${engine})`, () => {
  it("the browser's success asks Stripe and pays nothing; the signed payment_intent.succeeded pays once, however often delivered", async () => {
    const { order, attempt } = await cardRequest();
    // The browser said "succeeded": the page asks the server, which asks Stripe — not paid yet.
    expect(await checkAttemptNow(db, deps, activeQueryActor, { token: attempt.token })).toBe(
      "waiting",
    );
    expect((await orderState(db, order.id)).order.status).toBe("pending");

    fake.markPaid(attempt.token);
    const delivery = fake.stripeNotification(attempt);
    for (let i = 0; i < 3; i++) {
      const res = await postNotification(db, stripeId, delivery, "stripe");
      expect(res.status).toBe(200);
    }
    const state = await orderState(db, order.id);
    expect(state.order.status).toBe("paid");
    expect(state.attempts.map((a) => a.status)).toEqual(["succeeded"]);
    expect(state.notifications.map((n) => n.outcome)).toEqual(["applied"]);
    expect(await db.select().from(vouchers).where(eq(vouchers.orderId, order.id))).toHaveLength(1);
  });
});

describe(`the Stripe method's publishable key (${engine})`, () => {
  const save = (id: string, publishableKey: string) =>
    setProviderCredentials(
      db,
      seed.manager,
      seed.merchant.id,
      providerCredentialsInput.parse({
        id,
        kind: "stripe",
        publishableKey,
        secretKey: "sk_test_abc123",
        webhookSecret: "whsec_abc123",
      }),
      testEncryptionKey,
    );
  const stripeMethod = (mode: "sandbox" | "live") =>
    createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({ kind: "stripe", label: `Stripe ${mode}`, mode, currencies: ["USD"] }),
      testEncryptionKey,
      { appUrlSet: true },
    );

  it("is pk_test_… or pk_live_…, and nothing else", () => {
    for (const bad of ["", "sk_test_abc", "pk_abc", "pk_test_", "pk_test_a b", "rk_live_abc"]) {
      const parsed = providerCredentialsInput.safeParse({
        id: crypto.randomUUID(),
        kind: "stripe",
        publishableKey: bad,
      });
      expect(parsed.success, bad).toBe(false);
    }
  });

  it("must match the method's mode: pk_test_ for test mode, pk_live_ for live", async () => {
    const test = await stripeMethod("sandbox");
    const live = await stripeMethod("live");
    await expectDomainError(save(test.id, "pk_live_abc123"), "VALIDATION", "publishableKeyMode");
    await expectDomainError(save(live.id, "pk_test_abc123"), "VALIDATION", "publishableKeyMode");
    await save(test.id, "pk_test_abc123");
    await save(live.id, "pk_live_abc123");
  });
});

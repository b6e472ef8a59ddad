import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  demoShops,
  outbox,
  paymentAttempts,
  paymentFailures,
  paymentMethods,
  practiceShops,
} from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { FakeProviders, rsaPair, type ProviderKind } from "@/test/fake-providers";
import { selfSignedCertificate } from "@/test/fake-providers/shared";
import { contextFor, testEncryptionKey } from "@/test/fixtures";
import {
  methodInput,
  payableOrder,
  postNotification,
  seedPayments,
  testProviders,
  type PaymentsSeed,
} from "@/test/payments";
import { providerCredentialsInput } from "@/server/connectors/credentials.schema";
import { createCaller } from "@/server/trpc/root";
import { loadPayView } from "./pay-view.service";
import { createAttempt } from "./payment-request.service";
import {
  checkMethodConnection,
  sendSandboxTestNotification,
  type PostToWebhook,
} from "./connection-check.service";
import { createOrderInput } from "./order.schema";
import { createOrder } from "./order.service";
import {
  createPaymentMethod,
  listPaymentMethods,
  updatePaymentMethod,
} from "./payment-method.service";
import { setProviderCredentials } from "./provider-credentials.service";

const { db } = setupTestDatabase();
const fake = new FakeProviders();

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

/** The error a call fails with; fails the test when the call succeeds. */
async function failure(call: Promise<unknown>) {
  const error = await call.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${String(value)}`);
    },
    (e: unknown) => e,
  );
  return error as { code?: string; messageKey?: string; cause?: { messageKey?: string } };
}
const keyOf = (e: { messageKey?: string; cause?: { messageKey?: string } }) =>
  e.messageKey ?? e.cause?.messageKey;

function order(seed: PaymentsSeed, customerContact?: string) {
  return createOrder(
    db,
    seed.staff,
    seed.merchant.id,
    createOrderInput.parse({
      storeId: seed.store.id,
      currency: "CNY",
      amountMinor: 1800n,
      ...(customerContact ? { customerContact } : {}),
    }),
  );
}

const methodOf = async (seed: PaymentsSeed, id: string) =>
  (await listPaymentMethods(db, seed.merchant.id)).methods.find((m) => m.id === id)!;

describe(`the sandbox wallet outside demo and practice shops (${engine})`, () => {
  let real: PaymentsSeed;
  let alipayId: string;
  beforeAll(async () => {
    real = await seedPayments(db, "Real", { realShop: true });
    alipayId = (await fake.method(db, real, "alipay")).id;
  });

  it("is not offered at the counter, and says why", async () => {
    const sandbox = await methodOf(real, real.sandbox.id);
    expect(sandbox).toMatchObject({ enabled: true, offered: false, setup: "sandbox_not_allowed" });
    expect((await methodOf(real, real.cash.id)).offered).toBe(true);
    expect((await methodOf(real, alipayId)).offered).toBe(true);
  });

  it("the methods list tells the add form whether the sandbox wallet may be added here", async () => {
    const owner = (seed: PaymentsSeed) => createCaller(contextFor(db, seed.people.owner));
    expect((await owner(real).paymentMethods.list()).sandboxAllowed).toBe(false);
    const demo = await seedPayments(db, "Demo list");
    const listed = await owner(demo).paymentMethods.list();
    expect(listed.sandboxAllowed).toBe(true);
    expect(listed.methods.map((m) => m.id)).toEqual([demo.sandbox.id, demo.cash.id]);
  });

  it("cannot be requested at the counter", async () => {
    const o = await order(real);
    const err = await failure(
      createAttempt(
        db,
        real.staff,
        real.merchant.id,
        { orderId: o.id, methodId: real.sandbox.id },
        testProviders,
      ),
    );
    expect(keyOf(err)).toBe("sandboxNotHere");
  });

  it("is not among the pay page's alternatives, and pay.retry with its id is refused", async () => {
    const o = await order(real);
    const attempt = await createAttempt(
      db,
      real.staff,
      real.merchant.id,
      { orderId: o.id, methodId: alipayId },
      testProviders,
    );
    const { view } = await loadPayView(db, attempt.token);
    expect(view.alternatives.map((m) => m.id)).toEqual([alipayId]);

    const anonymous = createCaller(contextFor(db, null));
    const err = await failure(
      anonymous.pay.retry({ token: attempt.token, methodId: real.sandbox.id }),
    );
    expect(err).toBeInstanceOf(TRPCError);
    expect(keyOf(err)).toBe("sandboxNotHere");
    const attempts = await db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.orderId, o.id));
    expect(attempts.map((a) => a.methodId)).toEqual([alipayId]);
  });

  it("pays nothing through pay.sandboxConfirm, even for a request made while it was allowed", async () => {
    const shop = await seedPayments(db, "Was demo");
    const { order: o, attempt } = await payableOrder(db, shop);
    await db.delete(demoShops).where(eq(demoShops.merchantId, shop.merchant.id));
    const anonymous = createCaller(contextFor(db, null));
    const err = await failure(
      anonymous.pay.sandboxConfirm({ token: attempt.token, pin: "123456", outcome: "pay" }),
    );
    expect((err as TRPCError).code).toBe("NOT_FOUND");
    await failure(anonymous.pay.sandboxCheckout({ token: attempt.token }));
    const [after] = await db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.orderId, o.id));
    expect(after!.status).toBe("created");
  });

  it("can never be live, in the form or through the API", async () => {
    const err = await failure(
      createPaymentMethod(
        db,
        real.manager,
        real.merchant.id,
        methodInput({ mode: "live" }),
        testEncryptionKey,
        { appUrlSet: true },
      ),
    );
    expect(keyOf(err)).toBe("sandboxNeverLive");
    const owner = createCaller(contextFor(db, real.people.owner));
    const update = await failure(
      owner.paymentMethods.update({
        ...methodInput({ mode: "live" }),
        id: real.sandbox.id,
      } as never),
    );
    expect(keyOf(update)).toBe("sandboxNeverLive");
  });

  it("cannot be added, nor switched on or edited while on, in a real shop; switching it off is allowed", async () => {
    const owner = createCaller(contextFor(db, real.people.owner));
    const added = await failure(owner.paymentMethods.create(methodInput({ label: "Another" })));
    expect(added).toBeInstanceOf(TRPCError);
    expect((added as TRPCError).code).toBe("BAD_REQUEST");
    expect(keyOf(added)).toBe("sandboxOnlyInPractice");
    const edited = await failure(
      owner.paymentMethods.update({ ...methodInput({ label: "Renamed" }), id: real.sandbox.id }),
    );
    expect(keyOf(edited)).toBe("sandboxOnlyInPractice");
    const sandboxRows = await db
      .select({ label: paymentMethods.label })
      .from(paymentMethods)
      .where(
        and(eq(paymentMethods.merchantId, real.merchant.id), eq(paymentMethods.kind, "sandbox")),
      );
    expect(sandboxRows).toEqual([{ label: "Sandbox wallet" }]);

    const off = await updatePaymentMethod(db, real.manager, real.merchant.id, {
      ...methodInput({ enabled: false }),
      id: real.sandbox.id,
    });
    expect(off.enabled).toBe(false);
    const on = await failure(
      updatePaymentMethod(db, real.manager, real.merchant.id, {
        ...methodInput(),
        id: real.sandbox.id,
      }),
    );
    expect(keyOf(on)).toBe("sandboxOnlyInPractice");
    // With SANDBOX=1 the operator allows it everywhere (the banner says so).
    await updatePaymentMethod(
      db,
      real.manager,
      real.merchant.id,
      { ...methodInput(), id: real.sandbox.id },
      { sandboxEverywhere: true },
    );
    const everywhere = await createPaymentMethod(
      db,
      real.manager,
      real.merchant.id,
      methodInput({ label: "Operator's" }),
      testEncryptionKey,
      { sandboxEverywhere: true },
    );
    expect(everywhere.kind).toBe("sandbox");
    await db.delete(paymentMethods).where(eq(paymentMethods.id, everywhere.id));
  });

  it("works in a practice shop", async () => {
    const parent = await seedPayments(db, "Parent", { realShop: true });
    const practice = await seedPayments(db, "Practice", { realShop: true });
    await db
      .insert(practiceShops)
      .values({ merchantId: practice.merchant.id, parentMerchantId: parent.merchant.id });
    expect((await methodOf(practice, practice.sandbox.id)).offered).toBe(true);
    expect((await methodOf(parent, parent.sandbox.id)).offered).toBe(false);
  });

  it("is hidden beside a real provider that is ready, even in a demo shop", async () => {
    const demo = await seedPayments(db, "Demo mixed");
    expect((await methodOf(demo, demo.sandbox.id)).offered).toBe(true);
    const alipay = await fake.method(db, demo, "alipay");
    expect(await methodOf(demo, demo.sandbox.id)).toMatchObject({
      offered: false,
      hiddenBesideReal: true,
    });
    const o = await order(demo);
    const err = await failure(
      createAttempt(
        db,
        demo.staff,
        demo.merchant.id,
        { orderId: o.id, methodId: demo.sandbox.id },
        testProviders,
      ),
    );
    expect(keyOf(err)).toBe("sandboxNotHere");
    expect((await methodOf(demo, alipay.id)).offered).toBe(true);
  });
});

describe(`the sandbox wallet's PIN (${engine})`, () => {
  it("refuses a wrong PIN with a clear error and takes the right one", async () => {
    const shop = await seedPayments(db, "Pin");
    const { attempt } = await payableOrder(db, shop);
    const anonymous = createCaller(contextFor(db, null));
    const err = await failure(
      anonymous.pay.sandboxConfirm({ token: attempt.token, pin: "000000", outcome: "pay" }),
    );
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    expect(keyOf(err)).toBe("wrongPin");
    expect(
      await anonymous.pay.sandboxConfirm({ token: attempt.token, pin: "123456", outcome: "pay" }),
    ).toEqual({ outcome: "pay" });
  });
});

describe(`a method is offered only when connected and checked (${engine})`, () => {
  let shop: PaymentsSeed;
  beforeAll(async () => {
    shop = await seedPayments(db, "Connect", { realShop: true });
  });

  it("a new Alipay method goes from not connected to not checked to ready", async () => {
    const created = await createPaymentMethod(
      db,
      shop.manager,
      shop.merchant.id,
      methodInput({ kind: "alipay", label: "Alipay" }),
      testEncryptionKey,
    );
    expect(await methodOf(shop, created.id)).toMatchObject({
      enabled: true,
      offered: false,
      setup: "not_connected",
    });
    const o = await order(shop);
    const refused = await failure(
      createAttempt(
        db,
        shop.staff,
        shop.merchant.id,
        { orderId: o.id, methodId: created.id },
        testProviders,
      ),
    );
    expect(keyOf(refused)).toBe("methodNotReady");
    expect(
      keyOf(
        await failure(
          checkMethodConnection(db, shop.manager, shop.merchant.id, created.id, {
            key: testEncryptionKey,
          }),
        ),
      ),
    ).toBe("connectFirst");

    await setProviderCredentials(
      db,
      shop.manager,
      shop.merchant.id,
      providerCredentialsInput.parse({
        id: created.id,
        kind: "alipay",
        appId: fake.alipay.appId,
        product: "precreate",
        privateKeyPem: fake.alipay.app.privateKeyPem,
        alipayPublicKeyPem: fake.alipay.platform.publicKeyPem,
      }),
      testEncryptionKey,
    );
    await db
      .update(paymentMethods)
      .set({
        config: {
          ...(await methodOf(shop, created.id)).provider!.config,
          secretsSet: ["alipayPublicKeyPem", "privateKeyPem"],
          apiBaseUrl: `${fake.baseUrl}/alipay/gateway.do`,
        },
      })
      .where(eq(paymentMethods.id, created.id));
    expect((await methodOf(shop, created.id)).setup).toBe("not_checked");
    expect(
      keyOf(
        await failure(
          createAttempt(
            db,
            shop.staff,
            shop.merchant.id,
            { orderId: o.id, methodId: created.id },
            testProviders,
          ),
        ),
      ),
    ).toBe("methodNotReady");

    const check = await checkMethodConnection(db, shop.manager, shop.merchant.id, created.id, {
      key: testEncryptionKey,
    });
    expect(check).toMatchObject({ ok: true, error: null });
    expect(await methodOf(shop, created.id)).toMatchObject({
      setup: "ready",
      offered: true,
      connectionOk: true,
    });
    expect((await methodOf(shop, created.id)).connectionCheckedAt).toBeInstanceOf(Date);
    const attempt = await createAttempt(
      db,
      shop.staff,
      shop.merchant.id,
      { orderId: o.id, methodId: created.id },
      testProviders,
    );
    expect(attempt.qrContent).toMatch(/^https:\/\/qr\.alipay\.com\//);
  });

  it("new keys must be checked again before the method is offered", async () => {
    const m = await fake.method(db, shop, "stripe", "CNY");
    expect((await methodOf(shop, m.id)).offered).toBe(true);
    await setProviderCredentials(
      db,
      shop.manager,
      shop.merchant.id,
      providerCredentialsInput.parse({
        id: m.id,
        kind: "stripe",
        publishableKey: fake.stripe.publishableKey,
        secretKey: fake.stripe.secretKey,
      }),
      testEncryptionKey,
    );
    expect(await methodOf(shop, m.id)).toMatchObject({ setup: "not_checked", offered: false });
  });

  it("only owners and managers check a connection, and only their own methods", async () => {
    const staff = createCaller(contextFor(db, shop.people.staff));
    const err = await failure(staff.paymentMethods.checkConnection({ id: shop.cash.id }));
    expect((err as TRPCError).code).toBe("FORBIDDEN");
    const other = await seedPayments(db, "Other");
    const owner = createCaller(contextFor(db, other.people.owner));
    const cross = await failure(owner.paymentMethods.checkConnection({ id: shop.sandbox.id }));
    expect((cross as TRPCError).code).toBe("NOT_FOUND");
  });
});

describe(`check connection against each provider (${engine})`, () => {
  let shop: PaymentsSeed;
  beforeAll(async () => {
    shop = await seedPayments(db, "Check", { realShop: true });
  });

  const wrongKeys: Record<ProviderKind, () => Record<string, string>> = {
    alipay: () => ({
      appId: fake.alipay.appId,
      product: "precreate",
      privateKeyPem: rsaPair().privateKeyPem,
    }),
    wechat_pay: () => ({
      appId: fake.wechat.appId,
      mchId: fake.wechat.mchId,
      merchantSerialNo: fake.wechat.merchantSerialNo,
      privateKeyPem: rsaPair().privateKeyPem,
    }),
    paypal: () => ({
      clientId: fake.paypal.clientId,
      webhookId: fake.paypal.webhookId,
      clientSecret: "EFwrong-client-secret",
    }),
    stripe: () => ({
      publishableKey: fake.stripe.publishableKey,
      secretKey: "sk_test_notthekeyatall",
    }),
  };

  it.each(["alipay", "wechat_pay", "paypal", "stripe"] as const)(
    "%s: the saved keys pass; other keys fail, with the provider's word, recorded on the method",
    async (kind) => {
      const m = await fake.method(db, shop, kind);
      const good = await checkMethodConnection(db, shop.manager, shop.merchant.id, m.id, {
        key: testEncryptionKey,
      });
      expect(good.ok).toBe(true);

      await setProviderCredentials(
        db,
        shop.manager,
        shop.merchant.id,
        providerCredentialsInput.parse({ id: m.id, kind, ...wrongKeys[kind]() }),
        testEncryptionKey,
      );
      const refusedBefore = fake.refusedCalls.length;
      const bad = await checkMethodConnection(db, shop.manager, shop.merchant.id, m.id, {
        key: testEncryptionKey,
      });
      expect(bad.ok).toBe(false);
      expect(bad.unreachable).toBe(false);
      expect(bad.error).toMatch(/\S+: /);
      expect(fake.refusedCalls.length).toBeGreaterThan(refusedBefore);
      expect(await methodOf(shop, m.id)).toMatchObject({
        connectionOk: false,
        setup: "check_failed",
        offered: false,
      });
      expect((await methodOf(shop, m.id)).connectionError).toBe(bad.error);
    },
  );

  it("alipay: an Alipay public key that is not Alipay's fails (its answer does not verify)", async () => {
    const m = await fake.method(db, shop, "alipay");
    await setProviderCredentials(
      db,
      shop.manager,
      shop.merchant.id,
      providerCredentialsInput.parse({
        id: m.id,
        kind: "alipay",
        appId: fake.alipay.appId,
        product: "precreate",
        alipayPublicKeyPem: rsaPair().publicKeyPem,
      }),
      testEncryptionKey,
    );
    const bad = await checkMethodConnection(db, shop.manager, shop.merchant.id, m.id, {
      key: testEncryptionKey,
    });
    expect(bad).toMatchObject({ ok: false });
    expect(bad.error).toMatch(/^BAD_SIGNATURE/);
  });

  it("wechat_pay: a platform key that is not WeChat Pay's fails", async () => {
    const m = await fake.method(db, shop, "wechat_pay");
    const [row] = await db
      .select({ config: paymentMethods.config })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, m.id));
    await setProviderCredentials(
      db,
      shop.manager,
      shop.merchant.id,
      providerCredentialsInput.parse({
        id: m.id,
        kind: "wechat_pay",
        appId: fake.wechat.appId,
        mchId: fake.wechat.mchId,
        merchantSerialNo: fake.wechat.merchantSerialNo,
        // A certificate of the platform's serial but of another key.
        platformCertificatesPem: selfSignedCertificate(
          rsaPair(),
          "Tenpay.com Root CA test",
          fake.wechat.platformSerial,
        ),
      }),
      testEncryptionKey,
    );
    expect(row).toBeTruthy();
    const bad = await checkMethodConnection(db, shop.manager, shop.merchant.id, m.id, {
      key: testEncryptionKey,
    });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/^BAD_SIGNATURE/);
  });

  it("a provider that cannot be reached fails the check, saying so", async () => {
    const m = await fake.method(db, shop, "stripe");
    const [row] = await db
      .select({ config: paymentMethods.config })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, m.id));
    await db
      .update(paymentMethods)
      .set({ config: { ...row!.config, apiBaseUrl: "http://127.0.0.1:9/stripe" } })
      .where(eq(paymentMethods.id, m.id));
    const bad = await checkMethodConnection(db, shop.manager, shop.merchant.id, m.id, {
      key: testEncryptionKey,
    });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/^NETWORK: /);
    // Not a refusal of the keys: the page says the provider could not be reached, not "correct the keys".
    expect(bad.unreachable).toBe(true);
    const listed = (await listPaymentMethods(db, shop.merchant.id)).methods.find(
      (x) => x.id === m.id,
    );
    expect(listed).toMatchObject({ setup: "check_failed", connectionUnreachable: true });
  });

  it("shows the notify URL's problems: no APP_URL, not https, not public", async () => {
    const m = await fake.method(db, shop, "alipay");
    const view = await methodOf(shop, m.id);
    expect(view.provider!.notifyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/webhooks\/alipay\//);
    expect(view.provider!.addressIssues).toEqual(["noAppUrl", "notHttps", "notPublic"]);
  });
});

describe(`a live provider needs the public address (${engine})`, () => {
  it("switching on a live method without APP_URL is refused, saying how to set it", async () => {
    const shop = await seedPayments(db, "Live", { realShop: true });
    const m = await fake.method(db, shop, "alipay");
    const input = { ...methodInput({ kind: "alipay", label: "Alipay", mode: "live" }), id: m.id };
    const err = await failure(updatePaymentMethod(db, shop.manager, shop.merchant.id, input));
    expect(keyOf(err)).toBe("appUrlRequired");
    expect((err as Error).message).toMatch(/APP_URL=https:\/\//);
    const created = await failure(
      createPaymentMethod(
        db,
        shop.manager,
        shop.merchant.id,
        methodInput({ kind: "wechat_pay", label: "WeChat", mode: "live" }),
        testEncryptionKey,
      ),
    );
    expect(keyOf(created)).toBe("appUrlRequired");
    // Switched off, it may be prepared; with APP_URL set, it may go live (and is checked again).
    await updatePaymentMethod(db, shop.manager, shop.merchant.id, { ...input, enabled: false });
    const live = await updatePaymentMethod(db, shop.manager, shop.merchant.id, input, {
      appUrlSet: true,
    });
    expect(live.mode).toBe("live");
    expect((await methodOf(shop, m.id)).setup).toBe("not_checked");
  });
});

describe(`a merchant-side configuration error (${engine})`, () => {
  it("is its own reason, takes the method off the counter, and e-mails nobody", async () => {
    const shop = await seedPayments(db, "Misconfigured", { realShop: true });
    const m = await fake.method(db, shop, "alipay");
    // The app id changed at Alipay after the check: Alipay now refuses our signature.
    const [row] = await db
      .select({ config: paymentMethods.config })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, m.id));
    await db
      .update(paymentMethods)
      .set({ config: { ...row!.config, appId: "2021999999999999" } })
      .where(eq(paymentMethods.id, m.id));
    const o = await order(shop, "customer@example.com");
    const attempt = await createAttempt(
      db,
      shop.staff,
      shop.merchant.id,
      { orderId: o.id, methodId: m.id },
      testProviders,
    );
    expect(attempt.status).toBe("failed");
    expect(attempt.failureReason).toBe("merchant_config");
    const [logged] = await db
      .select()
      .from(paymentFailures)
      .where(eq(paymentFailures.attemptId, attempt.id));
    expect(logged!.reason).toBe("merchant_config");
    const mails = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.merchantId, shop.merchant.id)));
    expect(mails.filter((x) => JSON.stringify(x.payload).includes(attempt.id))).toEqual([]);
    expect(await methodOf(shop, m.id)).toMatchObject({ connectionOk: false, offered: false });
  });

  it("a provider's own refusal still e-mails the customer (the control)", async () => {
    const shop = await seedPayments(db, "Refused", { realShop: true });
    const m = await fake.method(db, shop, "alipay");
    const o = await order(shop, "customer@example.com");
    fake.refuseNext = { code: "ACQ.SYSTEM_ERROR", message: "系统错误" };
    const attempt = await createAttempt(
      db,
      shop.staff,
      shop.merchant.id,
      { orderId: o.id, methodId: m.id },
      testProviders,
    );
    expect(attempt.failureReason).toBe("provider_error");
    const mails = await db.select().from(outbox).where(eq(outbox.merchantId, shop.merchant.id));
    expect(mails.some((x) => JSON.stringify(x.payload).includes(attempt.id))).toBe(true);
  });
});

describe(`send a test notification (sandbox) (${engine})`, () => {
  /** Posts through the webhook route's own function, as the HTTP route would. */
  const throughWebhook: PostToWebhook = (d) =>
    postNotification(db, d.methodId, { rawBody: d.body, headers: d.headers });

  it("goes through verification and is recorded; the answer is shown", async () => {
    const shop = await seedPayments(db, "Test note");
    const result = await sendSandboxTestNotification(
      db,
      shop.merchant.id,
      shop.sandbox.id,
      testEncryptionKey,
      throughWebhook,
    );
    expect(result).toMatchObject({ httpStatus: 200, verified: true, recorded: "ignored" });
  });

  it("a notification altered on the way is refused and says so", async () => {
    const shop = await seedPayments(db, "Test tamper");
    const result = await sendSandboxTestNotification(
      db,
      shop.merchant.id,
      shop.sandbox.id,
      testEncryptionKey,
      (d) => throughWebhook({ ...d, body: d.body.replace("test", "tEst") }),
    );
    expect(result).toMatchObject({ httpStatus: 401, verified: false, recorded: null });
  });

  it("is only for the merchant's own sandbox method", async () => {
    const shop = await seedPayments(db, "Test own");
    const other = await seedPayments(db, "Test other");
    const err = await failure(
      sendSandboxTestNotification(
        db,
        shop.merchant.id,
        other.sandbox.id,
        testEncryptionKey,
        throughWebhook,
      ),
    );
    expect(keyOf(err)).toBe("methodNotFound");
    expect(
      keyOf(
        await failure(
          sendSandboxTestNotification(
            db,
            shop.merchant.id,
            shop.cash.id,
            testEncryptionKey,
            throughWebhook,
          ),
        ),
      ),
    ).toBe("notSandbox");
  });
});

describe(`connector polish (${engine})`, () => {
  it("a Stripe webhook signing secret with _ after whsec_ is accepted", async () => {
    const shop = await seedPayments(db, "Whsec", { realShop: true });
    const m = await createPaymentMethod(
      db,
      shop.manager,
      shop.merchant.id,
      methodInput({ kind: "stripe", label: "Stripe", currencies: ["USD"] }),
      testEncryptionKey,
    );
    await setProviderCredentials(
      db,
      shop.manager,
      shop.merchant.id,
      providerCredentialsInput.parse({
        id: m.id,
        kind: "stripe",
        publishableKey: "pk_test_abc123",
        secretKey: "sk_test_abc123",
        webhookSecret: "whsec_live_A1b2_C3d4-e5",
      }),
      testEncryptionKey,
    );
    expect((await methodOf(shop, m.id)).provider!.secretsSet.webhookSecret).toBe(true);
    await expect(
      setProviderCredentials(
        db,
        shop.manager,
        shop.merchant.id,
        providerCredentialsInput.parse({
          id: m.id,
          kind: "stripe",
          publishableKey: "pk_test_abc123",
          webhookSecret: "abc_def",
        }),
        testEncryptionKey,
      ),
    ).rejects.toMatchObject({ messageKey: "invalidWebhookSecret" });
  });

  it.each([
    ["without sign_type (the documented form)", false],
    ["with sign_type signed too (gateway notifications)", true],
  ])("an Alipay notification signed %s is accepted", async (_, signSignType) => {
    const shop = await seedPayments(db, "Alipay sign", { realShop: true });
    const m = await fake.method(db, shop, "alipay");
    const o = await order(shop);
    const attempt = await createAttempt(
      db,
      shop.staff,
      shop.merchant.id,
      { orderId: o.id, methodId: m.id },
      testProviders,
    );
    fake.markPaid(attempt.token);
    const res = await postNotification(
      db,
      m.id,
      fake.alipayNotification(attempt, { signSignType }),
      "alipay",
    );
    expect(await res.text()).toBe("success");
    const [after] = await db
      .select({ status: paymentAttempts.status })
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, attempt.id));
    expect(after!.status).toBe("succeeded");
  });

  it("an Alipay notification signed by another key is refused either way", async () => {
    const shop = await seedPayments(db, "Alipay forged", { realShop: true });
    const m = await fake.method(db, shop, "alipay");
    const o = await order(shop);
    const attempt = await createAttempt(
      db,
      shop.staff,
      shop.merchant.id,
      { orderId: o.id, methodId: m.id },
      testProviders,
    );
    const other = rsaPair().privateKeyPem;
    for (const signSignType of [false, true]) {
      const res = await postNotification(
        db,
        m.id,
        fake.alipayNotification(attempt, { signSignType, signWith: other }),
        "alipay",
      );
      expect(await res.text()).toBe("fail");
    }
  });
});

describe(`the currencies a provider takes (${engine})`, () => {
  it("Alipay and WeChat Pay take yuan only: another currency is refused when saved, and a method saved with one before takes no order in it", async () => {
    const shop = await seedPayments(db, "Yuan", { realShop: true });
    for (const kind of ["alipay", "wechat_pay"] as const) {
      const created = await failure(
        createPaymentMethod(
          db,
          shop.manager,
          shop.merchant.id,
          methodInput({ kind, label: kind, currencies: ["CNY", "USD"] }),
          testEncryptionKey,
        ),
      );
      expect(keyOf(created)).toBe("providerCurrencyOnly");
    }
    const m = await fake.method(db, shop, "alipay");
    const owner = createCaller(contextFor(db, shop.people.owner));
    const updated = await failure(
      owner.paymentMethods.update({
        ...methodInput({ kind: "alipay", label: "Alipay", currencies: ["HKD"] }),
        id: m.id,
      } as never),
    );
    expect(keyOf(updated)).toBe("providerCurrencyOnly");
    expect((await methodOf(shop, m.id)).currencies).toEqual(["CNY"]);

    // As an earlier version let a method be saved: an order in dollars would have been asked
    // of the customer as that many yuan.
    await db
      .update(paymentMethods)
      .set({ currencies: ["CNY", "USD"] })
      .where(eq(paymentMethods.id, m.id));
    const dollars = await createOrder(
      db,
      shop.staff,
      shop.merchant.id,
      createOrderInput.parse({ storeId: shop.store.id, currency: "USD", amountMinor: 1800n }),
    );
    const refused = await failure(
      createAttempt(
        db,
        shop.staff,
        shop.merchant.id,
        { orderId: dollars.id, methodId: m.id },
        testProviders,
      ),
    );
    expect(keyOf(refused)).toBe("currencyNotAccepted");
    // Yuan still works.
    const yuan = await order(shop);
    await createAttempt(
      db,
      shop.staff,
      shop.merchant.id,
      { orderId: yuan.id, methodId: m.id },
      testProviders,
    );
  });
});

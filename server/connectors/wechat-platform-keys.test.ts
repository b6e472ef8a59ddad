import { X509Certificate } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, paymentMethods } from "@/db/schema";
import { setupTestDatabase } from "@/test/db";
import { FakeProviders, rsaPair } from "@/test/fake-providers";
import { selfSignedCertificate } from "@/test/fake-providers/shared";
import { contextFor, testEncryptionKey } from "@/test/fixtures";
import {
  orderState,
  postNotification,
  requestOn,
  seedPayments,
  type PaymentsSeed,
} from "@/test/payments";
import { providerCredentialsInput } from "@/server/connectors/credentials.schema";
import { certificateSerial } from "@/server/connectors/keys.logic";
import { checkMethodConnection } from "@/server/payments/connection-check.service";
import { setProviderCredentials } from "@/server/payments/provider-credentials.service";
import { sealSecret } from "@/server/crypto/secret-box";
import { listPaymentMethods } from "@/server/payments/payment-method.service";
import { createCaller } from "@/server/trpc/root";

const { db } = setupTestDatabase();
const fake = new FakeProviders();
const w = fake.wechat;
let seed: PaymentsSeed;

beforeAll(async () => {
  seed = await seedPayments(db, "WeChat keys");
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

// The certificate WeChat Pay renews the fake's with: both are valid for a while.
const renewed = rsaPair();
const renewedSerial = "6A2B0E7C1D3F4A5B6C7D8E9F00112233";
const renewedCertificate = selfSignedCertificate(renewed, "Tenpay.com Root CA test", renewedSerial);
const byPublicKey = { signWith: w.publicKey.privateKeyPem, serial: w.publicKeyId };

/**
 * A WeChat Pay method as saved before certificates had a field of their own: the sealed
 * JSON holds the certificate in the public key's field.
 */
async function legacyMethod() {
  const { id } = await fake.method(db, seed, "wechat_pay");
  const [row] = await db.select().from(paymentMethods).where(eq(paymentMethods.id, id));
  const { privateKeyPem, apiV3Key } = w.credentials();
  const secrets = { privateKeyPem, platformPublicKeyPem: w.certificatePem, apiV3Key };
  await db
    .update(paymentMethods)
    .set({
      config: { ...row!.config, secretsSet: Object.keys(secrets).sort() },
      credentialsSealed: sealSecret(
        JSON.stringify(secrets),
        testEncryptionKey,
        `payment_method:${id}`,
      ),
    })
    .where(eq(paymentMethods.id, id));
  return id;
}

/** Saves WeChat Pay keys on a method the way the connection form does (blank keys kept). */
async function save(methodId: string, keys: Record<string, string>) {
  await setProviderCredentials(
    db,
    seed.manager,
    seed.merchant.id,
    providerCredentialsInput.parse({
      id: methodId,
      kind: "wechat_pay",
      appId: w.appId,
      mchId: w.mchId,
      merchantSerialNo: w.merchantSerialNo,
      ...keys,
    }),
    testEncryptionKey,
  );
  // New keys must pass a connection check before the method takes payments again.
  return checkMethodConnection(db, seed.manager, seed.merchant.id, methodId, {
    key: testEncryptionKey,
  });
}

/** Posts a payment notification signed as `o` says; its answer and the inbox row it left. */
async function notify(methodId: string, o: { signWith?: string; serial?: string } = {}) {
  const { order, attempt } = await requestOn(db, seed, methodId, "CNY");
  const res = await postNotification(db, methodId, w.notification(attempt, o), "wechat_pay");
  const rows = await db.select().from(notifications).where(eq(notifications.methodId, methodId));
  const inbox = rows.sort((a, b) => +b.receivedAt - +a.receivedAt)[0]!;
  return { status: res.status, inbox, paid: (await orderState(db, order.id)).order.status };
}

describe("WeChat Pay platform keys", () => {
  it("credentials saved with one certificate in the public key's field still verify", async () => {
    const id = await legacyMethod();
    expect(await notify(id)).toMatchObject({ status: 204, paid: "paid" });
  });

  it("during the switch to the public key, notifications signed with either verify; an unknown serial is refused, saying so", async () => {
    const id = await legacyMethod();
    // The owner adds the public key: the certificate saved before stays.
    await save(id, {
      platformPublicKeyPem: w.publicKey.publicKeyPem,
      platformSerial: w.publicKeyId,
    });
    expect(await notify(id, byPublicKey)).toMatchObject({ status: 204, paid: "paid" });
    expect(await notify(id)).toMatchObject({ status: 204, paid: "paid" });
    const unknown = await notify(id, { ...byPublicKey, serial: "PUB_KEY_ID_0119000000099999" });
    expect(unknown).toMatchObject({ status: 400, paid: "pending" });
    expect(unknown.inbox.detail).toBe("signature unknown_serial");
    // A known serial with another key's signature is still a bad signature.
    const forged = await notify(id, { signWith: renewed.privateKeyPem, serial: w.publicKeyId });
    expect(forged).toMatchObject({ status: 400, paid: "pending" });
    expect(forged.inbox.detail).toBe("signature bad_signature");
  });

  it("around a certificate renewal, notifications signed with the old and the new certificate verify", async () => {
    const id = await legacyMethod();
    await save(id, { platformCertificatesPem: `${w.certificatePem}\n${renewedCertificate}` });
    expect(await notify(id)).toMatchObject({ status: 204, paid: "paid" });
    const renewedSigned = { signWith: renewed.privateKeyPem, serial: renewedSerial };
    expect(await notify(id, renewedSigned)).toMatchObject({ status: 204, paid: "paid" });
  });

  it("answers to our calls are asked for and verified with the public key when one is held", async () => {
    const id = await legacyMethod();
    // Only the public key and the renewed certificate: the fake's old certificate is gone.
    const check = await save(id, {
      platformPublicKeyPem: w.publicKey.publicKeyPem,
      platformSerial: w.publicKeyId,
      platformCertificatesPem: renewedCertificate,
    });
    expect(check).toMatchObject({ ok: true });
    expect(await notify(id)).toMatchObject({ status: 400, paid: "pending" });
  });
});

describe("WeChat Pay keys held, and removing one", () => {
  const owner = () => createCaller(contextFor(db, seed.people.owner));

  it("lists the public key ID and each certificate's serial and expiry, never a key", async () => {
    const { id } = await fake.method(db, seed, "wechat_pay");
    await save(id, {
      platformPublicKeyPem: w.publicKey.publicKeyPem,
      platformSerial: w.publicKeyId,
      platformCertificatesPem: `${w.certificatePem}\n${renewedCertificate}`,
    });
    const held = await owner().paymentMethods.wechatKeys({ id });
    expect(held).toEqual({
      publicKeyId: w.publicKeyId,
      certificates: [
        { serial: certificateSerial(w.certificatePem), expiresAt: expect.any(Date) },
        { serial: renewedSerial, expiresAt: expect.any(Date) },
      ],
    });
    expect(held.certificates[1]!.expiresAt?.getTime()).toBe(
      new Date(new X509Certificate(renewedCertificate).validTo).getTime(),
    );
  });

  it("removes the public key or one certificate, keeps the rest, and refuses removing the last", async () => {
    const { id } = await fake.method(db, seed, "wechat_pay");
    await save(id, {
      platformPublicKeyPem: w.publicKey.publicKeyPem,
      platformSerial: w.publicKeyId,
      platformCertificatesPem: renewedCertificate,
    });
    await owner().paymentMethods.removeWechatKey({ id, serial: w.publicKeyId });
    expect(await owner().paymentMethods.wechatKeys({ id })).toEqual({
      publicKeyId: null,
      certificates: [{ serial: renewedSerial, expiresAt: expect.any(Date) }],
    });
    const [row] = await db.select().from(paymentMethods).where(eq(paymentMethods.id, id));
    expect(row!.config).toMatchObject({
      platformSerial: "",
      secretsSet: ["apiV3Key", "platformCertificatesPem", "privateKeyPem"],
    });
    // Keys changed: the method is checked again before it takes payments.
    expect(row!.connectionOk).toBeNull();

    const last = await owner()
      .paymentMethods.removeWechatKey({ id, serial: renewedSerial })
      .catch((e: unknown) => e);
    expect(last).toMatchObject({ code: "BAD_REQUEST", cause: { messageKey: "lastPlatformKey" } });
    const unknown = await owner()
      .paymentMethods.removeWechatKey({ id, serial: "PUB_KEY_ID_0119000000099999" })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: "NOT_FOUND", cause: { messageKey: "keyNotHeld" } });
    const [after] = await db.select().from(paymentMethods).where(eq(paymentMethods.id, id));
    expect(after!.credentialsSealed).toBe(row!.credentialsSealed);

    const staff = createCaller(contextFor(db, seed.people.staff));
    await expect(staff.paymentMethods.wechatKeys({ id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      staff.paymentMethods.removeWechatKey({ id, serial: renewedSerial }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a key ID saved before only PUB_KEY_ID_… was taken is not shown, and the next save keeps working", async () => {
    const id = await legacyMethod();
    const legacySerial = certificateSerial(w.certificatePem)!;
    const [row] = await db.select().from(paymentMethods).where(eq(paymentMethods.id, id));
    await db
      .update(paymentMethods)
      .set({ config: { ...row!.config, platformSerial: legacySerial } })
      .where(eq(paymentMethods.id, id));
    const listed = (await listPaymentMethods(db, seed.merchant.id)).methods.find(
      (m) => m.id === id,
    )!;
    expect(listed.provider?.config.platformSerial).toBe("");
    // The form sends what it shows: ids as listed, keys blank.
    const check = await save(id, { platformSerial: listed.provider!.config.platformSerial! });
    expect(check).toMatchObject({ ok: true });
    expect(await owner().paymentMethods.wechatKeys({ id })).toEqual({
      publicKeyId: null,
      certificates: [{ serial: legacySerial, expiresAt: expect.any(Date) }],
    });
  });
});

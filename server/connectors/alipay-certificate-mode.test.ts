import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentMethods } from "@/db/schema";
import { setupTestDatabase } from "@/test/db";
import { FakeProviders, rsaPair } from "@/test/fake-providers";
import { issuedCertificate } from "@/test/fake-providers/shared";
import { testEncryptionKey } from "@/test/fixtures";
import { requestOn, seedPayments, type PaymentsSeed } from "@/test/payments";
import { providerCredentialsInput } from "@/server/connectors/credentials.schema";
import { checkMethodConnection } from "@/server/payments/connection-check.service";
import { loadMethodContext } from "@/server/payments/payment-method.service";
import { setProviderCredentials } from "@/server/payments/provider-credentials.service";
import { downloadAlipayStatement } from "./alipay/alipay-statement";
import { alipayConnector } from "./alipay/alipay.connector";

const { db } = setupTestDatabase();
// Its own fake: certificate mode changes how its Alipay answers every call.
const fake = new FakeProviders();
const a = fake.alipay;
let seed: PaymentsSeed;
let files: ReturnType<typeof a.useCertificates>;

beforeAll(async () => {
  seed = await seedPayments(db, "Alipay certificates");
  await fake.start();
  files = a.useCertificates();
});
afterAll(async () => {
  await fake.stop();
});

const deps = () => ({ fetch, db, now: () => new Date() });

async function methodContext(id: string) {
  const method = await loadMethodContext(db, id, testEncryptionKey);
  if (!method) throw new Error("method gone");
  return method.context;
}

/** Saves Alipay keys on a method as the connection form does (blank keys kept). */
function save(methodId: string, keys: Record<string, string>) {
  return setProviderCredentials(
    db,
    seed.manager,
    seed.merchant.id,
    providerCredentialsInput.parse({
      id: methodId,
      kind: "alipay",
      appId: a.appId,
      product: "precreate",
      ...keys,
    }),
    testEncryptionKey,
  );
}

const check = (methodId: string) =>
  checkMethodConnection(db, seed.manager, seed.merchant.id, methodId, { key: testEncryptionKey });

async function secretsSet(methodId: string) {
  const [row] = await db
    .select({ config: paymentMethods.config })
    .from(paymentMethods)
    .where(eq(paymentMethods.id, methodId));
  return row!.config.secretsSet;
}

describe("Alipay certificate mode (公钥证书模式)", () => {
  it("names the app and root certificates on every call, and verifies answers naming Alipay's", async () => {
    // fake.method runs the real connection check, which the fake refuses without the SNs.
    const { id } = await fake.method(db, seed, "alipay");
    const method = await methodContext(id);
    const { attempt } = await requestOn(db, seed, id, "CNY", 1200n);
    fake.markPaid(attempt.token);
    const query = {
      attemptToken: attempt.token,
      providerRef: null,
      amountMinor: 1200n,
      currency: "CNY",
    };
    const paid = await alipayConnector.queryPayment(method, query, deps());
    expect(paid).toMatchObject({ outcome: "succeeded", amountMinor: 1200n });
    const refundInput = {
      ...query,
      providerTxnId: paid!.providerTxnId!,
      refundId: "refund-cert-1",
      refundMinor: 200n,
      currency: "CNY",
      reason: null,
    };
    const refund = await alipayConnector.requestRefund!(method, refundInput, deps());
    expect(refund.status).toBe("succeeded");
    await alipayConnector.queryRefund!(method, { ...refundInput, providerRefundId: null }, deps());
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await downloadAlipayStatement(method, { day, timeZone: "Asia/Shanghai" }, deps());
    expect(fake.refusedCalls).toEqual([]);
    expect(a.calls).toEqual(
      expect.arrayContaining([
        "alipay.trade.query",
        "alipay.trade.precreate",
        "alipay.trade.refund",
        "alipay.trade.fastpay.refund.query",
        "alipay.data.dataservice.bill.downloadurl.query",
      ]),
    );
  });

  it("refuses an answer signed under an Alipay certificate other than the one saved, saying which", async () => {
    const { id } = await fake.method(db, seed, "alipay");
    const { attempt } = await requestOn(db, seed, id, "CNY");
    // Alipay renewed its certificate: answers name the new one.
    a.answerCertSn = "0123456789abcdef0123456789abcdef";
    try {
      const result = await check(id);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/0123456789abcdef0123456789abcdef/);
      expect(result.error).toMatch(/alipayCertPublicKey_RSA2\.crt/);
      await expect(
        alipayConnector.queryPayment(
          await methodContext(id),
          { attemptToken: attempt.token, providerRef: null, amountMinor: 2350n, currency: "CNY" },
          deps(),
        ),
      ).rejects.toMatchObject({ code: "UNKNOWN_ALIPAY_CERT" });
    } finally {
      a.answerCertSn = null;
    }
  });

  it("refuses certificates that cannot serve, field by field", async () => {
    const { id } = await fake.method(db, seed, "alipay");
    const refusal = (keys: Record<string, string>) =>
      save(id, keys).then(
        () => null,
        (err: { messageKey?: string }) => err.messageKey,
      );
    expect(
      await refusal({ appCertPem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" }),
    ).toBe("invalidAppCertificate");
    expect(await refusal({ alipayRootCertPem: "not a certificate" })).toBe(
      "invalidRootCertificate",
    );
    // A bundle holding only a SHA-512 RSA root: Alipay counts none of it.
    const other = rsaPair();
    const name = [{ shortName: "CN", value: "Only SHA-512" }];
    const sha512Only = issuedCertificate(other, {
      subject: name,
      issuer: name,
      signer: other,
      serialHex: "01",
      digest: "sha512",
    });
    expect(await refusal({ alipayRootCertPem: sha512Only })).toBe("rootCertificateWithoutRsa");
    // The app's certificate for another key than the private key saved.
    const strangerCert = issuedCertificate(other, {
      subject: name,
      issuer: name,
      signer: other,
      serialHex: "02",
    });
    expect(await refusal({ appCertPem: strangerCert })).toBe("appCertificateKeyMismatch");
    // Certificate mode with a bare Alipay public key cannot name the signing certificate.
    expect(
      await refusal({ alipayPublicKeyPem: a.platform.publicKeyPem, appCertPem: files.appCertPem }),
    ).toBe("alipayCertificateRequired");
  });

  it("takes both certificates or neither, and a bare Alipay public key alone returns to public key mode", async () => {
    const { id } = await fake.method(db, seed, "alipay", "CNY", { check: false });
    // Back in public key mode: the certificates are dropped with the certificate.
    await save(id, { alipayPublicKeyPem: a.platform.publicKeyPem });
    expect(await secretsSet(id)).toEqual(["alipayPublicKeyPem", "privateKeyPem"]);
    await expect(save(id, { appCertPem: files.appCertPem })).rejects.toMatchObject({
      messageKey: "certificateModeIncomplete",
      details: { field: "alipayRootCertPem" },
    });
  });
});

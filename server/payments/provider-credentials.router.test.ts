import { generateKeyPairSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, paymentMethods } from "@/db/schema";
import { setupTestDatabase } from "@/test/db";
import { selfSignedCertificate } from "@/test/fake-providers/shared";
import { contextFor, testEncryptionKey } from "@/test/fixtures";
import { methodInput, seedPayments, type PaymentsSeed } from "@/test/payments";
import { createCaller } from "@/server/trpc/root";
import { createPaymentMethod, loadMethodContext } from "./payment-method.service";

const { db } = setupTestDatabase();
let seed: PaymentsSeed;
let other: PaymentsSeed;
let wechatId: string;

const pem = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
const merchantKeys = pem();
const platformKeys = pem();
const apiV3Key = "A".repeat(16) + "b".repeat(16);
const certificate = selfSignedCertificate(
  { publicKeyPem: platformKeys.publicKey, privateKeyPem: platformKeys.privateKey },
  "Tenpay.com Root CA test",
  "5157F09EFDC096DE15EBE81A47057A72",
);

beforeAll(async () => {
  seed = await seedPayments(db, "Creds");
  other = await seedPayments(db, "Other");
  wechatId = (
    await createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({ kind: "wechat_pay", label: "WeChat Pay" }),
      testEncryptionKey,
    )
  ).id;
});

const as = (s: PaymentsSeed, role: "owner" | "manager" | "staff" | "analyst") =>
  createCaller(contextFor(db, s.people[role]));

const form = (overrides: Record<string, string> = {}) => ({
  id: wechatId,
  kind: "wechat_pay" as const,
  appId: "wx0000000000000001",
  mchId: "1900000001",
  merchantSerialNo: "3775B6A45ACD5888",
  platformSerial: "PUB_KEY_ID_0000000000000024101100397200000006",
  privateKeyPem: merchantKeys.privateKey,
  platformPublicKeyPem: platformKeys.publicKey,
  apiV3Key,
  ...overrides,
});

describe("paymentMethods.setCredentials", () => {
  it("stores the keys sealed and never shows them back, only that they are set", async () => {
    await as(seed, "manager").paymentMethods.setCredentials(form());
    const { methods } = await as(seed, "manager").paymentMethods.list();
    const view = methods.find((m) => m.id === wechatId)!;
    expect(view.provider).toEqual({
      notifyUrl: expect.stringMatching(new RegExp(`/api/webhooks/wechat_pay/${wechatId}$`)),
      addressIssues: expect.any(Array),
      config: {
        appId: "wx0000000000000001",
        mchId: "1900000001",
        merchantSerialNo: "3775B6A45ACD5888",
        platformSerial: "PUB_KEY_ID_0000000000000024101100397200000006",
      },
      secretsSet: {
        privateKeyPem: true,
        platformPublicKeyPem: true,
        platformCertificatesPem: false,
        apiV3Key: true,
      },
      complete: true,
    });
    const shown = JSON.stringify(methods, (_k, v: unknown) =>
      typeof v === "bigint" ? String(v) : v,
    );
    expect(shown).not.toContain("PRIVATE KEY");
    expect(shown).not.toContain(apiV3Key);
    const [row] = await db.select().from(paymentMethods).where(eq(paymentMethods.id, wechatId));
    expect(row!.credentialsSealed).not.toContain("PRIVATE");
    // The audit row names what changed, never the values.
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, wechatId));
    const saved = audit.find((a) => a.action === "payment_method.credentials")!;
    expect(JSON.stringify(saved.after)).not.toContain(apiV3Key);
    expect(saved.after).toMatchObject({
      secretsReplaced: ["privateKeyPem", "platformPublicKeyPem", "apiV3Key"],
    });
  });

  it("keeps a stored key when its field is left blank, and replaces it when given", async () => {
    const replacement = pem();
    await as(seed, "owner").paymentMethods.setCredentials(
      form({ privateKeyPem: "", apiV3Key: "", platformPublicKeyPem: replacement.publicKey }),
    );
    const opened = await loadMethodContext(db, wechatId, testEncryptionKey);
    expect(opened!.context.credentials).toEqual({
      privateKeyPem: merchantKeys.privateKey.trim(),
      platformPublicKeyPem: replacement.publicKey.trim(),
      apiV3Key,
    });
  });

  it.each([
    [
      "privateKeyPem",
      "-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----",
      "invalidPrivateKey",
    ],
    ["privateKeyPem", platformKeys.publicKey, "invalidPrivateKey"],
    ["platformPublicKeyPem", "not a key at all", "invalidPublicKey"],
    ["platformPublicKeyPem", merchantKeys.privateKey, "invalidPublicKey"],
    ["apiV3Key", "too-short", "invalidApiV3Key"],
    ["platformPublicKeyPem", certificate, "certificateInPublicKey"],
    ["platformCertificatesPem", "not a certificate", "invalidCertificate"],
    ["platformCertificatesPem", platformKeys.publicKey, "invalidCertificate"],
  ])(
    "refuses a %s that does not parse (%#) with a message for the field, saving nothing",
    async (field, value, key) => {
      const before = await db.select().from(paymentMethods).where(eq(paymentMethods.id, wechatId));
      await expect(
        as(seed, "manager").paymentMethods.setCredentials(form({ [field]: value })),
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
        cause: { messageKey: key, details: { field } },
      });
      const after = await db.select().from(paymentMethods).where(eq(paymentMethods.id, wechatId));
      expect(after).toEqual(before);
    },
  );

  it("asks for the public key ID when a bare WeChat Pay public key is given", async () => {
    await expect(
      as(seed, "manager").paymentMethods.setCredentials(form({ platformSerial: "" })),
    ).rejects.toMatchObject({ cause: { messageKey: "platformSerialRequired" } });
  });

  it("refuses a public key ID not of the form PUB_KEY_ID_…, and an ID with no public key", async () => {
    await expect(
      as(seed, "manager").paymentMethods.setCredentials(form({ platformSerial: "5157F09EFDC0" })),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const bare = await createPaymentMethod(
      db,
      seed.manager,
      seed.merchant.id,
      methodInput({ kind: "wechat_pay", label: "WeChat Pay 2" }),
      testEncryptionKey,
    );
    await expect(
      as(seed, "manager").paymentMethods.setCredentials(
        form({ id: bare.id, platformPublicKeyPem: "", platformCertificatesPem: certificate }),
      ),
    ).rejects.toMatchObject({ cause: { messageKey: "publicKeyRequired" } });
  });

  it("is for owners and managers only, of their own merchant", async () => {
    await expect(as(seed, "staff").paymentMethods.setCredentials(form())).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(as(seed, "analyst").paymentMethods.setCredentials(form())).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(as(other, "owner").paymentMethods.setCredentials(form())).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses the fields of another provider for this method", async () => {
    await expect(
      as(seed, "manager").paymentMethods.setCredentials({
        id: wechatId,
        kind: "stripe",
        publishableKey: "pk_test_abc",
        secretKey: "sk_test_abc",
        webhookSecret: "whsec_abc",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

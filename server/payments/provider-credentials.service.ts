import { and, eq } from "drizzle-orm";
import { paymentMethods } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import {
  credentialsComplete,
  secretFields,
  shownConfig,
  type ProviderCredentialsInput,
  type ProviderKindWithCredentials,
} from "@/server/connectors/credentials.schema";
import { alipayCertSn, alipayRootCertSn } from "@/server/connectors/alipay/alipay-certificates";
import {
  certificateSerial,
  isKeyPair,
  isRsaCertificates,
  isRsaKey,
  pemBlocks,
} from "@/server/connectors/keys.logic";
import { notifyUrl } from "@/server/connectors/notify-url.logic";
import { publishableKeyFitsMode } from "@/server/connectors/stripe/publishable-key.logic";
import { openSecret, sealSecret } from "@/server/crypto/secret-box";
import { DomainError } from "@/server/errors";
import { env } from "@/env";
import { publicAddressIssues } from "./public-address.logic";

const aadOf = (id: string) => `payment_method:${id}`;

/** Each secret's shape, checked on save so a bad paste is refused while the merchant is there. */
function checkSecret(field: string, value: string) {
  const invalid = (messageKey: string, message: string) =>
    new DomainError("VALIDATION", messageKey, message, { field });
  if (field === "privateKeyPem" && !isRsaKey(value, "private"))
    throw invalid("invalidPrivateKey", "The private key could not be read (PEM or base64, RSA)");
  if (
    (field === "alipayPublicKeyPem" || field === "platformPublicKeyPem") &&
    !isRsaKey(value, "public")
  )
    throw invalid(
      "invalidPublicKey",
      "The public key or certificate could not be read (PEM or base64, RSA)",
    );
  if (field === "platformPublicKeyPem" && certificateSerial(value))
    throw invalid(
      "certificateInPublicKey",
      "This is a platform certificate: paste it under platform certificates",
    );
  if (field === "platformCertificatesPem" && !isRsaCertificates(value))
    throw invalid(
      "invalidCertificate",
      "A platform certificate could not be read (PEM, -----BEGIN CERTIFICATE-----, RSA)",
    );
  if (field === "appCertPem" && !(alipayCertSn(value) && isRsaKey(value, "public")))
    throw invalid(
      "invalidAppCertificate",
      "The app public key certificate could not be read (appCertPublicKey_….crt: PEM, -----BEGIN CERTIFICATE-----, RSA)",
    );
  if (field === "alipayRootCertPem") {
    const root = alipayRootCertSn(value);
    if (!root.ok && root.reason === "unreadable")
      throw invalid(
        "invalidRootCertificate",
        "The Alipay root certificate could not be read (alipayRootCert.crt: PEM certificates)",
      );
    if (!root.ok)
      throw invalid(
        "rootCertificateWithoutRsa",
        "The Alipay root certificate holds no RSA-signed certificate: paste the whole alipayRootCert.crt",
      );
  }
  // The APIv3 key is used as-is as an AES-256 key: exactly 32 ASCII characters.
  if (field === "apiV3Key" && !/^[\x21-\x7e]{32}$/.test(value))
    throw invalid("invalidApiV3Key", "The APIv3 key must be exactly 32 characters");
  if (field === "secretKey" && !/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(value))
    throw invalid("invalidStripeKey", "A Stripe secret key starts with sk_test_ or sk_live_");
  // Stripe's own library checks no more than this: whsec_ and something after it.
  if (field === "webhookSecret" && !/^whsec_\S+$/.test(value))
    throw invalid("invalidWebhookSecret", "A Stripe webhook signing secret starts with whsec_");
  if (field === "clientSecret" && !/^[A-Za-z0-9_-]{10,}$/.test(value))
    throw invalid("invalidValue", "The client secret does not look like one");
}

/**
 * Stored WeChat Pay keys with any certificate saved in the public key's field (where it went
 * before certificates had their own) moved to the certificates, so that a public key typed
 * in that field now joins the certificate instead of silently replacing it; certificates
 * typed anew replace all those stored.
 */
function withCertificatesApart(stored: Record<string, string>, given: Record<string, string>) {
  const { platformPublicKeyPem: legacy, ...rest } = stored;
  if (!legacy || !certificateSerial(legacy)) return stored;
  if (given.platformCertificatesPem) return rest;
  const certificates = [legacy, ...pemBlocks(rest.platformCertificatesPem ?? "")];
  return { ...rest, platformCertificatesPem: certificates.join("\n") };
}

/**
 * Alipay's keys as they will be stored, or why they cannot be. Certificate mode takes the
 * app certificate and the root certificate together, with Alipay's public key given as its
 * certificate (answers name it by SN); an Alipay public key pasted alone, without
 * certificates, goes back to public key mode and drops the stored certificates.
 */
function alipayKeys(stored: Record<string, string>, given: Record<string, string>) {
  const { appCertPem: _app, alipayRootCertPem: _root, ...keyMode } = stored;
  const backToKeyMode =
    given.alipayPublicKeyPem !== undefined &&
    !alipayCertSn(given.alipayPublicKeyPem) &&
    !given.appCertPem &&
    !given.alipayRootCertPem;
  const secrets = { ...(backToKeyMode ? keyMode : stored), ...given };
  const invalid = (field: string, messageKey: string, message: string) =>
    new DomainError("VALIDATION", messageKey, message, { field });
  if (!secrets.appCertPem !== !secrets.alipayRootCertPem)
    throw invalid(
      secrets.appCertPem ? "alipayRootCertPem" : "appCertPem",
      "certificateModeIncomplete",
      "Certificate mode needs both the app public key certificate and the Alipay root certificate",
    );
  if (!secrets.appCertPem) return secrets;
  if (!alipayCertSn(secrets.alipayPublicKeyPem ?? ""))
    throw invalid(
      "alipayPublicKeyPem",
      "alipayCertificateRequired",
      "In certificate mode, give the Alipay public key certificate (alipayCertPublicKey_RSA2.crt)",
    );
  if (secrets.privateKeyPem && !isKeyPair(secrets.privateKeyPem, secrets.appCertPem))
    throw invalid(
      "appCertPem",
      "appCertificateKeyMismatch",
      "The app public key certificate is not of the app private key given",
    );
  return secrets;
}

/**
 * Saves a provider method's ids and keys. Secrets are checked, merged with those stored (a
 * blank keeps the old one), sealed to this row and never returned; the audit row names the
 * fields changed, never their values.
 */
export async function setProviderCredentials(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: ProviderCredentialsInput,
  key: Buffer,
) {
  const fields = input as unknown as Record<string, string | undefined>;
  const given = Object.fromEntries(
    secretFields[input.kind]
      .map((f) => [f, fields[f]] as const)
      .filter((e): e is [string, string] => !!e[1]),
  );
  const config = Object.fromEntries(shownConfig[input.kind].map((f) => [f, fields[f] ?? ""]));
  for (const [field, value] of Object.entries(given)) checkSecret(field, value);
  // Kept as the certificates alone, without what a tool printed around them.
  if (given.platformCertificatesPem)
    given.platformCertificatesPem = pemBlocks(given.platformCertificatesPem).join("\n");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        kind: paymentMethods.kind,
        mode: paymentMethods.mode,
        config: paymentMethods.config,
        sealed: paymentMethods.credentialsSealed,
      })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.merchantId, merchantId), eq(paymentMethods.id, input.id)))
      .for("update");
    if (!row) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
    if (row.kind !== input.kind)
      throw new DomainError("VALIDATION", "invalidValue", "The method is of another provider");
    if (input.kind === "stripe" && !publishableKeyFitsMode(input.publishableKey, row.mode))
      throw new DomainError(
        "VALIDATION",
        "publishableKeyMode",
        "The publishable key's mode does not match the method's mode",
        { field: "publishableKey" },
      );
    const stored = row.sealed
      ? (JSON.parse(openSecret(row.sealed, key, aadOf(input.id))) as Record<string, string>)
      : {};
    const secrets =
      input.kind === "alipay"
        ? alipayKeys(stored, given)
        : { ...withCertificatesApart(stored, given), ...given };
    // A WeChat Pay public key has no serial inside it: its PUB_KEY_ID_… must be given.
    if (input.kind === "wechat_pay" && secrets.platformPublicKeyPem && !config.platformSerial)
      throw new DomainError(
        "VALIDATION",
        "platformSerialRequired",
        "Give the WeChat Pay public key ID (PUB_KEY_ID_…)",
        { field: "platformSerial" },
      );
    if (input.kind === "wechat_pay" && config.platformSerial && !secrets.platformPublicKeyPem)
      throw new DomainError(
        "VALIDATION",
        "publicKeyRequired",
        "Give the WeChat Pay public key this ID belongs to",
        { field: "platformPublicKeyPem" },
      );
    await tx
      .update(paymentMethods)
      .set({
        // Which keys are set (names only) lets the list show "configured" without opening them.
        config: { ...row.config, ...config, secretsSet: Object.keys(secrets).sort() },
        credentialsSealed: sealSecret(JSON.stringify(secrets), key, aadOf(input.id)),
        // New keys must prove themselves before the method is offered again.
        connectionOk: null,
        connectionCheckedAt: null,
        connectionError: null,
        updatedAt: new Date(),
      })
      .where(eq(paymentMethods.id, input.id));
    await recordAudit(tx, actor, {
      merchantId,
      action: "payment_method.credentials",
      entityType: "payment_method",
      entityId: input.id,
      after: { config, secretsReplaced: Object.keys(given) },
    });
  });
}

/** What the settings screen may show of a provider method: its ids, and which keys are set. */
export function providerSetup(id: string, kind: string, config: Record<string, unknown>) {
  if (!Object.hasOwn(secretFields, kind)) return null;
  const k = kind as ProviderKindWithCredentials;
  const stored = Array.isArray(config.secretsSet) ? (config.secretsSet as unknown[]) : [];
  const shown = Object.fromEntries(
    shownConfig[k].map((f) => [f, typeof config[f] === "string" ? config[f] : ""]),
  );
  const secretsSet = Object.fromEntries(secretFields[k].map((f) => [f, stored.includes(f)]));
  const publicUrl = env.APP_URL ?? env.internalUrl;
  return {
    // The same URL our payment requests give the provider as notify_url.
    notifyUrl: notifyUrl(publicUrl, kind, id),
    /** Why a provider may not reach that URL: no APP_URL, not https, not a public address. */
    addressIssues: publicAddressIssues(publicUrl, env.APP_URL !== undefined),
    config: shown,
    secretsSet,
    complete: credentialsComplete(kind, config),
  };
}

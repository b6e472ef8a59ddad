import { and, eq } from "drizzle-orm";
import { paymentMethods } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import {
  credentialsComplete,
  isPublicKeyId,
  secretFields,
  shownConfig,
  type ProviderCredentialsInput,
  type ProviderKindWithCredentials,
  type RemoveWechatKeyInput,
} from "@/server/connectors/credentials.schema";
import { alipayCertSn, alipayRootCertSn } from "@/server/connectors/alipay/alipay-certificates";
import {
  certificateExpiry,
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
 * The method's row, locked for a change of its keys (`forChange`) or read as it is; refused
 * when not of this merchant.
 */
async function methodRow(tx: DbOrTx, merchantId: string, id: string, forChange: boolean) {
  const query = tx
    .select({
      kind: paymentMethods.kind,
      mode: paymentMethods.mode,
      config: paymentMethods.config,
      sealed: paymentMethods.credentialsSealed,
    })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.merchantId, merchantId), eq(paymentMethods.id, id)));
  const [row] = forChange ? await query.for("update") : await query;
  if (!row) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  return row;
}

function openStored(sealed: string | null, key: Buffer, id: string): Record<string, string> {
  return sealed ? (JSON.parse(openSecret(sealed, key, aadOf(id))) as Record<string, string>) : {};
}

/**
 * A WeChat Pay public key has no serial inside it: it is held with its PUB_KEY_ID_…, and an
 * ID with no key names nothing. Whichever half is missing is asked for.
 */
function checkPublicKeyPaired(secrets: Record<string, string>, publicKeyId: string | undefined) {
  const hasKey = !!secrets.platformPublicKeyPem;
  if (hasKey === !!publicKeyId) return;
  throw hasKey
    ? new DomainError(
        "VALIDATION",
        "platformSerialRequired",
        "Give the WeChat Pay public key ID (PUB_KEY_ID_…)",
        { field: "platformSerial" },
      )
    : new DomainError(
        "VALIDATION",
        "publicKeyRequired",
        "Give the WeChat Pay public key this ID belongs to",
        { field: "platformPublicKeyPem" },
      );
}

/**
 * Seals a method's new set of keys with its ids, and audits which changed (names only). The
 * method must pass a connection check again before it is offered.
 */
async function storeKeys(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  change: {
    id: string;
    config: Record<string, unknown>;
    secrets: Record<string, string>;
    audit: Record<string, unknown>;
  },
  key: Buffer,
) {
  await tx
    .update(paymentMethods)
    .set({
      // Which keys are set (names only) lets the list show "configured" without opening them.
      config: { ...change.config, secretsSet: Object.keys(change.secrets).sort() },
      credentialsSealed: sealSecret(JSON.stringify(change.secrets), key, aadOf(change.id)),
      connectionOk: null,
      connectionCheckedAt: null,
      connectionError: null,
      updatedAt: new Date(),
    })
    .where(eq(paymentMethods.id, change.id));
  await recordAudit(tx, actor, {
    merchantId,
    action: "payment_method.credentials",
    entityType: "payment_method",
    entityId: change.id,
    after: change.audit,
  });
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
    const row = await methodRow(tx, merchantId, input.id, true);
    if (row.kind !== input.kind)
      throw new DomainError("VALIDATION", "invalidValue", "The method is of another provider");
    if (input.kind === "stripe" && !publishableKeyFitsMode(input.publishableKey, row.mode))
      throw new DomainError(
        "VALIDATION",
        "publishableKeyMode",
        "The publishable key's mode does not match the method's mode",
        { field: "publishableKey" },
      );
    const stored = openStored(row.sealed, key, input.id);
    const secrets =
      input.kind === "alipay"
        ? alipayKeys(stored, given)
        : { ...withCertificatesApart(stored, given), ...given };
    if (input.kind === "wechat_pay") checkPublicKeyPaired(secrets, config.platformSerial);
    await storeKeys(
      tx,
      actor,
      merchantId,
      {
        id: input.id,
        config: { ...row.config, ...config },
        secrets,
        audit: { config, secretsReplaced: Object.keys(given) },
      },
      key,
    );
  });
}

/** The WeChat Pay public key's ID, when a public key is held with one. */
function heldPublicKeyId(secrets: Record<string, string>, config: Record<string, unknown>) {
  const publicKeyId = typeof config.platformSerial === "string" ? config.platformSerial : "";
  return secrets.platformPublicKeyPem && publicKeyId ? publicKeyId : null;
}

async function wechatMethod(
  tx: DbOrTx,
  merchantId: string,
  id: string,
  key: Buffer,
  forChange: boolean,
) {
  const row = await methodRow(tx, merchantId, id, forChange);
  if (row.kind !== "wechat_pay")
    throw new DomainError("VALIDATION", "invalidValue", "The method is of another provider");
  // A certificate saved in the public key's field (before certificates had their own) is one.
  return { row, secrets: withCertificatesApart(openStored(row.sealed, key, id), {}) };
}

/**
 * Which WeChat Pay platform keys a method holds, so the owner sees which serials it can check
 * and when each certificate expires: the keys themselves are never shown.
 */
export async function wechatKeysHeld(db: Db, merchantId: string, id: string, key: Buffer) {
  const { row, secrets } = await wechatMethod(db, merchantId, id, key, false);
  return {
    publicKeyId: heldPublicKeyId(secrets, row.config),
    certificates: pemBlocks(secrets.platformCertificatesPem ?? "").map((c) => ({
      serial: certificateSerial(c) ?? "",
      expiresAt: certificateExpiry(c),
    })),
  };
}

/**
 * Removes the WeChat Pay public key or one platform certificate, named by its ID or serial (a
 * blank field on save keeps a key, so it cannot remove one). At least one must stay: without
 * it no notification from WeChat Pay can be verified.
 */
export async function removeWechatKey(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: RemoveWechatKeyInput,
  key: Buffer,
) {
  return db.transaction(async (tx) => {
    const { row, secrets } = await wechatMethod(tx, merchantId, input.id, key, true);
    const certificates = pemBlocks(secrets.platformCertificatesPem ?? "");
    const kept = certificates.filter((c) => certificateSerial(c) !== input.serial);
    const { platformPublicKeyPem, platformCertificatesPem: _, ...rest } = secrets;
    let next: Record<string, string>;
    let config = row.config;
    if (heldPublicKeyId(secrets, row.config) === input.serial) {
      next = { ...rest, ...(kept.length ? { platformCertificatesPem: kept.join("\n") } : {}) };
      config = { ...config, platformSerial: "" };
    } else if (kept.length < certificates.length) {
      next = {
        ...rest,
        ...(platformPublicKeyPem ? { platformPublicKeyPem } : {}),
        ...(kept.length ? { platformCertificatesPem: kept.join("\n") } : {}),
      };
    } else {
      throw new DomainError("NOT_FOUND", "keyNotHeld", "This method holds no key of that serial", {
        serial: input.serial,
      });
    }
    if (!next.platformPublicKeyPem && !next.platformCertificatesPem)
      throw new DomainError(
        "VALIDATION",
        "lastPlatformKey",
        "Keep at least one WeChat Pay public key or platform certificate: add the new one before removing this",
        { serial: input.serial },
      );
    await storeKeys(
      tx,
      actor,
      merchantId,
      { id: input.id, config, secrets: next, audit: { keyRemoved: input.serial } },
      key,
    );
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
  // A key ID saved before only PUB_KEY_ID_… was taken is the serial of the certificate then
  // kept in the public key's field, which names its own serial: shown blank, so the next save
  // drops it instead of being refused for a field the owner did not touch.
  if (k === "wechat_pay" && shown.platformSerial && !isPublicKeyId(shown.platformSerial))
    shown.platformSerial = "";
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

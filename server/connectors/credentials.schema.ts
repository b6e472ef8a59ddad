import { z } from "zod";

/**
 * What a merchant copies from each provider's console, one flat form per provider. The ids
 * (shownConfig) are stored in the method's config and shown back; the keys (requiredSecrets)
 * are sealed and never shown back: a blank key on save keeps the stored one, so "replace"
 * is typing a new one.
 */
const id = (max: number) =>
  z.string().trim().min(1, { message: "required" }).max(max, { message: "tooLong" });
const digits = (max: number) => id(max).regex(/^\d+$/, { message: "digitsOnly" });
const secret = z.string().trim().max(20_000, { message: "tooLong" }).optional();
const base = { id: z.uuid() };

/** A WeChat Pay public key's ID, as its console shows it beside the key. */
export const isPublicKeyId = (v: string) => /^PUB_KEY_ID_[0-9A-Za-z_]+$/.test(v);

/** Removes one WeChat Pay platform key, named by its public key ID or certificate serial. */
export const removeWechatKeyInput = z.object({
  ...base,
  serial: z.string().trim().min(1, { message: "required" }).max(80, { message: "tooLong" }),
});
export type RemoveWechatKeyInput = z.infer<typeof removeWechatKeyInput>;

export const providerCredentialsInput = z.discriminatedUnion("kind", [
  z.object({
    ...base,
    kind: z.literal("alipay"),
    appId: digits(32),
    sellerId: z
      .string()
      .trim()
      .max(30, { message: "tooLong" })
      .regex(/^\d*$/, { message: "digitsOnly" })
      .optional(),
    product: z.enum(["precreate", "page"]),
    privateKeyPem: secret,
    /** The Alipay public key, or in certificate mode its certificate (alipayCertPublicKey_RSA2.crt). */
    alipayPublicKeyPem: secret,
    /** Certificate mode (公钥证书模式): the app public key certificate (appCertPublicKey_<appid>.crt)… */
    appCertPem: secret,
    /** …and the Alipay root certificate (alipayRootCert.crt); neither in public key mode. */
    alipayRootCertPem: secret,
  }),
  z.object({
    ...base,
    kind: z.literal("wechat_pay"),
    appId: id(32),
    mchId: digits(32),
    merchantSerialNo: id(64).regex(/^[0-9A-Fa-f]+$/, { message: "hexOnly" }),
    /** The WeChat Pay public key's ID, the Wechatpay-Serial of what it signs. */
    platformSerial: z
      .string()
      .trim()
      .max(80, { message: "tooLong" })
      .refine((v) => v === "" || isPublicKeyId(v), { message: "invalidPublicKeyId" })
      .optional(),
    privateKeyPem: secret,
    /** The WeChat Pay public key (微信支付公钥). */
    platformPublicKeyPem: secret,
    /** One or more platform certificates (平台证书), each naming its own serial. */
    platformCertificatesPem: secret,
    apiV3Key: secret,
  }),
  z.object({
    ...base,
    kind: z.literal("paypal"),
    clientId: id(100),
    webhookId: id(50),
    clientSecret: secret,
  }),
  z.object({
    ...base,
    kind: z.literal("stripe"),
    /** Not a secret: Stripe.js on the customer's pay page is started with it. */
    publishableKey: id(255).regex(/^pk_(test|live)_[A-Za-z0-9]+$/, {
      message: "invalidPublishableKey",
    }),
    secretKey: secret,
    webhookSecret: secret,
  }),
]);
export type ProviderCredentialsInput = z.infer<typeof providerCredentialsInput>;
export type ProviderKindWithCredentials = ProviderCredentialsInput["kind"];

/**
 * The key fields each provider takes; all are needed before it can take a payment, but the
 * optional ones below, and…
 */
export const secretFields: Record<ProviderKindWithCredentials, readonly string[]> = {
  alipay: ["privateKeyPem", "alipayPublicKeyPem", "appCertPem", "alipayRootCertPem"],
  wechat_pay: ["privateKeyPem", "platformPublicKeyPem", "platformCertificatesPem", "apiV3Key"],
  paypal: ["clientSecret"],
  stripe: ["secretKey", "webhookSecret"],
};

/**
 * …of these, any one will do: WeChat Pay signs with its public key or a platform
 * certificate, both during the switch from one to the other.
 */
const anyOneSecret: readonly string[] = ["platformPublicKeyPem", "platformCertificatesPem"];

/** Keys of a mode the merchant may not use: Alipay's certificate mode (both or neither). */
const optionalSecrets: readonly string[] = ["appCertPem", "alipayRootCertPem"];

/** The id fields stored in config and shown back (never a secret, never apiBaseUrl). */
export const shownConfig: Record<ProviderKindWithCredentials, readonly string[]> = {
  alipay: ["appId", "sellerId", "product"],
  wechat_pay: ["appId", "mchId", "merchantSerialNo", "platformSerial"],
  paypal: ["clientId", "webhookId"],
  stripe: ["publishableKey"],
};

/** Id fields a provider can do without. */
export const optionalConfig: readonly string[] = ["sellerId", "platformSerial"];

/**
 * Whether a method's ids and keys are all set, from its config alone (the names of the keys
 * stored are kept there, so the sealed secrets need not be opened). Kinds without provider
 * credentials (cash, the sandbox wallet) count as complete.
 */
export function credentialsComplete(kind: string, config: Record<string, unknown>): boolean {
  if (!Object.hasOwn(secretFields, kind)) return true;
  const k = kind as ProviderKindWithCredentials;
  const stored = Array.isArray(config.secretsSet) ? (config.secretsSet as unknown[]) : [];
  const shown = (f: string) => (typeof config[f] === "string" ? (config[f] as string) : "");
  const anyOne = secretFields[k].filter((f) => anyOneSecret.includes(f));
  return (
    secretFields[k].every(
      (f) => anyOneSecret.includes(f) || optionalSecrets.includes(f) || stored.includes(f),
    ) &&
    (anyOne.length === 0 || anyOne.some((f) => stored.includes(f))) &&
    shownConfig[k].every((f) => optionalConfig.includes(f) || shown(f) !== "")
  );
}

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
    alipayPublicKeyPem: secret,
  }),
  z.object({
    ...base,
    kind: z.literal("wechat_pay"),
    appId: id(32),
    mchId: digits(32),
    merchantSerialNo: id(64).regex(/^[0-9A-Fa-f]+$/, { message: "hexOnly" }),
    /** PUB_KEY_ID_… when a WeChat Pay public key is used; a certificate names its own. */
    platformSerial: z.string().trim().max(80, { message: "tooLong" }).optional(),
    privateKeyPem: secret,
    platformPublicKeyPem: secret,
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

/** The key fields each provider needs before it can take a payment. */
export const requiredSecrets: Record<ProviderKindWithCredentials, readonly string[]> = {
  alipay: ["privateKeyPem", "alipayPublicKeyPem"],
  wechat_pay: ["privateKeyPem", "platformPublicKeyPem", "apiV3Key"],
  paypal: ["clientSecret"],
  stripe: ["secretKey", "webhookSecret"],
};

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
  if (!Object.hasOwn(requiredSecrets, kind)) return true;
  const k = kind as ProviderKindWithCredentials;
  const stored = Array.isArray(config.secretsSet) ? (config.secretsSet as unknown[]) : [];
  const shown = (f: string) => (typeof config[f] === "string" ? (config[f] as string) : "");
  return (
    requiredSecrets[k].every((f) => stored.includes(f)) &&
    shownConfig[k].every((f) => optionalConfig.includes(f) || shown(f) !== "")
  );
}

import { z } from "zod";

/**
 * What a merchant copies from each provider's console. `config` holds the ids (shown back,
 * they are not secret); `secrets` the keys (sealed, never shown back: a blank field on save
 * keeps what is stored, so "replace" is typing a new one).
 */
const id = (max: number) =>
  z.string().trim().min(1, { message: "required" }).max(max, { message: "tooLong" });
const secret = z.string().trim().max(20_000, { message: "tooLong" }).optional();

export const providerCredentialsInput = z.discriminatedUnion("kind", [
  z.object({
    id: z.uuid(),
    kind: z.literal("alipay"),
    config: z.object({
      appId: id(32).regex(/^\d+$/, { message: "digitsOnly" }),
      sellerId: z
        .string()
        .trim()
        .max(30)
        .regex(/^(\d*)$/, { message: "digitsOnly" })
        .optional(),
      product: z.enum(["precreate", "page"]),
    }),
    secrets: z.object({ privateKeyPem: secret, alipayPublicKeyPem: secret }),
  }),
  z.object({
    id: z.uuid(),
    kind: z.literal("wechat_pay"),
    config: z.object({
      appId: id(32),
      mchId: id(32).regex(/^\d+$/, { message: "digitsOnly" }),
      merchantSerialNo: id(64).regex(/^[0-9A-Fa-f]+$/, { message: "hexOnly" }),
      /** PUB_KEY_ID_… when a WeChat Pay public key is used; a certificate names its own. */
      platformSerial: z.string().trim().max(80).optional(),
    }),
    secrets: z.object({
      privateKeyPem: secret,
      platformPublicKeyPem: secret,
      apiV3Key: secret,
    }),
  }),
  z.object({
    id: z.uuid(),
    kind: z.literal("paypal"),
    config: z.object({ clientId: id(100), webhookId: id(50) }),
    secrets: z.object({ clientSecret: secret }),
  }),
  z.object({
    id: z.uuid(),
    kind: z.literal("stripe"),
    config: z.object({}),
    secrets: z.object({ secretKey: secret, webhookSecret: secret }),
  }),
]);
export type ProviderCredentialsInput = z.infer<typeof providerCredentialsInput>;
export type ProviderKindWithCredentials = ProviderCredentialsInput["kind"];

/** The secret fields each provider needs before it can take a payment. */
export const requiredSecrets: Record<ProviderKindWithCredentials, readonly string[]> = {
  alipay: ["privateKeyPem", "alipayPublicKeyPem"],
  wechat_pay: ["privateKeyPem", "platformPublicKeyPem", "apiV3Key"],
  paypal: ["clientSecret"],
  stripe: ["secretKey", "webhookSecret"],
};

/** The config fields shown back to the merchant (never a secret, never apiBaseUrl). */
export const shownConfig: Record<ProviderKindWithCredentials, readonly string[]> = {
  alipay: ["appId", "sellerId", "product"],
  wechat_pay: ["appId", "mchId", "merchantSerialNo", "platformSerial"],
  paypal: ["clientId", "webhookId"],
  stripe: [],
};

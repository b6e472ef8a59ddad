import {
  createDecipheriv,
  createSign,
  createVerify,
  randomBytes,
  type KeyObject,
} from "node:crypto";

/**
 * WeChat Pay API v3 signatures (pay.weixin.qq.com …/interface-rules/build-verify-sign-src):
 * RSA PKCS#1 v1.5 with SHA-256 over lines that each end in "\n", the last one included.
 * Requests: METHOD, path with query, timestamp, nonce, body. Answers and notifications:
 * timestamp, nonce, body (the raw bytes, never re-serialised).
 */
export function requestMessage(
  method: string,
  pathWithQuery: string,
  timestamp: number,
  nonce: string,
  body: string,
): string {
  return `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

export function notifyMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** The `Authorization` header of a v3 request, signed with the merchant's API private key. */
export function authorizationHeader(
  opts: { mchId: string; serialNo: string; privateKey: KeyObject },
  method: string,
  pathWithQuery: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
  nonce = randomBytes(16).toString("hex"),
): string {
  const signature = createSign("RSA-SHA256")
    .update(requestMessage(method, pathWithQuery, timestamp, nonce, body), "utf8")
    .sign(opts.privateKey, "base64");
  return `WECHATPAY2-SHA256-RSA2048 mchid="${opts.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${opts.serialNo}"`;
}

export type WechatVerification =
  { ok: true } | { ok: false; reason: "missing" | "unknown_serial" | "stale" | "bad_signature" };

/** How far a notification's timestamp may be from our clock (common SDK practice: 5 min). */
export const wechatToleranceSeconds = 300;

/** A key WeChat Pay signs with, by the serial its Wechatpay-Serial header names it. */
export type PlatformKey = { serial: string; publicKey: KeyObject };

/**
 * Checks the four Wechatpay-* headers against the raw body with the platform key whose
 * serial (certificate serial or PUB_KEY_ID_…) the header names. A merchant moving from
 * platform certificates to the WeChat Pay public key gets notifications signed with either
 * until the switch completes, and certificates overlap around a rotation, so several keys
 * may be held (pay.weixin.qq.com/doc/v3/merchant/4012154180). The SIGNTEST probes WeChat
 * sends to see whether merchants really verify fail here like any other bad signature.
 */
export function verifyWechatSignature(
  headers: Headers,
  body: string,
  platformKeys: readonly PlatformKey[],
  now = Date.now(),
): WechatVerification {
  const timestamp = headers.get("wechatpay-timestamp");
  const nonce = headers.get("wechatpay-nonce");
  const signature = headers.get("wechatpay-signature");
  const serial = headers.get("wechatpay-serial");
  if (!timestamp || !nonce || !signature || !serial) return { ok: false, reason: "missing" };
  const platform = platformKeys.find((k) => k.serial.toUpperCase() === serial.toUpperCase());
  if (!platform) return { ok: false, reason: "unknown_serial" };
  if (!/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature))
    return { ok: false, reason: "bad_signature" };
  let genuine = false;
  try {
    genuine = createVerify("RSA-SHA256")
      .update(notifyMessage(timestamp, nonce, body), "utf8")
      .verify(platform.publicKey, Buffer.from(signature, "base64"));
  } catch {
    genuine = false;
  }
  if (!genuine) return { ok: false, reason: "bad_signature" };
  if (Math.abs(now - Number(timestamp) * 1000) > wechatToleranceSeconds * 1000)
    return { ok: false, reason: "stale" };
  return { ok: true };
}

/**
 * Opens a notification's `resource` (AEAD_AES_256_GCM): key = the 32-byte APIv3 key as
 * ASCII, IV = the nonce's bytes, AAD = associated_data, the last 16 bytes of the base64
 * ciphertext the tag (pay.weixin.qq.com …/wechatpay4_2). Null when it does not authenticate.
 */
export function decryptResource(
  resource: { ciphertext: string; nonce: string; associated_data?: string | null },
  apiV3Key: string,
): string | null {
  const key = Buffer.from(apiV3Key, "utf8");
  const data = Buffer.from(resource.ciphertext, "base64");
  if (key.length !== 32 || data.length < 17) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(resource.nonce, "utf8"));
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"));
    return Buffer.concat([
      decipher.update(data.subarray(0, data.length - 16)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}

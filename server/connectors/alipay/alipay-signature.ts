import { createSign, createVerify, type KeyObject } from "node:crypto";
import { encodeGbk } from "@/server/text/gbk";

/**
 * A value Alipay leaves out of signed content: empty or all whitespace, as its Java SDK's
 * StringUtils.isEmpty decides (Character.isWhitespace: the Unicode space and line separators
 * but the no-break spaces U+00A0, U+2007 and U+202F, and U+0009–U+000D, U+001C–U+001F).
 */
const javaBlank =
  /^[\t\n\v\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]*$/;

/**
 * Alipay's RSA2 scheme (SHA256withRSA, PKCS#1 v1.5): the parameters sorted by name in ASCII
 * order and joined as `k=v` with `&`, raw decoded values, no escaping (open.alipay.com
 * "自行实现验签", §2.4 of our provider notes). Requests sign everything but `sign`; async
 * notifications also leave `sign_type` out. Parameters with a blank value are left out of
 * both (alipay-sdk-java-all AlipaySignature.getSignContent / getSignCheckContentV1 keep a
 * parameter only when StringUtils.areNotEmpty(key, value)).
 */
export function alipaySignContent(
  params: Record<string, string>,
  exclude: readonly string[],
): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && !javaBlank.test(params[k] ?? ""))
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
}

export function signAlipay(content: string, privateKey: KeyObject): string {
  return createSign("RSA-SHA256").update(content, "utf8").sign(privateKey, "base64");
}

export function verifyAlipay(content: string, signature: string, publicKey: KeyObject): boolean {
  return verifyAlipayBytes(Buffer.from(content, "utf8"), signature, publicKey);
}

function verifyAlipayBytes(content: Uint8Array, signature: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return createVerify("RSA-SHA256")
      .update(content)
      .verify(publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/**
 * The sign content's bytes in the notification's charset: Alipay signs the text encoded as the
 * charset parameter says (its SDKs verify `content.getBytes(charset)`), so a `charset=gbk`
 * notification's Chinese subject is signed as GBK. Null for a charset we cannot encode.
 */
function contentBytes(content: string, charset: string | undefined): Uint8Array | null {
  switch ((charset ?? "utf-8").toLowerCase()) {
    case "utf-8":
    case "utf8":
      return Buffer.from(content, "utf8");
    case "gbk":
    case "gb2312":
    case "gb18030":
      return encodeGbk(content);
    default:
      return null;
  }
}

/**
 * An async notification's signature (decoded form, see decodeAlipayForm). The documented
 * content leaves sign_type out; some gateway notifications sign it too. Like Alipay's own
 * SDK (alipay-sdk, checkNotifySign), try without it, then with it.
 */
export function verifyAlipayNotification(p: Record<string, string>, publicKey: KeyObject): boolean {
  if (!p.sign) return false;
  const verifyOver = (exclude: string[]) => {
    const bytes = contentBytes(alipaySignContent(p, exclude), p.charset);
    return bytes !== null && p.sign !== undefined && verifyAlipayBytes(bytes, p.sign, publicKey);
  };
  return verifyOver(["sign", "sign_type"]) || (p.sign_type !== undefined && verifyOver(["sign"]));
}

function percentDecode(text: string, decoder: TextDecoder): string | null {
  const bytes: number[] = [];
  const plus = text.replaceAll("+", " ");
  for (let i = 0; i < plus.length; i++) {
    const c = plus.charCodeAt(i);
    if (c === 0x25) {
      const hex = plus.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i is within the string (the loop bound)
      bytes.push(...Buffer.from(plus[i]!, "utf8"));
    }
  }
  try {
    return decoder.decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/**
 * An `application/x-www-form-urlencoded` body decoded in the charset the notification names
 * (`charset=utf-8` in practice, `gbk` possible). Decoded once: values are signed decoded, and
 * decoding twice breaks on a literal `%` (alipay-sdk-nodejs issue #45). Null when malformed
 * or a name repeats.
 */
export function decodeAlipayForm(rawBody: string): Record<string, string> | null {
  const pairs = rawBody.split("&").filter((p) => p !== "");
  const charsetPair = pairs.find((p) => p.startsWith("charset="));
  let decoder: TextDecoder;
  try {
    // A charset that is no charset (or no escape: "%E4") refuses the form rather than throwing.
    const charset = charsetPair ? decodeURIComponent(charsetPair.slice(8)).toLowerCase() : "utf-8";
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    return null;
  }
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const name = percentDecode(eq < 0 ? pair : pair.slice(0, eq), decoder);
    const value = percentDecode(eq < 0 ? "" : pair.slice(eq + 1), decoder);
    if (name === null || value === null || name === "" || Object.hasOwn(out, name)) return null;
    out[name] = value;
  }
  return out;
}

/**
 * An OpenAPI answer `{"<method>_response":{…},"sign":"…"}` is signed over the raw text of
 * the inner object as sent, so it is cut out of the body, never re-serialised. In
 * certificate mode the answer also names the signing certificate (`"alipay_cert_sn":"…"`).
 */
export function alipayResponseContent(
  body: string,
  method: string,
): { content: string; sign: string | null; certSn: string | null } | null {
  const key = `"${method.replaceAll(".", "_")}_response":`;
  const start = body.indexOf(key);
  if (start < 0) return null;
  const from = start + key.length;
  let depth = 0;
  let inString = false;
  for (let i = from; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      const rest = body.slice(i + 1);
      const field = (name: string) =>
        new RegExp(`"${name}"\\s*:\\s*"([^"]*)"`).exec(rest)?.[1] ?? null;
      return {
        content: body.slice(from, i + 1),
        sign: field("sign"),
        certSn: field("alipay_cert_sn"),
      };
    }
  }
  return null;
}

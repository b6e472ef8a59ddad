import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { chinaBillDay } from "../bill-day.logic";
import { downloadFromProvider, str } from "../http";
import { ProviderError, type Connector } from "../types";
import { authorizationHeader } from "./wechat-pay-signature";
import { callApi, settings } from "./wechat-pay.connector";

const gzipMagic = [0x1f, 0x8b];

/**
 * The day's trade bill (交易账单, pay.weixin.qq.com …/get-trade-bill.html): `GET /v3/bill/tradebill`
 * answers `{hash_type, hash_value, download_url}`; the URL is then fetched with a v3 signature
 * of its own path (…/download-bill.html). That answer carries no Wechatpay-Signature: the file
 * is proved by its SHA-1 against hash_value instead, taken over the file un-gzipped. Asked
 * gzipped (tar_type=GZIP) to move a tenth of the bytes.
 */
export const downloadWechatStatement: NonNullable<Connector["downloadStatement"]> = async (
  method,
  { day },
  deps,
) => {
  const s = settings(method);
  const { json } = await callApi(
    s,
    deps.fetch,
    "GET",
    `/v3/bill/tradebill?bill_date=${day}&bill_type=ALL&tar_type=GZIP`,
    null,
    deps.now(),
  );
  const url = str(json, "download_url");
  const hashValue = str(json, "hash_value");
  if (!url || !hashValue || str(json, "hash_type") !== "SHA1")
    throw new ProviderError("BAD_RESPONSE", "WeChat Pay gave no download_url or SHA1 hash_value");
  // The signed answer names the URL; still, our signature goes only to WeChat Pay's own host.
  if (!url.startsWith(`${s.host}/`))
    throw new ProviderError("BAD_RESPONSE", "WeChat Pay's download_url is not on its API host");
  const path = url.slice(s.host.length);
  const res = await downloadFromProvider(deps.fetch, url, {
    method: "GET",
    headers: {
      authorization: authorizationHeader(
        { mchId: s.mchId, serialNo: s.serialNo, privateKey: s.privateKey },
        "GET",
        path,
        "",
        Math.floor(deps.now().getTime() / 1000),
      ),
    },
  });
  if (res.status !== 200)
    throw new ProviderError(
      `HTTP_${res.status}`,
      "WeChat Pay refused the bill download",
      res.status,
    );
  let bytes = res.bytes;
  if (bytes[0] === gzipMagic[0] && bytes[1] === gzipMagic[1]) {
    try {
      bytes = new Uint8Array(gunzipSync(bytes));
    } catch {
      throw new ProviderError("BAD_RESPONSE", "WeChat Pay's bill is not a readable gzip file");
    }
  }
  const digest = createHash("sha1").update(bytes).digest("hex");
  if (digest !== hashValue.toLowerCase())
    throw new ProviderError(
      "HASH_MISMATCH",
      `The downloaded bill's SHA-1 (${digest}) is not the hash_value WeChat Pay gave (${hashValue}): the file was changed or cut on the way, so it is not imported`,
    );
  return {
    fileName: `wechatpay-tradebill-${s.mchId}-${day}.csv`,
    bytes,
    period: chinaBillDay(day),
  };
};

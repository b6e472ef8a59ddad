import { chinaBillDay } from "../bill-day.logic";
import { downloadFromProvider, str } from "../http";
import { ProviderError, type Connector } from "../types";
import { callApi, settings } from "./alipay.connector";

/**
 * The day's trade statement (业务明细, bill_type=trade): alipay.data.dataservice.bill.downloadurl.query
 * answers a bill_download_url (valid about 30 s, signed by Alipay in its own query, so fetched
 * as given), which serves a zip of the detail and summary CSVs (our provider notes §5b). The
 * zip is returned as it came: the statement reader opens it.
 */
export const downloadAlipayStatement: NonNullable<Connector["downloadStatement"]> = async (
  method,
  { day },
  deps,
) => {
  const s = settings(method);
  const answer = await callApi(
    s,
    deps.fetch,
    "alipay.data.dataservice.bill.downloadurl.query",
    { bill_type: "trade", bill_date: day },
    deps.now(),
  );
  const url = str(answer, "bill_download_url");
  if (!url || !/^https?:\/\//.test(url))
    throw new ProviderError("BAD_RESPONSE", "Alipay gave no bill_download_url");
  const res = await downloadFromProvider(deps.fetch, url, { method: "GET" });
  // A lapsed or refused link answers a page, not a zip ("PK\x03\x04").
  const zip = res.bytes[0] === 0x50 && res.bytes[1] === 0x4b;
  if (res.status !== 200 || !zip)
    throw new ProviderError(
      `HTTP_${res.status}`,
      "Alipay's bill link did not give the statement (it lapses after 30 seconds: download again)",
      res.status,
    );
  return {
    fileName: `alipay-trade-${s.appId}-${day}.zip`,
    bytes: res.bytes,
    period: chinaBillDay(day),
  };
};

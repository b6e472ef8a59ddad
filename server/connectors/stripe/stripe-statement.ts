import { minorToMajorString } from "@/server/money/currency";
import { addDays, localDayStart } from "@/server/time/local-date.logic";
import { integerMinor } from "../amount.logic";
import { billDayIn } from "../bill-day.logic";
import { str } from "../http";
import { csvField } from "@/server/exports/csv.logic";
import { ProviderError, type Connector } from "../types";
import { callApi, settings } from "./stripe.connector";

/**
 * The columns of Stripe's balance-transactions export (Dashboard › Balance › Export, the
 * default columns): amounts in major units, signed from the balance's side (a refund is
 * negative), the fee positive; currency lower-case; times in UTC to the minute.
 */
export const stripeBalanceHeader = [
  "id",
  "Type",
  "Source",
  "Amount",
  "Fee",
  "Net",
  "Currency",
  "Created (UTC)",
  "Available On (UTC)",
  "Description",
] as const;

/** Stripe caps a list page at 100 (docs.stripe.com/api/pagination). */
const pageSize = 100;

/** A signed integer of minor units (a balance transaction's amount and net may be negative). */
function signedMinor(value: unknown): bigint | null {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) return null;
  return value < 0 ? -(integerMinor(-value) ?? 0n) : integerMinor(value);
}

const utcMinute = (unix: unknown) =>
  typeof unix === "number"
    ? new Date(unix * 1000).toISOString().slice(0, 16).replace("T", " ")
    : "";

/**
 * The merchant's local day of balance transactions (`GET /v1/balance_transactions`, created
 * within the day's UTC bounds, paged with starting_after), written in the export's CSV
 * layout: the API gives JSON, the merchant may also upload the export, so one reader reads
 * both. Charges are matched by their source (the ch_ id our connector keeps), refunds by
 * theirs (re_).
 */
export const downloadStripeStatement: NonNullable<Connector["downloadStatement"]> = async (
  method,
  { day, timeZone },
  deps,
) => {
  const s = settings(method);
  const from = unixSeconds(localDayStart(day, timeZone));
  const to = unixSeconds(localDayStart(addDays(day, 1), timeZone));
  const lines = [stripeBalanceHeader.join(",")];
  let after: string | null = null;
  for (;;) {
    const query = new URLSearchParams({
      "created[gte]": String(from),
      "created[lt]": String(to),
      limit: String(pageSize),
      ...(after ? { starting_after: after } : {}),
    });
    const page = await callApi(s, deps.fetch, "GET", `/v1/balance_transactions?${query}`, null);
    const data = Array.isArray(page.data) ? (page.data as Record<string, unknown>[]) : [];
    for (const t of data) {
      const id = str(t, "id");
      const currency = str(t, "currency");
      const amount = signedMinor(t.amount);
      const fee = signedMinor(t.fee);
      const net = signedMinor(t.net);
      if (!id || !currency || amount === null || fee === null || net === null)
        throw new ProviderError(
          "BAD_RESPONSE",
          "a balance transaction without id, currency or amounts",
        );
      const major = (minor: bigint) => minorToMajorString(minor, currency.toUpperCase());
      lines.push(
        [
          id,
          str(t, "type") ?? "",
          str(t, "source") ?? "",
          major(amount),
          major(fee),
          major(net),
          currency.toLowerCase(),
          utcMinute(t.created),
          utcMinute(t.available_on),
          str(t, "description") ?? "",
        ]
          .map(csvField)
          .join(","),
      );
    }
    const last = data.at(-1);
    if (page.has_more !== true || !last) break;
    after = str(last, "id");
  }
  return {
    fileName: `stripe-balance-${day}.csv`,
    bytes: new Uint8Array(Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8")),
    period: billDayIn(day, timeZone),
  };
};

/** An instant as whole Unix seconds, as Stripe's API takes and gives times. */
function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

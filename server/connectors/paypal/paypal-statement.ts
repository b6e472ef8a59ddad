import { addDays, localDayStart } from "@/server/time/local-date.logic";
import { decimalToMinor } from "../amount.logic";
import { billDayIn } from "../bill-day.logic";
import { obj, str } from "../http";
import { ProviderError, type Connector } from "../types";
import { callApi, settings } from "./paypal.connector";

/** The TRR (Transaction Detail Report, v8) data columns after the row-type column (§5c of our notes). */
export const paypalTrrColumns = [
  "Transaction ID",
  "Invoice ID",
  "PayPal Reference ID",
  "PayPal Reference ID Type",
  "Transaction Event Code",
  "Transaction Initiation Date",
  "Transaction Completion Date",
  "Transaction Debit or Credit",
  "Gross Transaction Amount",
  "Gross Transaction Currency",
  "Fee Debit or Credit",
  "Fee Amount",
  "Fee Currency",
  "Transactional Status",
  "Insurance Amount",
  "Sales Tax Amount",
  "Shipping Amount",
  "Transaction Subject",
  "Transaction Note",
  "Payer's Account ID",
  "Payer Address Status",
  "Item Name",
  "Item ID",
  "Option 1 Name",
  "Option 1 Value",
  "Option 2 Name",
  "Option 2 Value",
  "Auction Site",
  "Auction Buyer ID",
  "Auction Closing Date",
  "Shipping Address Line1",
  "Shipping Address Line2",
  "Shipping Address City",
  "Shipping Address State",
  "Shipping Address Zip",
  "Shipping Address Country",
  "Shipping Method",
  "Custom Field",
  "Billing Address Line1",
  "Billing Address Line2",
  "Billing Address City",
  "Billing Address State",
  "Billing Address Zip",
  "Billing Address Country",
  "Consumer ID",
  "First Name",
  "Last Name",
  "Consumer Business Name",
  "Card Type",
  "Payment Source",
  "Shipping Name",
  "Authorization Review Status",
  "Protection Eligibility",
  "Payment Tracking ID",
] as const;
type TrrColumn = (typeof paypalTrrColumns)[number];

/** The reporting API answers at most 500 transactions a page (developer.paypal.com/docs/api/transaction-search/v1). */
const pageSize = 500;

/** The reporting API's times: `2026-12-01T16:00:00+0000`. */
const apiTime = (at: Date) => `${at.toISOString().slice(0, 19)}+0000`;

/** The report's times: `2017/03/02 09:59:55 -0800`; ours in UTC. */
function trrTime(text: string | null): string {
  const at = text ? new Date(text.replace(/([+-]\d\d)(\d\d)$/, "$1:$2")) : null;
  if (!at || Number.isNaN(at.getTime())) return "";
  return `${at.toISOString().slice(0, 19).replace("T", " ").replaceAll("-", "/")} +0000`;
}

/** A signed decimal of the API ("-12.50") as the report's unsigned minor units and CR/DR. */
function creditDebit(money: Record<string, unknown> | null): {
  side: "CR" | "DR";
  minor: bigint;
  currency: string;
} | null {
  const currency = str(money, "currency_code");
  const value = str(money, "value");
  if (!currency || value === null) return null;
  const negative = value.startsWith("-");
  const minor = decimalToMinor(negative ? value.slice(1) : value, currency);
  return minor === null ? null : { side: negative ? "DR" : "CR", minor, currency };
}

/** A report row: the row type, then fields; text quoted, amounts bare (as the report writes them). */
const row = (type: string, fields: (string | bigint | number)[]) =>
  [
    `"${type}"`,
    ...fields.map((f) => (typeof f === "string" ? `"${f.replaceAll('"', '""')}"` : String(f))),
  ].join(",");

/**
 * The merchant's local day of PayPal transactions, from the Transaction Search API
 * (`GET /v1/reporting/transactions?fields=all`, paged). The API answers JSON; it is written
 * in the Transaction Detail Report's layout (RH/FH/SH/CH/SB/SF/SC/RF/RC/FF rows, amounts as
 * unsigned minor units with CR/DR) because merchants also upload that report from PayPal's
 * SFTP, and one reader then reads both. Per-currency totals go in the section and report
 * footers, as the report states its own.
 */
export const downloadPaypalStatement: NonNullable<Connector["downloadStatement"]> = async (
  method,
  { day, timeZone },
  deps,
) => {
  const s = settings(method);
  const start = localDayStart(day, timeZone);
  const end = new Date(localDayStart(addDays(day, 1), timeZone).getTime() - 1000);
  const body: string[] = [];
  const totals = new Map<
    string,
    { grossCr: bigint; grossDr: bigint; feeCr: bigint; feeDr: bigint }
  >();
  let account = "";
  for (let page = 1, pages = 1; page <= pages; page++) {
    const query = new URLSearchParams({
      start_date: apiTime(start),
      end_date: apiTime(end),
      fields: "all",
      page_size: String(pageSize),
      page: String(page),
    });
    const answer = await callApi(
      s,
      deps.fetch,
      "GET",
      `/v1/reporting/transactions?${query}`,
      null,
      deps.now(),
    );
    pages = typeof answer.total_pages === "number" ? answer.total_pages : 1;
    account = str(answer, "account_number") ?? account;
    const details = Array.isArray(answer.transaction_details)
      ? (answer.transaction_details as Record<string, unknown>[])
      : [];
    for (const d of details) {
      const info = obj(d, "transaction_info");
      const id = str(info, "transaction_id");
      const gross = creditDebit(obj(info, "transaction_amount"));
      if (!id || !gross)
        throw new ProviderError("BAD_RESPONSE", "a PayPal transaction without id or amount");
      const fee = creditDebit(obj(info, "fee_amount")) ?? {
        side: "CR",
        minor: 0n,
        currency: gross.currency,
      };
      const t = totals.get(gross.currency) ?? { grossCr: 0n, grossDr: 0n, feeCr: 0n, feeDr: 0n };
      if (gross.side === "CR") t.grossCr += gross.minor;
      else t.grossDr += gross.minor;
      if (fee.side === "CR") t.feeCr += fee.minor;
      else t.feeDr += fee.minor;
      totals.set(gross.currency, t);
      const fields: Partial<Record<TrrColumn, string | bigint>> = {
        "Transaction ID": id,
        "Invoice ID": str(info, "invoice_id") ?? "",
        "PayPal Reference ID": str(info, "paypal_reference_id") ?? "",
        "PayPal Reference ID Type": str(info, "paypal_reference_id_type") ?? "",
        "Transaction Event Code": str(info, "transaction_event_code") ?? "",
        "Transaction Initiation Date": trrTime(str(info, "transaction_initiation_date")),
        "Transaction Completion Date": trrTime(str(info, "transaction_updated_date")),
        "Transaction Debit or Credit": gross.side,
        "Gross Transaction Amount": gross.minor,
        "Gross Transaction Currency": gross.currency,
        "Fee Debit or Credit": fee.side,
        "Fee Amount": fee.minor,
        "Fee Currency": fee.currency,
        "Transactional Status": str(info, "transaction_status") ?? "",
        "Transaction Subject": str(info, "transaction_subject") ?? "",
        "Transaction Note": str(info, "transaction_note") ?? "",
        "Custom Field": str(info, "custom_field") ?? "",
        "Protection Eligibility": str(info, "protection_eligibility") ?? "",
      };
      body.push(
        row(
          "SB",
          paypalTrrColumns.map((c) => fields[c] ?? ""),
        ),
      );
    }
  }
  const footers = (type: string) =>
    [...totals].map(([currency, t]) =>
      row(type, [currency, t.grossCr, t.grossDr, t.feeCr, t.feeDr]),
    );
  const count = body.length;
  const period = [trrTime(start.toISOString()), trrTime(end.toISOString())];
  const lines = [
    row("RH", [trrTime(deps.now().toISOString()), "A", account, 8]),
    row("FH", [1]),
    row("SH", [...period, account, ""]),
    row("CH", [...paypalTrrColumns]),
    ...body,
    ...footers("SF"),
    row("SC", [count]),
    ...footers("RF"),
    row("RC", [count]),
    row("FF", [count]),
  ];
  return {
    fileName: `paypal-trr-${day}.csv`,
    bytes: new Uint8Array(Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8")),
    period: billDayIn(day, timeZone),
  };
};

import { DomainError } from "@/server/errors";

/**
 * A statement file Hexiao refuses: unknown layout, cut off, or a value that is not what its
 * column holds. The message key (`errors.statement*`) tells the person what was expected and
 * where, in their language; `details` fill its placeholders (line numbers are 1-based lines of
 * the decoded file, as a text editor shows them).
 */
export class StatementFileError extends DomainError {
  constructor(messageKey: string, message: string, details?: Record<string, string | number>) {
    super("VALIDATION", messageKey, message, details);
    this.name = "StatementFileError";
  }
}

/** What the message lists as readable, so a person knows which file to bring instead. */
const readableLayouts =
  "WeChat Pay trade bill (交易账单 ALL/SUCCESS/REFUND), Alipay 业务明细 (CSV or the downloaded zip), " +
  "PayPal Transaction Detail Report (TRR), Stripe balance-transaction report or export, " +
  "or a CSV with a saved column mapping";

export function unknownLayout(): StatementFileError {
  return new StatementFileError(
    "statementUnknownLayout",
    `Not a statement layout Hexiao reads. It reads: ${readableLayouts}.`,
  );
}

/** Provider ledgers Hexiao recognises and refuses: they hold balance movements, not payments. */
export type LedgerKind = "wechat_fund_flow" | "alipay_account";

/**
 * The right provider, the wrong report: an account ledger lists the balance's movements (a
 * fee is a row of its own, a payout one more), not the payments and refunds we match, so it
 * would only show differences. The message names the report of the same days to bring.
 */
export function ledgerNotTrades(kind: LedgerKind): StatementFileError {
  return kind === "wechat_fund_flow"
    ? new StatementFileError(
        "statementWechatFundFlow",
        "This is a WeChat Pay fund-flow bill (资金账单), a ledger of the balance. Upload the trade bill (交易账单) of the same day instead.",
      )
    : new StatementFileError(
        "statementAlipayAccountLedger",
        "This is an Alipay 账务明细 (account ledger), a ledger of the balance. Upload the 业务明细 (trade detail) of the same days instead.",
      );
}

/** The file stops before a part its layout always has (summary row, footer, report footer…). */
export function truncated(expected: string, line: number): StatementFileError {
  return new StatementFileError(
    "statementTruncated",
    `The file ends early after line ${line}: ${expected} is missing.`,
    { expected, line },
  );
}

function cell(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

export function badAmount(line: number, column: string, value: string): StatementFileError {
  return new StatementFileError(
    "statementBadAmount",
    `Line ${line}, column ${column}: ${JSON.stringify(value)} is not an amount.`,
    { line, column, value: cell(value) },
  );
}

export function badDate(line: number, column: string, value: string): StatementFileError {
  return new StatementFileError(
    "statementBadDate",
    `Line ${line}, column ${column}: ${JSON.stringify(value)} is not a date and time.`,
    { line, column, value: cell(value) },
  );
}

export function badCurrency(line: number, column: string, value: string): StatementFileError {
  return new StatementFileError(
    "statementBadCurrency",
    `Line ${line}, column ${column}: ${JSON.stringify(value)} is not a currency code.`,
    { line, column, value: cell(value) },
  );
}

export function columnCount(line: number, found: number, expected: number): StatementFileError {
  return new StatementFileError(
    "statementColumnCount",
    `Line ${line} has ${found} columns; its header has ${expected}.`,
    { line, found, expected },
  );
}

/**
 * Refuses a row with fewer fields than its header, or with more where one past the header's
 * holds anything: a comma inside an unquoted value (an amount written 1,250.00, a product's
 * name) moves every later column one right, and the row would be read with another column's
 * amount. An empty field past them (a comma ending the row) moves nothing.
 */
export function assertRowFits(line: number, fields: readonly string[], expected: number): void {
  if (fields.length < expected || fields.slice(expected).some((field) => field.trim() !== "")) {
    throw columnCount(line, fields.length, expected);
  }
}

export function missingColumn(column: string): StatementFileError {
  return new StatementFileError(
    "statementMissingColumn",
    `The file's header has no column ${JSON.stringify(column)}.`,
    { column },
  );
}

/** A line where the layout allows none, or not this one (after the summary, before a header). */
export function unexpectedLine(line: number, expected: string): StatementFileError {
  return new StatementFileError(
    "statementUnexpectedLine",
    `Line ${line} does not belong here: ${expected} was expected.`,
    { line, expected },
  );
}

export function badText(line: number, encoding: string): StatementFileError {
  return new StatementFileError("statementBadText", `Line ${line} is not valid ${encoding} text.`, {
    line,
    encoding,
  });
}

export function lineTooLong(line: number, limit: number): StatementFileError {
  return new StatementFileError(
    "statementLineTooLong",
    `Line ${line} is longer than any statement's line (${limit} characters at most).`,
    { line, limit },
  );
}

/** A figure past what its column holds: an amount, the lines' sums, or a stated count. */
export function tooLarge(line: number): StatementFileError {
  return new StatementFileError(
    "statementFigureTooLarge",
    `Line ${line}: an amount, a total or a count is larger than any statement's could be.`,
    { line },
  );
}

export function emptyFile(): StatementFileError {
  return new StatementFileError("statementEmpty", "The file is empty.");
}

export function zipTooLarge(limitMb: number): StatementFileError {
  return new StatementFileError(
    "statementZipTooLarge",
    `This compressed file unpacks to more than ${limitMb} MB, far more than its statement could be.`,
    { limitMb },
  );
}

export function zipWithoutDetail(): StatementFileError {
  return new StatementFileError(
    "statementZipWithoutDetail",
    "This zip holds neither an Alipay 业务明细 file nor a single statement file (or cannot be read as a zip).",
  );
}

export function gzipUnreadable(): StatementFileError {
  return new StatementFileError(
    "statementGzipUnreadable",
    "This gzip file is cut short or damaged, so its statement cannot be read.",
  );
}

import { alipayTradeLayout } from "./alipay-trade";
import { zipStatement } from "./alipay-zip";
import { CsvTokenizer, detectDelimiter } from "./csv-tokenizer";
import { genericCsvLayout } from "./generic-csv";
import { gunzipped, gzipMagic } from "./inflate-bounded";
import { paypalTrrLayout } from "./paypal-trr";
import { maxStoredMinor } from "@/server/money/currency";
import {
  StatementFileError,
  emptyFile,
  ledgerNotTrades,
  tooLarge,
  truncated,
  unknownLayout,
  type LedgerKind,
} from "./statement-file-error";
import type { LayoutReader, StatementLayout } from "./statement-layout";
import {
  decodeLines,
  sniffEncoding,
  utf16Bom,
  type StatementEncoding,
  type TextLine,
  type TextState,
} from "./statement-text";
import { stripeBalanceLayout, stripeReportLayout } from "./stripe-balance";
import type {
  ReadStatementOptions,
  StatementLine,
  StatementReader,
  StatementSummary,
  StatementTotals,
} from "./types";
import { wechatTradeLayout } from "./wechat-trade";

/** Known layouts, tried in order on the first line; the generic CSV comes last, with a mapping. */
const layouts: readonly StatementLayout[] = [
  wechatTradeLayout,
  alipayTradeLayout,
  paypalTrrLayout,
  stripeReportLayout,
  stripeBalanceLayout,
];

const zipMagic = [0x50, 0x4b, 0x03, 0x04] as const;

/** The source's first bytes (at least four, for the zip magic) and the source as a whole again. */
async function peek(
  source: AsyncIterable<Uint8Array>,
): Promise<{ head: Uint8Array; source: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < zipMagic.length) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* again(): AsyncGenerator<Uint8Array> {
    try {
      yield* taken;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        yield next.value;
      }
    } finally {
      // A refused or abandoned file lets go of its source (a file stream closes its handle).
      if (!done) await iterator.return?.();
    }
  }
  return { head, source: again() };
}

function isZip(head: Uint8Array): boolean {
  return zipMagic.every((byte, i) => head[i] === byte);
}

function isGzip(head: Uint8Array): boolean {
  return gzipMagic.every((byte, i) => head[i] === byte);
}

/**
 * Opens a statement: recognises its layout and encoding from its content (never its name),
 * and streams its lines. Memory stays flat however long the file: the bytes are read chunk by
 * chunk and each line is handed on as soon as it is read. A zip is opened at Alipay's 业务明细
 * entry, or its only file; a gzipped file (WeChat Pay's bill as its API gives it) is unpacked.
 */
export async function openStatement(
  input: AsyncIterable<Uint8Array>,
  options: ReadStatementOptions,
): Promise<StatementReader> {
  const peeked = await peek(input);
  if (peeked.head.length === 0) throw emptyFile();
  // A compressed file tells its progress in the bytes read, not those it unpacks to.
  const source = isZip(peeked.head)
    ? zipStatement(peeked.source, options.onProgress)
    : isGzip(peeked.head)
      ? gunzipped(peeked.source, options.onProgress)
      : null;
  const state: TextState = { encoding: "utf-8", endedMidLine: false, lineCount: 0 };
  const batches = source
    ? decodeLines(source, state)
    : decodeLines(peeked.source, state, options.onProgress);

  // The first non-empty line decides the layout; the lines before and with it are read again.
  const opening: TextLine[] = [];
  let firstLine: string | null = null;
  let layout: StatementLayout;
  let reader: LayoutReader;
  try {
    while (firstLine === null) {
      const next = await batches.next();
      if (next.done) break;
      for (const line of next.value) {
        opening.push(line);
        if (firstLine === null && line.text.trim() !== "") firstLine = line.text;
      }
    }
    if (firstLine === null) throw emptyFile();
    layout = chooseLayout(firstLine, options);
    reader = layout.open(options);
  } catch (error) {
    await batches.return(undefined);
    throw error;
  }
  const tokenizer = new CsvTokenizer(layout.dialect(firstLine));
  const counted: StatementTotals = {
    lineCount: 0,
    paymentsMinor: 0n,
    refundsMinor: 0n,
    feesMinor: 0n,
  };
  let currency: string | null | undefined;
  let summary: StatementSummary | null = null;

  let started = false;
  async function* lines(): AsyncGenerator<StatementLine> {
    // The bytes stream past once: a second reader would see the file's end, not its lines.
    if (started) throw new Error("A statement's lines are read once");
    started = true;
    try {
      yield* readAllLines();
    } finally {
      await batches.return(undefined);
    }
  }

  async function* readAllLines(): AsyncGenerator<StatementLine> {
    for (let batch: TextLine[] | null = opening; batch;) {
      for (const line of batch) {
        const record = tokenizer.push(line);
        if (!record) continue;
        const isLast = state.endedMidLine && line.no === state.lineCount;
        const statementLine = readRecord(reader, record, isLast);
        if (!statementLine) continue;
        counted.lineCount++;
        if (statementLine.kind === "payment") counted.paymentsMinor += statementLine.amountMinor;
        if (statementLine.kind === "refund") counted.refundsMinor += statementLine.amountMinor;
        counted.feesMinor += statementLine.feeMinor;
        assertStorable(record.lineNo, [statementLine.amountMinor, statementLine.feeMinor], counted);
        if (currency === undefined) currency = statementLine.currency;
        else if (currency !== statementLine.currency) currency = null;
        yield statementLine;
      }
      const next = await batches.next();
      batch = next.done ? null : next.value;
    }
    const open = tokenizer.unfinishedAt;
    if (open !== null)
      throw truncated(`the closing quote of the field begun on line ${open}`, state.lineCount);
    const end = reader.end({ ...counted }, state.lineCount);
    if (end.declared) {
      const { lineCount, ...stated } = end.declared;
      if (lineCount !== null && !(lineCount >= 0 && lineCount <= maxCount)) {
        throw tooLarge(state.lineCount);
      }
      assertStorable(state.lineCount, Object.values(stated));
    }
    summary = {
      period: end.period,
      currency:
        currency === undefined ? (end.currency ?? options.mapping?.currency ?? null) : currency,
      declared: end.declared,
      counted: { ...counted },
    };
  }

  return {
    format: layout.format,
    // The encoding is settled by the first non-ASCII bytes, which may come after the header.
    get encoding() {
      return state.encoding;
    },
    lines: { [Symbol.asyncIterator]: lines },
    summary() {
      if (!summary)
        throw new Error("The statement's summary is known only after all its lines are read");
      return summary;
    },
    async close() {
      await batches.return(undefined);
    },
  };
}

/** The statements' count columns are PostgreSQL `integer`s. */
const maxCount = 2 ** 31 - 1;

/**
 * Refuses a line (or the file's stated totals) with a figure its column cannot hold: a file's
 * text can state any number, and one past a `bigint` failed the whole import at its insert
 * as an internal error. The running totals are checked too: two storable lines can overflow.
 */
function assertStorable(
  line: number,
  figures: readonly (bigint | null)[],
  totals?: StatementTotals,
): void {
  const all = totals
    ? [...figures, totals.paymentsMinor, totals.refundsMinor, totals.feesMinor]
    : figures;
  for (const figure of all) {
    if (figure !== null && (figure > maxStoredMinor || figure < -maxStoredMinor)) {
      throw tooLarge(line);
    }
  }
}

/**
 * A record read by the layout. A file whose last line has no line break and does not read is
 * a file cut in the middle of that line: said so, rather than blaming the half value.
 */
function readRecord(
  reader: LayoutReader,
  record: Parameters<LayoutReader["read"]>[0],
  isLast: boolean,
): StatementLine | null {
  try {
    return reader.read(record);
  } catch (error) {
    if (isLast && error instanceof StatementFileError) {
      throw truncated(`the rest of line ${record.lineNo}`, record.lineNo);
    }
    throw error;
  }
}

function chooseLayout(firstLine: string, options: ReadStatementOptions): StatementLayout {
  const known = layouts.find((layout) => layout.recognises(firstLine, options));
  if (known) return known;
  // A mapped generic CSV: its header must hold the mapped columns (missing ones are named).
  if (options.mapping && genericCsvLayout.recognises(firstLine, options)) return genericCsvLayout;
  const ledger = ledgerKind(firstLine);
  throw ledger ? ledgerNotTrades(ledger) : unknownLayout();
}

/**
 * A provider's ledger, told by its first line: WeChat Pay's fund-flow bill starts with its
 * header (记账时间, 资金流水单号, … in backticked or plain cells), Alipay's 账务明细 with its
 * title line. Checked after a saved mapping, which may read a ledger on purpose.
 */
function ledgerKind(firstLine: string): LedgerKind | null {
  if (firstLine.includes("记账时间") && firstLine.includes("资金流水单号"))
    return "wechat_fund_flow";
  if (firstLine.trim().startsWith("#支付宝账务明细")) return "alipay_account";
  return null;
}

/** What the mapping dialog shows of a file's first bytes. */
export interface CsvPreview {
  encoding: StatementEncoding;
  delimiter: "," | ";" | "\t";
  headers: string[];
  rows: string[][];
}

const previewRows = 5;

/**
 * The header and first rows of a CSV, from its first bytes (a cut last line is left out), for
 * the merchant to map its columns. Encoding and delimiter are detected as the reader does.
 */
export function previewCsv(head: Uint8Array): CsvPreview {
  if (isZip(head) || isGzip(head)) throw unknownLayout();
  const hasBom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const utf16 = utf16Bom(head);
  const bytes = hasBom ? head.subarray(3) : utf16 ? head.subarray(2) : head;
  const encoding = hasBom ? "utf-8" : (utf16 ?? sniffEncoding(bytes));
  const text = new TextDecoder(encoding).decode(bytes, { stream: true });
  const all = text.split("\n").map((line) => line.replace(/\r$/, ""));
  // The head ends somewhere in a line unless it ends with a line break: that line is cut.
  const complete = all.length > 1 ? all.slice(0, -1) : all;
  const lines = complete.filter((line) => line.trim() !== "");
  const first = lines[0];
  if (first === undefined) throw emptyFile();
  const delimiter = detectDelimiter(first);
  const tokenizer = new CsvTokenizer({ delimiter, quoted: true });
  const records: string[][] = [];
  lines.forEach((line, i) => {
    if (records.length > previewRows) return;
    const record = tokenizer.push({ no: i + 1, text: line });
    if (record) records.push(record.fields.map((field) => field.trim()));
  });
  const [headers = [], ...rows] = records;
  return { encoding, delimiter, headers, rows: rows.slice(0, previewRows) };
}

import type { TextLine } from "./statement-text";

/** How a file separates and quotes its fields. */
export interface CsvDialect {
  delimiter: "," | ";" | "\t";
  /**
   * RFC 4180 quoting: a field that starts with `"` runs to the next lone `"`, may hold the
   * delimiter and line breaks, and writes a quote as `""`. Off for the layouts documented as
   * unquoted (WeChat, Alipay), where a `"` in a product name is just a character.
   */
  quoted: boolean;
}

/** One record: its fields, the line it starts on, and its text as in the file. */
export interface CsvRecord {
  lineNo: number;
  fields: string[];
  raw: string;
}

interface OpenRecord {
  lineNo: number;
  raw: string;
  fields: string[];
  /** The quoted field being read when the line ended. */
  field: string;
}

/**
 * The one CSV reader of statements. Lines go in one at a time (they arrive in chunks), and a
 * record comes out when it is complete: a quoted field that holds a line break keeps the
 * record open across lines.
 */
export class CsvTokenizer {
  private open: OpenRecord | null = null;

  constructor(readonly dialect: CsvDialect) {}

  /** The line number where an unfinished record (an unclosed quote) starts, if any. */
  get unfinishedAt(): number | null {
    return this.open?.lineNo ?? null;
  }

  /** The unfinished record as far as it goes (the file ended inside a quote), and forgets it. */
  finish(): CsvRecord | null {
    const open = this.open;
    this.open = null;
    return open && { lineNo: open.lineNo, fields: [...open.fields, open.field], raw: open.raw };
  }

  push(line: TextLine): CsvRecord | null {
    const { delimiter, quoted } = this.dialect;
    const open = this.open;
    if (!open && (!quoted || !line.text.includes('"'))) {
      return { lineNo: line.no, fields: line.text.split(delimiter), raw: line.text };
    }
    const record: OpenRecord = open
      ? { ...open, raw: `${open.raw}\n${line.text}`, field: `${open.field}\n` }
      : { lineNo: line.no, raw: line.text, fields: [], field: "" };
    const rest = tokenize(line.text, delimiter, record, open !== null);
    if (rest === "open") {
      this.open = record;
      return null;
    }
    this.open = null;
    return { lineNo: record.lineNo, fields: record.fields, raw: record.raw };
  }
}

/**
 * Reads `text` into `record.fields`. `inQuote`: the line continues a quoted field begun on an
 * earlier line. Returns "open" when the line ends inside a quoted field.
 */
function tokenize(
  text: string,
  delimiter: string,
  record: OpenRecord,
  inQuote: boolean,
): "open" | "done" {
  let pos = 0;
  let quotedField = inQuote;
  let field = inQuote ? record.field : "";
  for (;;) {
    if (!quotedField) {
      if (text.charCodeAt(pos) === 34 /* " */) {
        quotedField = true;
        pos++;
        continue;
      }
      const end = text.indexOf(delimiter, pos);
      if (end === -1) {
        record.fields.push(field + text.slice(pos));
        return "done";
      }
      record.fields.push(field + text.slice(pos, end));
      field = "";
      pos = end + delimiter.length;
      continue;
    }
    const quote = text.indexOf('"', pos);
    if (quote === -1) {
      record.field = field + text.slice(pos);
      return "open";
    }
    field += text.slice(pos, quote);
    if (text.charCodeAt(quote + 1) === 34) {
      field += '"';
      pos = quote + 2;
      continue;
    }
    // The closing quote; anything up to the delimiter is kept (lenient, as spreadsheets are).
    quotedField = false;
    pos = quote + 1;
    const end = text.indexOf(delimiter, pos);
    if (end === -1) {
      record.fields.push(field + text.slice(pos));
      return "done";
    }
    record.fields.push(field + text.slice(pos, end));
    field = "";
    pos = end + delimiter.length;
  }
}

/** The fields of one line on its own (a header, a preview row); an unclosed quote runs to the end. */
export function splitLine(text: string, dialect: CsvDialect): string[] {
  const tokenizer = new CsvTokenizer(dialect);
  return (tokenizer.push({ no: 1, text }) ?? tokenizer.finish())?.fields ?? [];
}

const candidates = [",", ";", "\t"] as const;

/**
 * The delimiter a header line uses: whichever of comma, semicolon, tab splits it most, read as
 * splitLine reads it (quoted fields may hold the others). The fields are counted, not built:
 * a header of a million columns is three scans of its characters, with nothing allocated (it
 * took about 2 s building a string per column for each candidate).
 */
export function detectDelimiter(header: string): CsvDialect["delimiter"] {
  let best: CsvDialect["delimiter"] = ",";
  let bestCount = 0;
  for (const delimiter of candidates) {
    const count = delimitersOutsideQuotes(header, delimiter);
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/**
 * How many fields `delimiter` ends in `line`, read as the tokenizer reads it (a field that
 * starts with a quote runs to the next lone one, "" being a quote inside it; unclosed, to the
 * end of the line), each stretch found by indexOf.
 */
function delimitersOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let pos = 0;
  for (;;) {
    if (line.charCodeAt(pos) === 34 /* " */) {
      let close = line.indexOf('"', pos + 1);
      while (close !== -1 && line.charCodeAt(close + 1) === 34)
        close = line.indexOf('"', close + 2);
      if (close === -1) return count;
      pos = close + 1;
    }
    const end = line.indexOf(delimiter, pos);
    if (end === -1) return count;
    count++;
    pos = end + 1;
  }
}

import type { CsvDialect, CsvRecord } from "./csv-tokenizer";
import type {
  ReadStatementOptions,
  StatementFormat,
  StatementLine,
  StatementSummary,
  StatementTotals,
} from "./types";

/** What a layout knows once its last record is read. */
export interface LayoutEnd {
  period: StatementSummary["period"];
  declared: StatementSummary["declared"];
  /** The currency of an empty file, when the layout has only one (WeChat, Alipay: CNY). */
  currency?: string;
}

/** One file being read in a layout: records in, lines out. */
export interface LayoutReader {
  /** A record of the file: the line it states, or null for headers, summaries and comments. */
  read(record: CsvRecord): StatementLine | null;
  /**
   * After the last record (`lastLine` is the file's last line number): the file's own totals
   * and period. Throws a truncated error when the part the layout always ends with is missing.
   * `counted` are the sums of the lines read, for layouts whose totals are stated in other terms.
   */
  end(counted: StatementTotals, lastLine: number): LayoutEnd;
}

/** A statement layout: how to recognise it from its first line and how to read it. */
export interface StatementLayout {
  format: StatementFormat;
  /** Whether the file's first non-empty line (BOM removed) starts this layout. */
  recognises(firstLine: string, options: ReadStatementOptions): boolean;
  dialect(firstLine: string): CsvDialect;
  open(options: ReadStatementOptions): LayoutReader;
}

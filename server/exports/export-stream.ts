import { PassThrough, Readable } from "node:stream";
import type ExcelJS from "exceljs";
import { csvHeader, csvRows, xlsxCell, type ExportSource } from "./export.logic";

export const exportFormats = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const contentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * The CSV as a byte stream that asks for the next page only when the reader wants more bytes
 * (pull), so a slow download holds one page in memory, never the whole export.
 */
function csvStream<Row>(source: ExportSource<Row>, timeZone: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = source.pages[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvHeader(source.columns)));
          return;
        }
        try {
          const next = await pages.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(csvRows(source.columns, next.value, timeZone)));
        } catch (err) {
          // The status line has gone out: failing the stream is how the download says it broke.
          console.error(`export ${source.name} failed mid-stream:`, err);
          controller.error(err);
        }
      },
      async cancel() {
        await pages.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * Resolves once the zip writer has had its turn and `out` may take more (or the reader has
 * gone). exceljs hands rows to the zip without waiting, so this is where the page loop waits.
 */
async function writable(out: PassThrough): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (!out.writableNeedDrain || out.destroyed) return;
  return new Promise((resolve) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.on("drain", done);
    out.on("close", done);
  });
}

/** One row of cells, each with its number format when it has one. */
function addCells(sheet: ExcelJS.Worksheet, cells: ReturnType<typeof xlsxCell>[]): ExcelJS.Row {
  const row = sheet.addRow(cells.map((c) => c.value));
  cells.forEach((c, i) => {
    if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt;
  });
  return row;
}

/** A worksheet holds 1,048,576 rows (Excel's limit): the header and this many rows of data. */
const xlsxRowsPerSheet = 1_048_575;

/**
 * The XLSX through exceljs' streaming writer: rows are committed as they come and the zip is
 * written as it goes; the next page is read only once the reader has taken the last one. A
 * longer export continues on a second sheet ("name (2)") rather than breaking the file.
 */
function xlsxStream<Row>(
  source: ExportSource<Row>,
  timeZone: string,
  rowsPerSheet: number,
): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  void (async () => {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    let sheets = 0;
    const addSheet = () => {
      sheets++;
      const suffix = sheets > 1 ? ` (${sheets})` : "";
      const sheet = workbook.addWorksheet(source.name.slice(0, 31 - suffix.length) + suffix);
      sheet.columns = source.columns.map(() => ({ width: 20 }));
      const header = addCells(
        sheet,
        source.columns.map((c) => xlsxCell(c.header, timeZone)),
      );
      header.font = { bold: true };
      header.commit();
      return sheet;
    };
    let sheet = addSheet();
    let rowsInSheet = 0;
    for await (const page of source.pages) {
      if (out.destroyed) return;
      for (const item of page) {
        if (rowsInSheet === rowsPerSheet) {
          sheet.commit();
          sheet = addSheet();
          rowsInSheet = 0;
        }
        addCells(
          sheet,
          source.columns.map((c) => xlsxCell(c.value(item), timeZone)),
        ).commit();
        rowsInSheet++;
      }
      await writable(out);
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err: unknown) => {
    console.error(`export ${source.name} failed mid-stream:`, err);
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

export function exportStream<Row>(
  format: ExportFormat,
  source: ExportSource<Row>,
  timeZone: string,
  rowsPerSheet = xlsxRowsPerSheet,
): ReadableStream<Uint8Array> {
  return format === "csv"
    ? csvStream(source, timeZone)
    : xlsxStream(source, timeZone, rowsPerSheet);
}

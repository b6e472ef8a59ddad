import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";
import type { ExportSource } from "./export.logic";
import { exportStream, type ExportFormat } from "./export-stream";

/** An export without end (and text that compresses little, as real data): it counts the pages asked for and notes when it is closed. */
function endless() {
  const seen = { pages: 0, closed: false };
  const source: ExportSource<number> = {
    name: "endless",
    columns: [
      { header: "n", value: (n) => n },
      { header: "text", value: (n) => `row ${n} ${randomBytes(20).toString("hex")}` },
    ],
    pages: (async function* () {
      try {
        for (let page = 0; ; page++) {
          seen.pages++;
          yield Array.from({ length: 500 }, (_, i) => page * 500 + i);
        }
      } finally {
        seen.closed = true;
      }
    })(),
  };
  return { seen, source };
}

/**
 * Waits until the export has stopped asking for pages (the same count at five looks 100 ms
 * apart: XLSX compresses on other threads, later on a busy machine). An export that keeps
 * reading passes `limit` on its way, and fails there.
 */
async function pagesAtRest(seen: { pages: number }, limit: number) {
  let last = -1;
  for (let still = 0; still < 5;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.pages).toBeLessThan(limit);
    still = seen.pages === last ? still + 1 : 0;
    last = seen.pages;
  }
}

describe.each<ExportFormat>(["csv", "xlsx"])("the %s stream", (format) => {
  it("reads pages only as the download takes bytes, and stops reading when it is cancelled", async () => {
    const { seen, source } = endless();
    const reader = exportStream(format, source, "Asia/Shanghai").getReader();
    let bytes = 0;
    while (bytes < 200_000) {
      const { value } = await reader.read();
      bytes += value!.length;
    }
    // About what the bytes taken hold (XLSX: compressed, plus the zip's buffers), not more.
    await pagesAtRest(seen, 100);
    await reader.cancel();
    await vi.waitFor(() => expect(seen.closed).toBe(true), { timeout: 10_000 });
  });
});

describe("the xlsx stream", () => {
  it("continues on another sheet past a sheet's row limit", async () => {
    const source: ExportSource<number> = {
      name: "long",
      columns: [{ header: "n", value: (n) => n }],
      pages: (async function* () {
        yield [1, 2, 3];
        yield [4, 5];
      })(),
    };
    const bytes = await new Response(exportStream("xlsx", source, "UTC", 3)).arrayBuffer();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const values = (sheet: ExcelJS.Worksheet) =>
      sheet.getRows(1, sheet.rowCount)!.map((r) => r.getCell(1).value);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["long", "long (2)"]);
    expect(values(workbook.worksheets[0]!)).toEqual(["n", 1, 2, 3]);
    expect(values(workbook.worksheets[1]!)).toEqual(["n", 4, 5]);
  });

  it("keeps a typed formula as text that shows as typed and stays text when edited", async () => {
    const typed = ['=HYPERLINK("http://x")', "+1", "-2", "@sum", "plain"];
    const source: ExportSource<string> = {
      name: "typed",
      columns: [{ header: "name", value: (s) => s }],
      pages: (async function* () {
        yield typed;
      })(),
    };
    const bytes = await new Response(exportStream("xlsx", source, "UTC")).arrayBuffer();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const cells = workbook.worksheets[0]!.getRows(2, typed.length)!.map((r) => r.getCell(1));
    // Shown without the CSV's apostrophe, as string cells (never formulas)…
    expect(cells.map((c) => c.value)).toEqual(typed);
    expect(cells.map((c) => c.type)).toEqual(typed.map(() => ExcelJS.ValueType.String));
    // …in the Text format, so a spreadsheet keeps what is typed into them as text.
    expect(cells.map((c) => c.numFmt ?? null)).toEqual(["@", "@", "@", "@", null]);
  });
});

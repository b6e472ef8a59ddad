import { minorToMajorString } from "@/server/money/currency";

/** A cell: text, a number, an amount (exported in major units of the table's currency), or empty. */
export type Cell = string | number | { minor: bigint } | null;

export interface ExportTable {
  /** File and sheet name. */
  name: string;
  currency: string;
  columns: string[];
  rows: Cell[][];
}

/**
 * Text that a spreadsheet would run as a formula (=, +, -, @ and the tab/CR tricks) gets a
 * leading apostrophe: a method label typed by a user must not become a formula in the
 * owner's Excel (OWASP "CSV injection").
 */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cellText(cell: Cell, currency: string): string {
  if (cell === null) return "";
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "object") return minorToMajorString(cell.minor, currency);
  return defuse(cell);
}

/** RFC 4180 CSV with a byte-order mark, so Excel opens the Chinese headers as UTF-8. */
export function toCsv(table: ExportTable): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [
    table.columns,
    ...table.rows.map((r) => r.map((c) => cellText(c, table.currency))),
  ];
  return `\uFEFF${lines.map((l) => l.map(quote).join(",")).join("\r\n")}\r\n`;
}

/** An .xlsx workbook of one sheet: amounts as numbers with the currency's decimals, text as text. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.name.slice(0, 31));
  sheet.addRow(table.columns).font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow(
      row.map((c) => {
        if (c === null) return null;
        if (typeof c === "object") return Number(minorToMajorString(c.minor, table.currency));
        return typeof c === "string" ? defuse(c) : c;
      }),
    );
    row.forEach((c, i) => {
      if (c !== null && typeof c === "object") {
        const digits = minorToMajorString(0n, table.currency).split(".")[1]?.length ?? 0;
        added.getCell(i + 1).numFmt = digits > 0 ? `0.${"0".repeat(digits)}` : "0";
      }
    });
  }
  sheet.columns.forEach((column) => (column.width = 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import { describe, expect, it } from "vitest";
import { csvField, csvRecord, defuseFormula, utf8Bom } from "./csv.logic";
import { cellText, csvHeader, csvRows, money, xlsxCell, type ExportColumn } from "./export.logic";

describe("the CSV writer", () => {
  it("quotes commas, quotes and line breaks (RFC 4180) and ends records with CRLF", () => {
    expect(csvRecord(["a", 'say "hi"', "x,y", "two\nlines", "", "5"])).toBe(
      'a,"say ""hi""","x,y","two\nlines",,5\r\n',
    );
    expect(csvField("plain 中文")).toBe("plain 中文");
    expect(csvField("cr\ronly")).toBe('"cr\ronly"');
  });

  it("defuses every character a spreadsheet starts a formula with", () => {
    for (const text of ["=1+1", "+86 138", "-5", "@SUM(A1)", "\tHIDDEN", "\rX"]) {
      expect(defuseFormula(text)).toBe(`'${text}`);
    }
    expect(defuseFormula("plain")).toBe("plain");
    expect(defuseFormula("a=b")).toBe("a=b");
  });

  it("starts the file with the byte-order mark Excel needs for Chinese, then the header", () => {
    const columns: ExportColumn<{ n: string }>[] = [
      { header: "门店", value: (r) => r.n },
      { header: "=金额", value: () => null },
    ];
    const head = csvHeader(columns);
    expect(head.startsWith(utf8Bom)).toBe(true);
    expect(head).toBe("\uFEFF门店,'=金额\r\n");
    expect(csvRows(columns, [{ n: '=Second, "new"' }, { n: "B" }], "UTC")).toBe(
      '"\'=Second, ""new""",\r\nB,\r\n',
    );
  });
});

describe("cells", () => {
  it("write amounts exactly in major units by each currency's exponent", () => {
    const text = (minor: bigint, currency: string) => cellText(money(minor, currency), "UTC");
    expect(text(1250n, "CNY")).toBe("12.50");
    expect(text(5n, "CNY")).toBe("0.05");
    expect(text(-300n, "USD")).toBe("-3.00");
    expect(text(1200n, "JPY")).toBe("1200");
    expect(text(1234n, "KWD")).toBe("1.234");
    // Beyond a double's 15–16 digits, still exact.
    expect(text(9_007_199_254_740_993n, "CNY")).toBe("90071992547409.93");
    expect(money(null, "CNY")).toBeNull();
    expect(money(100n, null)).toBeNull();
  });

  it("write our own numbers as they are: a negative amount or count is not defused", () => {
    expect(cellText(-5, "UTC")).toBe("-5");
    expect(cellText(-12n, "UTC")).toBe("-12");
    expect(cellText(money(-1n, "CNY"), "UTC")).toBe("-0.01");
    expect(cellText(null, "UTC")).toBe("");
    expect(cellText("-5", "UTC")).toBe("'-5");
  });

  it("write an instant in the shop's zone with its offset", () => {
    const at = new Date("2026-03-01T06:05:09.900Z");
    expect(cellText(at, "Asia/Shanghai")).toBe("2026-03-01 14:05:09 +08:00");
  });

  it("give XLSX numbers with the currency's decimals, typed formulas as Text, and the same text as CSV otherwise", () => {
    expect(xlsxCell(money(1250n, "CNY"), "UTC")).toEqual({ value: 12.5, numFmt: "0.00" });
    expect(xlsxCell(money(1200n, "JPY"), "UTC")).toEqual({ value: 1200, numFmt: "0" });
    expect(xlsxCell(money(1234n, "KWD"), "UTC")).toEqual({ value: 1.234, numFmt: "0.000" });
    // Too large to be exact as a spreadsheet number: kept as exact text.
    expect(xlsxCell(money(9_007_199_254_740_993n, "CNY"), "UTC")).toEqual({
      value: "90071992547409.93",
    });
    expect(xlsxCell("=cmd", "UTC")).toEqual({ value: "=cmd", numFmt: "@" });
    expect(xlsxCell(new Date("2026-03-01T06:05:09Z"), "Asia/Shanghai")).toEqual({
      value: "2026-03-01 14:05:09 +08:00",
    });
    expect(xlsxCell(7n, "UTC")).toEqual({ value: 7 });
  });
});

import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "./csv.logic";

describe("csvField", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvField('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvField("plain")).toBe("plain");
  });
  it("defuses spreadsheet formulas", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });
  it("writes numbers as they are and nulls as empty", () => {
    expect(csvField(-12n)).toBe("-12");
    expect(csvField(null)).toBe("");
  });
});

describe("toCsv", () => {
  it("writes a header and CRLF-terminated rows", () => {
    expect(toCsv(["a", "b"], [["1", null]])).toBe("a,b\r\n1,\r\n");
  });
});

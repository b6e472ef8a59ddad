import { describe, expect, it } from "vitest";
import { csvLine } from "./csv.logic";

describe("csvLine", () => {
  it("quotes commas, quotes and line breaks, and ends with CRLF", () => {
    expect(csvLine(["a", 'say "hi"', "x,y", "two\nlines", null, 5, 7n])).toBe(
      'a,"say ""hi""","x,y","two\nlines",,5,7\r\n',
    );
  });

  it("keeps formulas as text", () => {
    expect(csvLine(["=1+1", "+86 138", "-5", "@SUM(A1)", "plain"])).toBe(
      "'=1+1,'+86 138,'-5,'@SUM(A1),plain\r\n",
    );
    // Numbers we write ourselves are not text a person typed: negative numbers stay numbers.
    expect(csvLine([-5])).toBe("-5\r\n");
  });
});

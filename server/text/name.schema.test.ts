import { describe, expect, it } from "vitest";
import { nameSchema, optionalNameSchema } from "./name.schema";

const issues = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("a name people read", () => {
  const name = nameSchema(20);

  it.each([
    ["zero-width space", "\u200b"],
    ["word joiner", "\u2060\u2060"],
    ["byte-order mark and a zero-width space", " \ufeff\u200b "],
    ["soft hyphen", "\u00ad"],
    ["zero-width joiners mixed with spaces", "\u200d \u200c\u3000"],
    ["Hangul filler", "\u3164"],
    ["variation selector", "\ufe0f"],
  ])("is refused as blank when it holds only a %s", (_what, text) => {
    expect(issues(name.safeParse(text))).toEqual(["blankName"]);
  });

  it("is required when empty, and trimmed", () => {
    expect(issues(name.safeParse("   "))).toEqual(["required"]);
    expect(name.parse("  Riverside ")).toBe("Riverside");
  });

  it("keeps invisible characters inside visible text", () => {
    for (const text of ["👩\u200d🍳", "می\u200cخواهم", "Caf\u00ade", "\u200bLatte"]) {
      expect(name.parse(text)).toBe(text);
    }
  });

  it("may be left out when optional, not given blank", () => {
    const optional = optionalNameSchema(20);
    expect(optional.parse(" ")).toBe("");
    expect(issues(optional.safeParse("\u200b"))).toEqual(["blankName"]);
    expect(optional.parse("Tea")).toBe("Tea");
  });
});

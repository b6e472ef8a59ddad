import { describe, expect, it } from "vitest";
import { cn } from "./cn";

describe("cn", () => {
  it("joins strings, arrays and { name: condition } in order, leaving out what is off", () => {
    expect(cn("px-2 py-1", false && "h-4", null, undefined, 0, "", ["h-8", ["w-4"]])).toBe(
      "px-2 py-1 h-8 w-4",
    );
    expect(cn({ "h-8": true, "w-4": false }, "text-sm")).toBe("h-8 text-sm");
  });

  it("merges nothing: a class of the same kind stays beside the other", () => {
    expect(cn("px-2", "px-4")).toBe("px-2 px-4");
  });
});

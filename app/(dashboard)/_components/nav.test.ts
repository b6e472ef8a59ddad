import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { navItems } from "./nav";
import { shellButtonIcons } from "@/app/_components/shell-icon";

describe("the shell's icons", () => {
  it("has a symbol in public/shell-icons.svg for every area and button", () => {
    const sprite = readFileSync(
      path.join(import.meta.dirname, "../../../public/shell-icons.svg"),
      "utf8",
    );
    const symbols = [...sprite.matchAll(/<symbol id="([^"]+)"/g)].map((m) => m[1]);
    expect(symbols.sort()).toEqual(
      [...navItems.map((item) => item.area), ...shellButtonIcons].sort(),
    );
  });
});

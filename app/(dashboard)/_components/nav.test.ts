import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { navItems } from "./nav";

describe("the sidebar's icons", () => {
  it("has a symbol in public/nav-icons.svg for every area", () => {
    const sprite = readFileSync(
      path.join(import.meta.dirname, "../../../public/nav-icons.svg"),
      "utf8",
    );
    const symbols = [...sprite.matchAll(/<symbol id="([^"]+)"/g)].map((m) => m[1]);
    expect(symbols.sort()).toEqual(navItems.map((item) => item.area).sort());
  });
});

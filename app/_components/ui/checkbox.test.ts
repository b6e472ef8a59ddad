import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const app = path.resolve(import.meta.dirname, "../..");
const home = path.join(app, "_components", "ui", "input.tsx");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".tsx") ? [full] : [];
  });
}

describe("checkboxes", () => {
  // The browser's own is 13 px, too small for a finger at the counter: every checkbox is the
  // ui Checkbox, which draws it 24 px with a focus ring.
  it("are all the ui Checkbox", () => {
    const raw = sourceFiles(app)
      .filter((file) => file !== home)
      .filter((file) => /type=(?:"checkbox"|\{[^}]*"checkbox")/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(app, file));
    expect(raw).toEqual([]);
  });
});

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importedFiles } from "./_i18n/client-namespaces";

const root = path.resolve(import.meta.dirname, "..");
const app = path.join(root, "app");

/** The files and folders customer.css names in its `@source` lines, absolute. */
function sources(): string[] {
  const css = readFileSync(path.join(app, "customer.css"), "utf8");
  return [...css.matchAll(/^@source\s+"([^"]+)";/gm)].map((m) => path.join(app, m[1] ?? ""));
}

/** The route files of the pages that load customer.css, and the root ones around them. */
function customerEntries(): string[] {
  const entries = [path.join(app, "layout.tsx"), path.join(app, "not-found.tsx")];
  for (const folder of ["pay", "r", "sandbox"]) {
    for (const entry of readdirSync(path.join(app, folder), { recursive: true })) {
      if (/(^|\/)(page|layout|error|loading|not-found)\.tsx$/.test(String(entry)))
        entries.push(path.join(app, folder, String(entry)));
    }
  }
  return entries;
}

describe("the customer's stylesheet (app/customer.css)", () => {
  it("reads every component the customer's pages render, so none of their classes is missing", () => {
    const listed = sources();
    const covered = (file: string) =>
      listed.some((s) => file === s || file.startsWith(`${s}${path.sep}`));
    // Markup: .tsx files, and the class lists of app/_components (ui/button-class.ts…).
    const markup = [...importedFiles(root, customerEntries())].filter(
      (f) => f.endsWith(".tsx") || f.startsWith(path.join(app, "_components") + path.sep),
    );
    expect(markup.length).toBeGreaterThan(20);
    expect(markup.filter((f) => !covered(f)).map((f) => path.relative(root, f))).toEqual([]);
  });

  it("names only files and folders that exist (a renamed one would lose its classes)", () => {
    expect(
      sources()
        .filter((s) => !existsSync(s))
        .map((s) => path.relative(root, s)),
    ).toEqual([]);
  });
});

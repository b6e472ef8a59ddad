import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { customerErrorKeys } from "./customer-errors";
import { baseClientNamespaces, clientErrorKeys } from "./pick-messages";
import { holds, routeFiles, type RouteFile } from "./client-namespaces";
import { loadMessages } from "./messages";

const root = path.resolve(import.meta.dirname, "../..");
const files = routeFiles(root);
const byFile = new Map(files.map((f) => [f.file, f]));

/** The <ClientMessages> whose messages a route file's client components see: the innermost. */
function providerOf(route: RouteFile): RouteFile | undefined {
  if (route.provides) return route;
  let dir = path.posix.dirname(route.file);
  // A layout sits inside its parent's layout; a page, error, loading or not-found file inside
  // the layout of its own folder.
  if (route.file.endsWith("/layout.tsx")) dir = path.posix.dirname(dir);
  for (; dir !== "."; dir = path.posix.dirname(dir)) {
    const layout = byFile.get(`${dir}/layout.tsx`);
    if (layout?.provides) return layout;
  }
  return undefined;
}

describe("messages sent to the browser", () => {
  it("finds the pages and what their client components say", () => {
    expect(byFile.get("app/(dashboard)/layout.tsx")?.needs).toContain("stepUp");
  });

  it("sends the customer's pages no catalogue: the server says their words", () => {
    for (const page of [
      "app/pay/[token]/page.tsx",
      "app/sandbox/[token]/page.tsx",
      "app/r/[code]/page.tsx",
    ]) {
      expect(byFile.get(page)?.needs, page).toEqual(new Set());
      expect(providerOf(byFile.get(page)!), page).toBeUndefined();
    }
  });

  it("gives every page and layout the namespaces its client components use", () => {
    const missing: string[] = [];
    for (const route of files) {
      const provider = providerOf(route);
      const given = [...baseClientNamespaces, ...(provider?.provides ?? [])];
      const lacking = [...route.needs].filter((ns) => !given.some((g) => holds(g, ns)));
      if (lacking.length > 0) {
        missing.push(`${route.file} (from ${provider?.file ?? "nothing"}): ${lacking.join(", ")}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("lists no namespace the subtree does not use", () => {
    const used = new Map<RouteFile, Set<string>>();
    for (const route of files) {
      const provider = providerOf(route);
      if (!provider) continue;
      const set = used.get(provider) ?? new Set<string>();
      for (const ns of route.needs) set.add(ns);
      used.set(provider, set);
    }
    const extra: string[] = [];
    for (const route of files.filter((f) => f.provides)) {
      const needs = [...(used.get(route) ?? [])];
      const unused = route.provides!.filter((ns) => !needs.some((need) => holds(ns, need)));
      if (unused.length > 0) extra.push(`${route.file}: ${unused.join(", ")}`);
    }
    expect(extra).toEqual([]);
  });

  it("names only namespaces the catalogue has, in both languages", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const catalogue = loadMessages(locale);
      for (const route of files) {
        for (const ns of [...baseClientNamespaces, ...(route.provides ?? [])]) {
          expect(catalogue, `${route.file} → ${ns}`).toHaveProperty(ns.split("."));
        }
      }
    }
  });
});

describe("the customer's pages' errors", () => {
  // Which of them a client component is given is checked by its props' type (CustomerErrorTexts).
  it("are in the catalogue, in both languages", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const errors = loadMessages(locale).errors as Record<string, unknown>;
      for (const key of customerErrorKeys)
        expect(errors, `${locale}: ${key}`).toHaveProperty([key]);
    }
  });
});

describe("the console's errors in the browser", () => {
  // Every errors key named in code that may run in the browser: app/ (the customer's pages
  // have their own list) and the shared schemas and pure logic of server/, which forms and
  // screens run. Server-only code named here too only makes the list longer, never wrong.
  it("include every sentence the browser may say by its key, in both languages", () => {
    const errors = loadMessages("en").errors as Record<string, unknown>;
    const customer = ["app/pay/", "app/r/", "app/sandbox/", "app/api/", "app/_i18n/customer-"];
    const files = [
      ...sourceFiles(path.join(root, "app")).filter(
        (f) => !customer.some((dir) => path.relative(root, f).startsWith(dir)),
      ),
      ...sourceFiles(path.join(root, "server")).filter((f) =>
        /\.(schema|logic)\.ts$|money\/(currency|minor-units)\.ts$/.test(f),
      ),
    ];
    const named = new Set<string>();
    for (const file of files)
      for (const m of readFileSync(file, "utf8").matchAll(/["`]([a-zA-Z]+)["`]/g))
        if (m[1]! in errors) named.add(m[1]!);
    const listed = new Set<string>(clientErrorKeys);
    expect([...named].filter((key) => !listed.has(key)).sort()).toEqual([]);
    for (const locale of ["zh-CN", "en"] as const) {
      const catalogue = loadMessages(locale).errors as Record<string, unknown>;
      for (const key of clientErrorKeys)
        expect(catalogue, `${locale}: ${key}`).toHaveProperty([key]);
    }
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes(".test.") ? [full] : [];
  });
}

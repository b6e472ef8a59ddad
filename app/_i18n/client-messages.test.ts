import path from "node:path";
import { describe, expect, it } from "vitest";
import { customerErrorKeys } from "./customer-errors";
import { baseClientNamespaces, baseErrorKeys, pickFrom } from "./pick-messages";
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
    const layout = byFile.get("app/(dashboard)/layout.tsx");
    expect(layout?.needs).toContain("nav");
    // The step-up dialog, loaded when a sensitive action asks for it, brings its own.
    expect(layout?.needs).not.toContain("stepUp");
    expect(layout?.onDemand).toContainEqual(
      expect.objectContaining({ file: "app/_components/step-up-dialog.tsx", provides: ["stepUp"] }),
    );
  });

  it("gives every part loaded with its messages the namespaces it uses, and no other", () => {
    const missing: string[] = [];
    const extra: string[] = [];
    for (const route of files) {
      const provider = providerOf(route);
      for (const part of route.onDemand) {
        // The part is given the page's messages and its own.
        const given = [
          ...baseClientNamespaces,
          ...baseErrorKeys.map((key) => `errors.${key}`),
          ...(provider?.provides ?? []),
          ...part.provides,
        ];
        const lacking = [...part.needs].filter((ns) => !given.some((g) => holds(g, ns)));
        if (lacking.length > 0) missing.push(`${part.file} (in ${route.file}): ${lacking}`);
        const unused = part.provides.filter((ns) => ![...part.needs].some((n) => holds(ns, n)));
        if (unused.length > 0) extra.push(`${part.file}: ${unused.join(", ")}`);
      }
    }
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
  });

  it("sends the customer's pages no catalogue: the server says their words", () => {
    for (const page of [
      "app/pay/[token]/page.tsx",
      "app/sandbox/[token]/page.tsx",
      "app/r/[code]/page.tsx",
    ]) {
      // Sentences of errors they name are handed to them said (customerErrorTexts).
      const needs = [...byFile.get(page)!.needs].filter((ns) => !ns.startsWith("errors."));
      expect(needs, page).toEqual([]);
      expect(providerOf(byFile.get(page)!), page).toBeUndefined();
    }
  });

  it("gives every page and layout the namespaces its client components use", () => {
    const missing: string[] = [];
    for (const route of files) {
      const provider = providerOf(route);
      const given = [
        ...baseClientNamespaces,
        ...baseErrorKeys.map((key) => `errors.${key}`),
        ...(provider?.provides ?? []),
      ];
      // Without a provider the browser has no catalogue: the errors named there are handed
      // to the code said (the customer's pages).
      const lacking = [...route.needs].filter(
        (ns) => !given.some((g) => holds(g, ns)) && (provider || !ns.startsWith("errors.")),
      );
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
        const parts = route.onDemand.flatMap((part) => part.provides);
        for (const ns of [...baseClientNamespaces, ...(route.provides ?? []), ...parts]) {
          expect(catalogue, `${route.file} → ${ns}`).toHaveProperty(ns.split("."));
        }
      }
    }
  });
});

describe("the console's error sentences", () => {
  // A page is sent the sentences its browser code may say by itself (its forms' checks, the
  // fallbacks of errorSentence); a refused call's sentence comes said by the server.
  it("are sent to a page only when its client code names them", () => {
    const catalogue = loadMessages("en");
    const extra: string[] = [];
    for (const route of files) {
      const provider = providerOf(route);
      // A subtree translating keys it reads from elsewhere is given them all.
      if (!provider || provider.provides!.includes("errors")) continue;
      const needed = new Set<string>(baseErrorKeys);
      for (const f of files.filter((other) => providerOf(other) === provider))
        for (const ns of f.needs) if (ns.startsWith("errors.")) needed.add(ns.slice(7));
      const sent = Object.keys(
        pickFrom(catalogue, provider.provides!, baseErrorKeys, baseClientNamespaces)
          .errors as object,
      );
      const unneeded = sent.filter((key) => !needed.has(key));
      if (unneeded.length > 0) extra.push(`${route.file}: ${unneeded.join(", ")}`);
    }
    expect(extra).toEqual([]);
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

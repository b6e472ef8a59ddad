import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * What the client components of each page and layout ask of the message catalogue, read from
 * the source: the walk follows static and dynamic imports (`@/…` and relative, type-only ones
 * skipped) from a page, layout, error, loading or not-found file; from the first "use client"
 * file on, everything imported runs in the browser, and each `useTranslations("ns…")` there
 * needs the namespace `ns`, or only its group `ns.group` when that is what it names. Of
 * `errors`, it needs the sentences whose keys it names ("errors.required"): the forms'
 * checks, the shared schemas' and errorSentence's fallbacks. A subtree translating keys it
 * reads from elsewhere (a statement's import error) is given all of `errors` by its list.
 * A module loaded by lazyWithMessages brings its own namespaces: its subtree's needs are not
 * the page's, but the part's (`onDemand`), held to its own list and the page's.
 * Used by client-messages.test.ts to hold every <ClientMessages> list to what its subtree uses.
 */
export interface RouteFile {
  /** Relative to the project, with forward slashes. */
  file: string;
  /** The namespaces (or groups of one: "guides.practice") the client code it renders uses. */
  needs: Set<string>;
  /** Its own <ClientMessages namespaces={[…]}> list, if it has one. */
  provides: string[] | null;
  /** The parts its client code loads with their own messages (lazyWithMessages). */
  onDemand: OnDemandPart[];
}

/** A module loaded by `lazyWithMessages([…], () => import("…"), …)`. */
export interface OnDemandPart {
  /** The module, relative to the project. */
  file: string;
  /** What its subtree uses (its own parts on demand left out). */
  needs: Set<string>;
  /** The namespaces it is loaded with. */
  provides: string[];
}

interface SourceFile {
  client: boolean;
  namespaces: Set<string>;
  imports: string[];
  provides: string[] | null;
  onDemand: { file: string; provides: string[] }[];
}

const routeFileName = /^(page|layout|error|loading|not-found)\.tsx$/;

export function routeFiles(root: string): RouteFile[] {
  const sources = new Map<string, SourceFile>();
  const errorKeys = catalogueErrorKeys(root);
  const read = (file: string): SourceFile => {
    let found = sources.get(file);
    if (!found) {
      found = parse(root, file, errorKeys);
      sources.set(file, found);
    }
    return found;
  };
  const relative = (full: string) => path.relative(root, full).split(path.sep).join("/");
  const needsOf = (entry: string, inClient = false) => {
    const needs = new Set<string>();
    const parts = new Map<string, { file: string; provides: string[] }>();
    const seen = new Set<string>();
    const visit = (file: string, inClient: boolean) => {
      const key = `${inClient}:${file}`;
      if (seen.has(key)) return;
      seen.add(key);
      const source = read(file);
      const client = inClient || source.client;
      if (client) for (const ns of source.namespaces) needs.add(ns);
      for (const dep of source.imports) visit(dep, client);
      for (const part of source.onDemand) parts.set(`${part.file}:${part.provides}`, part);
    };
    visit(entry, inClient);
    return { needs, parts: [...parts.values()] };
  };
  const onDemandOf = (entry: string): OnDemandPart[] => {
    const found = new Map<string, OnDemandPart>();
    const walk = (parts: { file: string; provides: string[] }[]) => {
      for (const part of parts) {
        const key = `${part.file}:${part.provides}`;
        if (found.has(key)) continue;
        const inner = needsOf(part.file, true);
        found.set(key, { file: relative(part.file), needs: inner.needs, provides: part.provides });
        walk(inner.parts);
      }
    };
    walk(needsOf(entry).parts);
    return [...found.values()];
  };
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (routeFileName.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(root, "app"));
  return files.sort().map((full) => ({
    file: relative(full),
    needs: needsOf(full).needs,
    provides: read(full).provides,
    onDemand: onDemandOf(full),
  }));
}

/**
 * Every project file `entries` import, themselves included, by the same walk (absolute
 * paths): what the customer's stylesheet must read (app/customer-css.test.ts).
 */
export function importedFiles(root: string, entries: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = parse(root, file);
    for (const dep of [...source.imports, ...source.onDemand.map((part) => part.file)]) visit(dep);
  };
  for (const entry of entries) visit(entry);
  return seen;
}

/** The keys of the `errors` catalogue (the same in both languages, messages.test.ts checks). */
function catalogueErrorKeys(root: string): ReadonlySet<string> {
  const common = path.join(root, "app", "_i18n", "messages", "en", "common.json");
  const { errors } = JSON.parse(readFileSync(common, "utf8")) as { errors: object };
  return new Set(Object.keys(errors));
}

function parse(root: string, file: string, errorKeys: ReadonlySet<string> = new Set()): SourceFile {
  const text = readFileSync(file, "utf8");
  // A module loaded with its own messages is a part of its own, not one of this file's imports.
  const onDemand: { file: string; provides: string[] }[] = [];
  const src = text.replace(
    /\blazyWithMessages\(\s*\[([^\]]*)\]\s*,\s*\(\)\s*=>\s*import\(\s*["']([^"']+)["']\s*\)/g,
    (_, list: string, specifier: string) => {
      const resolved = resolveImport(root, file, specifier);
      if (resolved)
        onDemand.push({
          file: resolved,
          provides: [...list.matchAll(/["']([^"']+)["']/g)].map((m) => m[1] ?? ""),
        });
      return "";
    },
  );
  const specifiers = [
    ...[...src.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+["']([^"']+)["']/gm)]
      .filter((m) => !m[1])
      .map((m) => m[2] ?? ""),
    ...[...src.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? ""),
  ];
  const provided = /<ClientMessages\s+namespaces=\{\[([^\]]*)\]\}/.exec(src);
  return {
    client: /^\s*["']use client["']/.test(src),
    namespaces: new Set([
      // `errors` whole (useErrorMessage's translator, a form's): its keys are named below.
      ...[...src.matchAll(/\buseTranslations\(\s*(?:["']([^"']*)["'])?\s*\)/g)].flatMap((m) =>
        m[1] && m[1] !== "errors" ? [m[1]] : [],
      ),
      ...[...src.matchAll(/["'`](?:errors\.)?([a-zA-Z]+)["'`]/g)].flatMap((m) =>
        m[1] && errorKeys.has(m[1]) ? [`errors.${m[1]}`] : [],
      ),
    ]),
    imports: specifiers
      .map((s) => resolveImport(root, file, s))
      .filter((f): f is string => f !== null),
    provides: provided
      ? [...(provided[1] ?? "").matchAll(/["']([^"']+)["']/g)].map((m) => m[1] ?? "")
      : null,
    onDemand,
  };
}

/** The project file an import names, or null for a package. */
function resolveImport(root: string, from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null;
  for (const candidate of [
    base,
    `${base}.tsx`,
    `${base}.ts`,
    `${base}/index.tsx`,
    `${base}/index.ts`,
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Whether the namespace or group `given` holds what `needed` names ("guides" holds "guides.practice"). */
export function holds(given: string, needed: string): boolean {
  return needed === given || needed.startsWith(`${given}.`);
}

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { twMerge } from "tailwind-merge";
import { describe, expect, it } from "vitest";
import { cn } from "./cn";

/**
 * Every word of every string written in app/ (a superset of its class names), so that a class
 * added anywhere is checked here the day it is written.
 */
function stringsInApp(): string[] {
  const root = path.join(import.meta.dirname, "..");
  const strings = new Set<string>();
  for (const entry of readdirSync(root, { recursive: true })) {
    const file = String(entry);
    if (!/\.tsx?$/.test(file) || file.endsWith(".test.ts")) continue;
    const source = readFileSync(path.join(root, file), "utf8");
    for (const m of source.matchAll(/"([^"\n]*)"|`([^`]*)`|'([^'\n]*)'/g))
      strings.add(m[1] ?? m[2] ?? m[3] ?? "");
  }
  return [...strings];
}

/** Every word of those strings: a superset of the app's class names. */
function wordsInApp(): string[] {
  const words = new Set<string>();
  for (const string of stringsInApp())
    for (const word of string.split(/[\s${}]+/)) if (word) words.add(word);
  return [...words];
}

/** A class's variants, sorted as tailwind-merge compares them (`md:hover:` = `hover:md:`). */
function variantsOf(className: string): string {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < className.length; i++) {
    const c = className[i];
    if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (c === ":" && depth === 0) {
      parts.push(className.slice(start, i));
      start = i + 1;
    }
  }
  return parts.sort().join(":");
}

describe("cn", () => {
  // Only classes tailwind-merge knows (a known class merged with itself leaves one): any
  // other word is kept as it is by both.
  const words = wordsInApp();
  const known = words.filter((w) => twMerge(`${w} ${w}`) === w || cn(w, w) === w);

  it("finds the app's classes", () => {
    expect(known).toEqual(expect.arrayContaining(["h-10", "px-4", "md:text-sm", "bg-card"]));
  });

  it("merges every pair of the app's classes as tailwind-merge's default config does", () => {
    // Classes with different variants never conflict, so pairs are formed within a variant set.
    const byVariants = new Map<string, string[]>();
    for (const c of known)
      byVariants.set(variantsOf(c), [...(byVariants.get(variantsOf(c)) ?? []), c]);
    const differences: string[] = [];
    for (const group of byVariants.values()) {
      for (const a of group) {
        for (const b of group) {
          if (a === b) continue;
          const expected = twMerge(a, b);
          if (cn(a, b) !== expected)
            differences.push(`"${a} ${b}" → "${cn(a, b)}", not "${expected}"`);
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it("merges every string written in app/, and each after another, as tailwind-merge does", () => {
    // Whole lists (a button's classes, then a caller's) with their variants, `!` and `/`.
    const lists = stringsInApp().filter((s) => s.trim() && !s.includes("${"));
    const classLists = lists.filter((s) => s.split(/\s+/).some((w) => known.includes(w)));
    const differences: string[] = [];
    for (const list of classLists) {
      if (cn(list) !== twMerge(list)) differences.push(`"${list}" → "${cn(list)}"`);
      for (const later of classLists.slice(0, 200))
        if (cn(list, later) !== twMerge(list, later))
          differences.push(`"${list} ${later}" → "${cn(list, later)}"`);
    }
    expect(differences).toEqual([]);
    expect(classLists.length).toBeGreaterThan(200);
  });

  it("keeps every other word as it is, and one copy of a class given twice", () => {
    for (const word of words) {
      expect(cn(word)).toBe(twMerge(word));
      expect(cn(word, word)).toBe(twMerge(word, word));
    }
    expect(cn("px-2 p-4 px-1", false && "h-4", { "h-8": true })).toBe("p-4 px-1 h-8");
  });
});

/*
 * Joins class lists. No merging: no element is given two classes of one kind (`h-10` and
 * `h-12`), since primitives take variants and sizes instead of having their classes overridden,
 * which scripts/class-conflicts.test.ts checks. A merger (tailwind-merge, or the in-house one
 * this replaced) was 2.7 KB of gzip on every console page.
 */

export type ClassValue =
  string | false | null | undefined | 0 | ClassValue[] | Record<string, unknown>;

/** The classes given, in order: strings, arrays of them, and `{ name: condition }`. */
export function cn(...inputs: ClassValue[]): string {
  const out: string[] = [];
  for (const input of inputs) {
    if (!input) continue;
    if (typeof input === "string") out.push(input);
    else if (Array.isArray(input)) out.push(cn(...input));
    else for (const [name, on] of Object.entries(input)) if (on) out.push(name);
  }
  return out.filter(Boolean).join(" ");
}

/**
 * Where in a call's input a string holds U+0000 (the path to it), or null when none does.
 * PostgreSQL's text cannot store that character ("invalid byte sequence for encoding UTF8:
 * 0x00"), so any free text carrying one (a shop's name, an item, a note, a search) failed its
 * query as an internal error instead of being refused as a field. Arrays and plain objects are
 * walked; superjson's other values (dates, bigints) hold no text.
 */
export function nulCharacterPath(
  value: unknown,
  path: (string | number)[] = [],
): (string | number)[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulCharacterPath(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (
    value !== null &&
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    for (const [key, item] of Object.entries(value)) {
      const found = nulCharacterPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

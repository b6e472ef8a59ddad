/**
 * Characters no text of a call may hold:
 * - U+0000: PostgreSQL's text cannot store it ("invalid byte sequence for encoding UTF8:
 *   0x00"), so a name, note or search carrying one failed its query as an internal error;
 * - the direction embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): one in
 *   a name turns around whatever follows it on the line it is shown on ("Li \u202eLei <a@b.c>"
 *   reads "Li <c.b@a> ieL" in the audit log and the order's timeline). Nobody types them; the
 *   marks LRM and RLM, which reorder nothing beyond themselves, stay allowed.
 */
const hiddenCharacter = /[\u0000\u202a-\u202e\u2066-\u2069]/;

/** The message key of the refusal (under `errors`): the console says it on every page. */
export const hiddenCharacterKey = "invalidCharacter";

/**
 * Where in a call's input a string holds such a character (the path to it), or null when
 * none does. Arrays and plain objects are walked; superjson's other values (dates, bigints)
 * hold no text.
 */
export function hiddenCharacterPath(
  value: unknown,
  path: (string | number)[] = [],
): (string | number)[] | null {
  if (typeof value === "string") return hiddenCharacter.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = hiddenCharacterPath(item, [...path, i]);
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
      const found = hiddenCharacterPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

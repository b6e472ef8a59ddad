/**
 * Whether JSON text nests arrays and objects deeper than `max`, found in one pass without
 * parsing it. JSON.parse, and superjson and zod after it, walk an input recursively: 1 MB of
 * "[[[[…" cost seconds of CPU before zod refused it, and anyone may post to the pay page's
 * calls. Brackets inside strings do not count; text that is not JSON is the parser's to refuse.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

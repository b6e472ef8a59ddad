import compile from "icu-minify/compile";
import type { CompiledMessage } from "icu-minify/format";
import { IntlMessageFormat } from "intl-messageformat";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { locales } from "./config";
import { formatCompiled } from "./format-compiled";
import { loadCompiledMessages, loadMessages } from "./messages";

/** Every key (dotted) and message of a catalogue. */
function* leaves(node: unknown, prefix = ""): Generator<[string, unknown]> {
  if (node && typeof node === "object" && !Array.isArray(node))
    for (const [k, v] of Object.entries(node)) yield* leaves(v, prefix ? `${prefix}.${k}` : k);
  else yield [prefix, node];
}

function at(tree: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], tree);
}

/** The arguments a message names, each given `value` (a number where it must be one). */
function argumentsOf(message: string, value: string | number) {
  const values: Record<string, string | number> = {};
  for (const m of message.matchAll(/\{\s*(\w+)\s*(,\s*(\w+))?/g))
    values[m[1]!] = /plural|selectordinal|number/.test(m[3] ?? "")
      ? typeof value === "number"
        ? value
        : 7
      : value;
  return values;
}

/** Its rich-text tags, each as a function that brackets its text. */
function tagsOf(message: string) {
  const tags: Record<string, (chunks: unknown[]) => string> = {};
  for (const m of message.matchAll(/<(\w+)>/g)) tags[m[1]!] = (c) => `[${m[1]}:${c.join("")}]`;
  return tags;
}

const text = (said: unknown) => (Array.isArray(said) ? said.join("") : String(said));

describe("the precompiled catalogue", () => {
  // intl-messageformat is the formatter next-intl ran on the catalogue as written, before it
  // was precompiled: the screens must say the same words as they did. The console's words
  // come from next-intl's translator (precompiled mode, as in the app), the customer's pages'
  // from formatCompiled.
  it("says what the catalogue as written says, every message in both languages", () => {
    for (const locale of locales) {
      const compiled = loadCompiledMessages(locale);
      const t = createTranslator({ locale, messages: compiled as never }) as unknown as {
        (key: string, values: object): string;
        markup(key: string, values: object): string;
      };
      let compared = 0;
      for (const [key, message] of leaves(loadMessages(locale))) {
        expect(typeof message, key).toBe("string");
        const rich = (message as string).includes("<");
        for (const value of [0, 1, 2, 5, 1234, "x"]) {
          const values = { ...argumentsOf(message as string, value), ...tagsOf(message as string) };
          const expected = text(new IntlMessageFormat(message as string, locale).format(values));
          const label = `${locale} ${key} ${value}`;
          // Saying nothing at all is a fallback (the key) to next-intl in precompiled mode;
          // the one such case (reconciliation's pendingLines at 0) is never shown.
          if (expected === "") continue;
          expect(rich ? t.markup(key, values) : t(key, values), label).toBe(expected);
          if (!rich) {
            const plain = values as Record<string, string | number>;
            expect(formatCompiled(at(compiled, key) as CompiledMessage, plain, locale), label).toBe(
              expected,
            );
          }
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(1000);
    }
  });

  it("holds only plain objects and arrays, which React passes to client components", () => {
    const odd: string[] = [];
    const visit = (node: unknown, key: string) => {
      if (!node || typeof node !== "object") return;
      const proto = Object.getPrototypeOf(node) as unknown;
      if (proto !== Object.prototype && proto !== Array.prototype) odd.push(key);
      for (const [k, v] of Object.entries(node)) visit(v, `${key}.${k}`);
    };
    for (const locale of locales) visit(loadCompiledMessages(locale), locale);
    expect(odd).toEqual([]);
  });

  it("formats plurals with the locale's grouping, selects and quoted braces", () => {
    const say = (message: string, values: Record<string, string | number>) =>
      formatCompiled(compile(message), values, "en");
    const items = "{n, plural, =0 {none} one {# item} other {# items}}";
    expect(say(items, { n: 1234 })).toBe("1,234 items");
    expect(say(items, { n: 1 })).toBe("1 item");
    expect(say(items, { n: 0 })).toBe("none");
    expect(say("{k, select, a {Alpha} other {Other}}", { k: "a" })).toBe("Alpha");
    expect(say("It''s '{'literal'}' {a}", { a: "A" })).toBe("It's {literal} A");
  });
});

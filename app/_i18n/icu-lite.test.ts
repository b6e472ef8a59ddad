import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { customerNamespaces } from "./customer-messages";
import { formatMessage } from "./icu-lite";
import { loadMessages } from "./messages";
import { baseClientNamespaces } from "./pick-messages";
import { locales } from "./config";

/** Every key (dotted) and message of a namespace. */
function* leaves(node: unknown, prefix: string): Generator<[string, string]> {
  if (typeof node === "string") yield [prefix, node];
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) yield* leaves(v, prefix ? `${prefix}.${k}` : k);
}

/** The arguments a message names, each given `value`. */
function argumentsOf(message: string, value: string | number) {
  const values: Record<string, string | number> = {};
  for (const m of message.matchAll(/\{\s*(\w+)\s*[,}]/g)) values[m[1]!] = value;
  return values;
}

describe("formatMessage", () => {
  it("says what next-intl says for every message the customer's pages format", () => {
    for (const locale of locales) {
      const messages = loadMessages(locale);
      const t = createTranslator({ locale, messages: messages as never });
      for (const ns of [...baseClientNamespaces, ...customerNamespaces]) {
        for (const [key, message] of leaves(messages[ns], ns)) {
          // A tag is rich text to next-intl (t() refuses it; the text is shown here as it is).
          if (message.includes("<")) continue;
          for (const value of [0, 1, 2, 5, 1234, "x"]) {
            const values = argumentsOf(message, value);
            expect(formatMessage(message, values, locale), `${locale} ${key} ${value}`).toBe(
              (t as unknown as (k: string, v: object) => string)(key, values),
            );
          }
        }
      }
    }
  });

  it("keeps quoted braces and doubled apostrophes as text", () => {
    expect(formatMessage("It''s '{'literal'}' {a}", { a: "A" }, "en")).toBe("It's {literal} A");
  });
});

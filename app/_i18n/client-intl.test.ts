import { createFormatter, createTranslator } from "next-intl";
import { createElement, type ComponentProps, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { IntlProvider, useFormatter, useTranslations, type Messages } from "./client-intl";
import { loadCompiledMessages } from "./messages";

const timeZone = "Asia/Shanghai";
const locales = ["en", "zh-CN"] as const;

/** What a compiled message asks for: its arguments by kind, its select's cases, its tags. */
interface Wanted {
  numbers: Set<string>;
  texts: Set<string>;
  dates: Set<string>;
  selects: Map<string, string[]>;
  tags: Set<string>;
}

// The compiled form (icu-minify): a message is a string or a list of parts; a part is text,
// 0 (a plural's `#`) or [name, type, options] (type absent: a plain argument; not a number: a
// tag and its children).
function readMessage(message: unknown, wanted: Wanted) {
  if (Array.isArray(message)) for (const part of message) readPart(part, wanted);
}
function readPart(part: unknown, wanted: Wanted) {
  if (!Array.isArray(part)) return;
  const [name, type, ...rest] = part as [string, unknown, ...unknown[]];
  if (type === undefined) wanted.texts.add(name);
  else if (typeof type !== "number" || type === 0) {
    wanted.tags.add(name);
    for (const child of [type, ...rest]) readPart(child, wanted);
  } else {
    const cases = rest[0] as Record<string, unknown> | undefined;
    if (type === 1) wanted.selects.set(name, Object.keys(cases ?? {}));
    else if (type === 5 || type === 6) wanted.dates.add(name);
    else wanted.numbers.add(name);
    if (type <= 3) for (const c of Object.values(cases ?? {})) readMessage(c, wanted);
  }
}

/** Every message of the catalogue: its dotted key and what it asks for. */
function leaves(node: Messages, prefix = ""): [string, Wanted][] {
  return Object.entries(node).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object" && !Array.isArray(value))
      return leaves(value as Messages, path);
    const wanted: Wanted = {
      numbers: new Set(),
      texts: new Set(),
      dates: new Set(),
      selects: new Map(),
      tags: new Set(),
    };
    readMessage(value, wanted);
    return [[path, wanted] as [string, Wanted]];
  });
}

/** Values for a message: each count, each case of its selects, tags as text or as elements. */
function valueSets(wanted: Wanted, rich: boolean) {
  const sets: Record<string, unknown>[] = [];
  const cases = [...wanted.selects].flatMap(([, keys]) => keys);
  for (const count of [0, 1, 2, 1234.5]) {
    for (const chosen of cases.length ? cases : [undefined]) {
      const values: Record<string, unknown> = {};
      for (const name of wanted.texts) values[name] = `«${name}»`;
      for (const name of wanted.numbers) values[name] = count;
      for (const name of wanted.dates) values[name] = new Date(Date.UTC(2026, 11, 7, 18, 5));
      for (const [name, keys] of wanted.selects)
        values[name] = chosen && keys.includes(chosen) ? chosen : "other";
      for (const tag of wanted.tags)
        values[tag] = rich
          ? (chunks: ReactNode[]) => createElement("b", { "data-tag": tag }, chunks)
          : (chunks: string[]) => `<${tag}>${chunks.join("")}</${tag}>`;
      sets.push(values);
    }
  }
  return sets;
}

/** What `probe` renders with the console's client translator and formatter in `locale`. */
function inBrowser(locale: string, messages: Messages, probe: () => ReactNode) {
  return renderToStaticMarkup(
    createElement(
      IntlProvider,
      { locale, timeZone, messages } as ComponentProps<typeof IntlProvider>,
      createElement(probe),
    ),
  );
}

describe("the console's client translator", () => {
  for (const locale of locales) {
    const messages = loadCompiledMessages(locale);
    const theirs = createTranslator({ locale, messages: messages as never, timeZone });

    it(`says every message of the ${locale} catalogue as next-intl does`, () => {
      // Sentences with tags are not text: both log that and say the key instead.
      vi.spyOn(console, "error").mockImplementation(() => undefined);
      const ours: string[] = [];
      const expected: string[] = [];
      inBrowser(locale, messages, () => {
        const t = useTranslations();
        for (const [key, wanted] of leaves(messages)) {
          for (const values of valueSets(wanted, false)) {
            ours.push(`${key}: ${t(key, values as never)}`);
            expected.push(`${key}: ${(theirs as (k: string, v: unknown) => string)(key, values)}`);
          }
        }
        return null;
      });
      expect(ours.length).toBeGreaterThan(1000);
      expect(ours).toEqual(expected);
    });

    it(`draws the ${locale} sentences with tags as next-intl does`, () => {
      const tagged = leaves(messages).filter(([, wanted]) => wanted.tags.size > 0);
      expect(tagged.length).toBeGreaterThan(0);
      for (const [key, wanted] of tagged) {
        for (const values of valueSets(wanted, true)) {
          const ours = inBrowser(locale, messages, () =>
            useTranslations().rich(key, values as never),
          );
          const expected = renderToStaticMarkup(
            createElement("div", null, theirs.rich(key as never, values as never)),
          );
          expect(`<div>${ours}</div>`).toBe(expected);
        }
      }
    });
  }

  it("reads a namespace's keys, and knows which it has", () => {
    const messages = loadCompiledMessages("en");
    const theirs = createTranslator({ locale: "en", messages: messages as never, timeZone });
    const said = inBrowser("en", messages, () => {
      const t = useTranslations("guides.practice");
      return [t("leave"), String(t.has("leave")), String(t.has("nothing"))].join("|");
    });
    expect(said).toBe(`${theirs("guides.practice.leave" as never)}|true|false`);
  });

  it("shows a missing message as its key and logs it, as next-intl does", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const messages: Messages = { shell: { brand: "Hexiao" } };
    const theirs = createTranslator({ locale: "en", messages: messages as never, timeZone });
    const said = inBrowser("en", messages, () => {
      const t = useTranslations("shell");
      return `${t("nothing")}|${t.rich("nothing") as string}`;
    });
    expect(said).toBe(`${theirs("shell.nothing" as never)}|shell.nothing`);
    expect(logged).toHaveBeenCalled();
  });
});

describe("the console's client formatter", () => {
  const at = new Date(Date.UTC(2026, 11, 7, 18, 5, 9));
  const dateOptions: (Intl.DateTimeFormatOptions | undefined)[] = [
    undefined,
    { dateStyle: "medium" },
    { dateStyle: "medium", timeStyle: "short" },
    { timeStyle: "short", timeZone: "Europe/Berlin" },
    { dateStyle: "long", timeZone: "UTC" },
    { month: "short", day: "numeric" },
  ];
  const numberOptions: (Intl.NumberFormatOptions | undefined)[] = [
    undefined,
    { style: "currency", currency: "CNY" },
    { style: "percent", maximumFractionDigits: 1 },
    { minimumFractionDigits: 2 },
    { style: "currency", currency: "not a currency" },
  ];

  for (const locale of locales) {
    it(`formats dates and numbers in ${locale} as next-intl does`, () => {
      vi.spyOn(console, "error").mockImplementation(() => undefined);
      const theirs = createFormatter({ locale, timeZone });
      const expected = [
        // next-intl's option type is its own copy of Intl's.
        ...dateOptions.map((o) => theirs.dateTime(at, o as never)),
        ...numberOptions.flatMap((o) => [
          theirs.number(1234.5, o as never),
          theirs.number(12n, o as never),
        ]),
      ].join("|");
      const ours = inBrowser(locale, {}, () => {
        const format = useFormatter();
        return [
          ...dateOptions.map((o) => format.dateTime(at, o)),
          ...numberOptions.flatMap((o) => [format.number(1234.5, o), format.number(12n, o)]),
        ].join("|");
      });
      expect(ours).toBe(expected);
    });
  }
});

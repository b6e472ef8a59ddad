/**
 * A screen's state kept in the URL's query (filters, the page cursor, a tab), so that a view
 * can be reloaded, bookmarked, shared and walked back through. Each key has a parser: text
 * from the URL to a value (null when it cannot be read: a hand-edited URL's bad value is
 * dropped, never an error) and back. Read on the server by the page (createLoader, to
 * prefetch) and in the browser by useUrlState (use-url-state.ts), with the same parsers.
 */

export interface UrlParser<T> {
  parse(text: string): T | null;
  serialize(value: T): string;
  /** The value when the key is absent; written back as no key at all. */
  defaultValue?: T;
}

type WithDefault<T> = UrlParser<T> & { defaultValue: T };
type Chainable<T> = UrlParser<T> & { withDefault(value: T): WithDefault<T> };

export type UrlParsers = Record<string, UrlParser<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The values a set of parsers reads: a key with a default is never null. */
export type UrlValues<P extends UrlParsers> = {
  [K in keyof P]: P[K] extends WithDefault<infer T>
    ? T
    : P[K] extends UrlParser<infer T>
      ? T | null
      : never;
};

/** A page's `searchParams` as Next gives them. */
export type SearchParams = Record<string, string | string[] | undefined>;

function chainable<T>(parser: UrlParser<T>): Chainable<T> {
  return { ...parser, withDefault: (defaultValue) => ({ ...parser, defaultValue }) };
}

export const parseAsString = chainable<string>({ parse: (text) => text, serialize: (v) => v });

export const parseAsInteger = chainable<number>({
  parse: (text) => {
    const n = Number.parseInt(text, 10);
    return Number.isNaN(n) ? null : n;
  },
  serialize: (v) => Math.round(v).toFixed(),
});

/** One of a fixed list of words (a status, a tab); anything else is unreadable. */
export function parseAsStringLiteral<const W extends string>(words: readonly W[]) {
  return chainable<W>({
    parse: (text) => (words.includes(text as W) ? (text as W) : null),
    serialize: (v) => v,
  });
}

/** A comma-separated list; the items that cannot be read are left out. */
export function parseAsArrayOf<T>(item: UrlParser<T>) {
  return chainable<T[]>({
    parse: (text) =>
      text === ""
        ? []
        : text.split(",").flatMap((part) => {
            const value = item.parse(part);
            return value === null ? [] : [value];
          }),
    serialize: (values) => values.map((v) => item.serialize(v)).join(","),
  });
}

/** The parsed values of `query` (a URL's search part, or anything with `get`). */
export function readUrlState<P extends UrlParsers>(
  parsers: P,
  query: { get(key: string): string | null },
): UrlValues<P> {
  const values: Record<string, unknown> = {};
  for (const [key, parser] of Object.entries(parsers)) {
    const text = query.get(key);
    const value = text === null ? null : parser.parse(text);
    values[key] = value ?? parser.defaultValue ?? null;
  }
  return values as UrlValues<P>;
}

/** A change to some keys: null (or the key's default) removes the key from the URL. */
export type UrlChange<P extends UrlParsers> = Partial<{
  [K in keyof P]: UrlValues<P>[K] | null;
}>;

/** `query` with `change` written into it (in place). */
export function writeUrlState<P extends UrlParsers>(
  parsers: P,
  query: URLSearchParams,
  change: UrlChange<P>,
) {
  for (const [key, value] of Object.entries(change)) {
    const parser = parsers[key];
    if (!parser || value === undefined) continue;
    const text = value === null ? null : parser.serialize(value);
    const isDefault =
      text !== null &&
      parser.defaultValue !== undefined &&
      text === parser.serialize(parser.defaultValue);
    if (text === null || isDefault) query.delete(key);
    else query.set(key, text);
  }
}

/** `?a=1&b=x,y`, or "" when empty; commas (list separators) left as they are, for legible links. */
export function queryString(query: URLSearchParams) {
  const text = query.toString().replaceAll("%2C", ",");
  return text ? `?${text}` : "";
}

/**
 * A server page's reader of its parsers: takes the page's `searchParams` (or a URL's search
 * part, for tests). A repeated key counts by its first value.
 */
export function createLoader<P extends UrlParsers>(parsers: P) {
  return async (input: string | Promise<SearchParams> | SearchParams): Promise<UrlValues<P>> => {
    const source = await input;
    if (typeof source === "string") return readUrlState(parsers, new URLSearchParams(source));
    return readUrlState(parsers, {
      get: (key) => {
        const value = source[key];
        return (Array.isArray(value) ? value[0] : value) ?? null;
      },
    });
  };
}

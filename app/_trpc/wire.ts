/**
 * superjson's wire format as far as our procedures use it, so that a browser need not
 * download superjson itself (4 KB gzip on every page that calls the API): values are plain
 * JSON beside dates, bigints (amounts), undefined and non-finite numbers. Anything else (a
 * Map, a Set, a class) is refused loudly, on the way out and on the way in, rather than sent
 * or read wrong; wire.test.ts holds this writer and reader to superjson's own. The server
 * keeps superjson (server/trpc/init.ts): it reads what we write and writes what we read.
 */

/** What superjson makes of a value: the JSON and, per path, the types JSON cannot say. */
export interface WireValue {
  json: unknown;
  meta?: { values?: Annotation | Record<string, Annotation>; v?: number };
}

type Annotation = [type: string, ...rest: unknown[]];

/** A value that JSON carries as it is: what the customer's procedures take. */
export type PlainJson =
  | string
  | number
  | boolean
  | null
  | readonly PlainJson[]
  | { readonly [key: string]: PlainJson | undefined };

/** superjson's path: keys joined by dots, a dot in a key escaped as "\." and a backslash as "\\". */
const pathText = (path: readonly (string | number)[]) =>
  path.map((key) => String(key).replace(/\\/g, "\\\\").replace(/\./g, "\\.")).join(".");

/** JSON of `value`, noting in `out` (by path) each value JSON cannot say, as superjson does. */
function plain(value: unknown, path: (string | number)[], out: [string[], Annotation][]): unknown {
  const note = (annotation: Annotation, json: unknown) => {
    out.push([path.map(String), annotation]);
    return json;
  };
  switch (typeof value) {
    case "bigint":
      return note(["bigint"], value.toString());
    case "undefined":
      return note(["undefined"], null);
    case "number":
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return note(["number"], Object.is(value, -0) ? "-0" : String(value));
    case "string":
    case "boolean":
      return value;
  }
  if (value === null) return null;
  if (value instanceof Date) return note(["Date"], value.toISOString());
  if (Array.isArray(value)) return value.map((item, i) => plain(item, [...path, i], out));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (typeof value === "object" && (proto === Object.prototype || proto === null)) {
    const json: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) json[key] = plain(item, [...path, key], out);
    return json;
  }
  throw new Error(`wire: ${Object.prototype.toString.call(value)} is not sent from here`);
}

export function toWire(value: unknown): WireValue {
  const out: [string[], Annotation][] = [];
  const json = plain(value, [], out);
  if (out.length === 0) return { json };
  const [only] = out;
  // A value that is itself a date or a bigint: superjson writes its annotation bare.
  if (only && only[0].length === 0) return { json, meta: { values: only[1], v: 1 } };
  return {
    json,
    meta: { values: Object.fromEntries(out.map(([path, a]) => [pathText(path), a])), v: 1 },
  };
}

function revive(value: unknown, [type]: Annotation): unknown {
  switch (type) {
    case "Date":
      return new Date(value as string);
    case "bigint":
      return BigInt(value as string);
    case "undefined":
      return undefined;
    case "number": // NaN and ±Infinity, sent as strings
      return Number(value);
    default:
      throw new Error(`wire: superjson type "${type}" is not read here`);
  }
}

/** superjson's path ("items.0.at", a dot in a key escaped as "\." and a backslash as "\\"). */
function pathOf(text: string): string[] {
  const path: string[] = [];
  let segment = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\") segment += text[++i] ?? "";
    else if (char === ".") {
      path.push(segment);
      segment = "";
    } else segment += char;
  }
  path.push(segment);
  return path;
}

export function fromWire<T>({ json, meta }: WireValue): T {
  const values = meta?.values;
  if (!values) return json as T;
  if (Array.isArray(values)) return revive(json, values) as T;
  for (const [text, annotation] of Object.entries(values)) {
    const path = pathOf(text);
    const key = path.pop() ?? "";
    let parent = json as Record<string, unknown>;
    for (const part of path) parent = parent[part] as Record<string, unknown>;
    parent[key] = revive(parent[key], annotation);
  }
  return json as T;
}

/** The console's tRPC links and query cache read and write through this (see above). */
export const wireTransformer = { serialize: toWire, deserialize: fromWire };

/**
 * superjson's wire format as far as our procedures use it, so that a browser need not
 * download superjson itself (4 KB gzip on every page that calls the API): values are plain
 * JSON beside dates, bigints (amounts), undefined and non-finite numbers. Anything else (a
 * Map, a Set, a class) is refused loudly rather than read wrong; wire.test.ts holds this
 * reader and wire-writer.ts's writer to superjson's own. The server keeps superjson
 * (server/trpc/init.ts): it reads what we write and writes what we read.
 */

/** What superjson makes of a value: the JSON and, per path, the types JSON cannot say. */
export interface WireValue {
  json: unknown;
  meta?: { values?: Annotation | Record<string, Annotation>; v?: number };
}

export type Annotation = [type: string, ...rest: unknown[]];

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

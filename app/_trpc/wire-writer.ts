import { fromWire, type Annotation, type WireValue } from "./wire";

/**
 * superjson's format written for any value the console sends (see wire.ts): dates, bigints,
 * undefined and non-finite numbers noted by path as superjson notes them, anything else
 * refused. Apart from wire.ts so that the customer's pages, whose inputs are plain JSON, do
 * not download it.
 */

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

/** Any value we send: the console's inputs, the query cache's data written on the server. */
export function writeWire(value: unknown): WireValue {
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

/** The console's tRPC links read and write through this. */
export const wireTransformer = { serialize: writeWire, deserialize: fromWire };

import type { WireValue } from "./wire";

/*
 * Where the browser's calls go and how their input is written, apart from call.ts (a refusal's
 * shape, the answer's reader) and wire.ts (superjson's reader): the pay page's live view opens
 * its stream with these alone, so a customer's first visit downloads neither of those; the
 * client that makes calls (pay-client.ts) comes only when a call is made.
 */

export const endpoint = (path: string) => `/api/trpc/${path}`;

/** A call's input in its URL's query, as tRPC reads a query's (or a batch's: index → input). */
export const inputQuery = (wire: WireValue | Record<number, WireValue>) =>
  `input=${encodeURIComponent(JSON.stringify(wire))}`;

/** The language the page is shown in (the root layout's <html lang>). */
export const pageLocale = () => document.documentElement.lang;

/** A value that JSON carries as it is: what the customer's procedures take. */
export type PlainJson =
  | string
  | number
  | boolean
  | null
  | readonly PlainJson[]
  | { readonly [key: string]: PlainJson | undefined };

/** Plain JSON, which superjson sends as it is: the customer's inputs (the rest: wire-writer.ts). */
export function toWire(input: PlainJson): WireValue {
  return { json: input };
}

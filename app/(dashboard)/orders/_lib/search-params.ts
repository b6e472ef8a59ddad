import {
  createLoader,
  parseAsArrayOf,
  parseAsString,
  parseAsStringLiteral,
  type UrlValues,
} from "@/app/_lib/url-state";
import { parseMajorToMinor } from "@/server/money/currency";
import { orderStatuses, paymentMethodKinds } from "@/db/schema/enum-values";
import type { ListOrdersInput, OrderSort } from "../../_lib/router-types";

/** Cash first, as most counters take it most; the rest in the server's order. */
export const methodKinds = [
  "cash",
  ...paymentMethodKinds.filter((kind) => kind !== "cash"),
] as const;
export const orderSorts = [
  "newest",
  "oldest",
  "amount_desc",
  "amount_asc",
] as const satisfies readonly OrderSort[];

/**
 * The order list's filters as they appear in the URL (read by the server page to prefetch and
 * by the client to query), so a filtered list can be reloaded, bookmarked and shared.
 * Amounts stay in major units ("12.50"), as the user typed them.
 */
export const orderFilterParsers = {
  status: parseAsArrayOf(parseAsStringLiteral(orderStatuses)).withDefault([]),
  method: parseAsStringLiteral(methodKinds),
  store: parseAsString,
  from: parseAsString,
  to: parseAsString,
  min: parseAsString,
  max: parseAsString,
  q: parseAsString,
  sort: parseAsStringLiteral(orderSorts).withDefault("newest"),
  cursor: parseAsString,
};
export type OrderFilters = UrlValues<typeof orderFilterParsers>;

export const loadOrderFilters = createLoader(orderFilterParsers);

const localDate = /^\d{4}-\d{2}-\d{2}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function amountToMinor(text: string | null, currency: string): string | undefined {
  if (!text?.trim()) return undefined;
  try {
    // A string, not a bigint: the input is part of the query key, which is hashed as JSON.
    return parseMajorToMinor(text, currency).toString();
  } catch {
    return undefined;
  }
}

/** True when the typed amount can be read in the currency (or is empty). */
export function isValidAmount(text: string, currency: string): boolean {
  if (!text.trim()) return true;
  return amountToMinor(text, currency) !== undefined;
}

/**
 * The list procedure's input for these filters. Server and client build it with this one
 * function, so the prefetched query and the client's query share their key. Values that
 * cannot be read (a mangled date or amount in a hand-edited URL) are left out.
 */
export function toListInput(f: OrderFilters, currency: string): ListOrdersInput {
  const input: ListOrdersInput = { sort: f.sort };
  if (f.status.length > 0) input.status = f.status;
  if (f.method) input.methodKind = f.method;
  if (f.store && uuid.test(f.store)) input.storeId = f.store;
  if (f.from && localDate.test(f.from)) input.from = f.from;
  if (f.to && localDate.test(f.to)) input.to = f.to;
  const min = amountToMinor(f.min, currency);
  if (min !== undefined) input.minAmountMinor = min;
  const max = amountToMinor(f.max, currency);
  if (max !== undefined) input.maxAmountMinor = max;
  const q = f.q?.trim();
  if (q) input.q = q.slice(0, 100);
  if (f.cursor) input.cursor = f.cursor.slice(0, 500);
  return input;
}

/** How many filters narrow the list (sort and page do not count). */
export function activeFilterCount(f: OrderFilters): number {
  return [f.status.length > 0, f.method, f.store, f.from, f.to, f.min, f.max, f.q].filter(Boolean)
    .length;
}

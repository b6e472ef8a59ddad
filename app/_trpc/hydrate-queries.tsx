"use client";

import { useEffect, useMemo, type ReactNode } from "react";
import { useQueryClient } from "./query-hooks";
import type { HydratedQuery, QueryKey } from "./query-store";
import { fromWire, type WireValue } from "./wire";

/**
 * A query the server read for the page (server/trpc/rsc.tsx's HydrateClient): its answer in
 * superjson's format and when it was read, or, still being read, the answer to come.
 */
export interface SentQuery {
  key: QueryKey;
  data?: WireValue;
  at?: number;
  later?: Promise<WireValue>;
}

/**
 * Puts the server's answers into the browser's cache. Queries the cache lacks are put there
 * while rendering, so the screens below show them at once; the others (the cache may hold a
 * newer answer) after, not to change what other screens show during this render.
 */
export function HydrateQueries({
  queries,
  children,
}: {
  queries: readonly SentQuery[];
  children: ReactNode;
}) {
  const client = useQueryClient();
  const known = useMemo(() => {
    const read = queries.map(received);
    client.hydrate(read.filter((query) => !client.has(query.key)));
    return read;
  }, [client, queries]);
  useEffect(() => client.hydrate(known), [client, known]);
  return children;
}

function received({ key, data, at, later }: SentQuery): HydratedQuery {
  if (!later) return { key, data: data && fromWire(data), updatedAt: at };
  const now = settled(later);
  if (now) return { key, data: fromWire(now.value), updatedAt: Date.now() };
  // React's streamed promise is a thenable whose `then` returns nothing: made a Promise first.
  return { key, later: Promise.resolve(later).then(fromWire) };
}

/**
 * The value of React's streamed promise when it has already arrived with the page. React's
 * thenable calls `then`'s callback at once when it is fulfilled; a native promise never does
 * (its callbacks run later), so one reads as not settled here and waits in the cache instead.
 */
function settled<T>(promise: Promise<T>): { value: T } | undefined {
  let out: { value: T } | undefined;
  promise.then(
    (value) => (out = { value }),
    () => undefined,
  );
  return out;
}

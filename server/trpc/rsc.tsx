import "server-only";
import { hashKey, QueryClient, type Query, type QueryKey } from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { notFound } from "next/navigation";
import { cache, type ReactNode } from "react";
import { HydrateQueries, type SentQuery } from "@/app/_trpc/hydrate-queries";
import { queryDefaults } from "@/app/_trpc/query-client";
import { writeWire } from "@/app/_trpc/wire-writer";
import { appRouter } from "./root";
import { createContext } from "./server-caller";

// The server reads a page's queries ahead with TanStack Query (tRPC's own proxy below); the
// browser's cache is the console's own (app/_trpc/query-store.ts), given the answers as
// HydrateQueries reads them.
const getQueryClient = cache(() => new QueryClient({ defaultOptions: { queries: queryDefaults } }));

/** Query options for server components to prefetch; the client picks them up hydrated. */
export const trpc = createTRPCOptionsProxy({
  ctx: createContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** The queries a boundary around the page (the console layout's) carries, per request. */
const carriedAbove = cache(() => new Set<string>());

/**
 * A query as the browser gets it: its answer in superjson's format, or the answer to come
 * while the server still reads it. A refused one is not sent: the browser asks again (and
 * explains the refusal).
 */
function sent(query: Query): SentQuery[] {
  const { status, data, dataUpdatedAt } = query.state;
  if (status === "success")
    return [{ key: query.queryKey, data: writeWire(data), at: dataUpdatedAt }];
  if (status !== "pending" || !query.promise) return [];
  const later = query.promise.then(writeWire);
  // Its refusal goes to the browser, not to the server's log as an unhandled rejection.
  later.catch(() => undefined);
  return [{ key: query.queryKey, later }];
}

/**
 * Sends the browser the request's prefetched queries, once each: a boundary given `only`
 * (the console layout's, around every page) carries just those, and a page's boundary leaves
 * them out when that one has already taken them. Otherwise each boundary sent the whole cache:
 * layouts and pages render at once, so the layout's often held the page's queries too, and the
 * page's held the layout's, each row twice in the HTML (1.5 KB of gzip on an order's page).
 */
export function HydrateClient({
  children,
  only,
}: {
  children: ReactNode;
  only?: readonly { queryKey: QueryKey }[];
}) {
  const above = carriedAbove();
  const hashes = only && new Set(only.map((options) => hashKey(options.queryKey)));
  for (const hash of hashes ?? []) above.add(hash);
  const queries = getQueryClient()
    .getQueryCache()
    .getAll()
    .filter((query) => (hashes ? hashes.has(query.queryHash) : !above.has(query.queryHash)))
    .flatMap(sent);
  return <HydrateQueries queries={queries}>{children}</HydrateQueries>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query options of the router
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T) {
  void getQueryClient().prefetchQuery(queryOptions);
}

/**
 * `prefetch`, handing the server component the answer as well (the browser still gets it from
 * the boundary that carries the query): for a layout that draws differently by it. Null when
 * the query was refused, which the browser then asks again and explains as `prefetch` leaves it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query options of the router
export async function prefetchAnswer<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T) {
  return getQueryClient()
    .fetchQuery(queryOptions)
    .catch(() => null);
}

/** What a query of these options answers (its query function's promise's value). */
type AnswerOf<T> = T extends { queryFn?: infer F }
  ? F extends (...args: never[]) => infer D
    ? Awaited<D>
    : never
  : never;

/**
 * `prefetch`, waiting for the answer, for a detail page's row, which the server may refuse for
 * a reason only its rows know (a guide meant for other roles, an id of nothing or of another
 * shop's row). `prefetch` sends the query still running, and its refusal then reaches Next as
 * the page's own error, logged although the page shows it well. Here an id of nothing (or of
 * another shop's row, which the query refuses the same way) is the app's not-found page with
 * HTTP 404, not a page of 200 saying so; another refusal is not sent (the browser asks again
 * and explains it). The answer, for a page that draws differently by it; undefined when refused.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query options of the router
export async function prefetchOrNotFound<T extends ReturnType<TRPCQueryOptions<any>>>(
  queryOptions: T,
): Promise<AnswerOf<T> | undefined> {
  const client = getQueryClient();
  await client.prefetchQuery(queryOptions);
  const state = client.getQueryState(queryOptions.queryKey);
  if (state?.status === "success") return state.data as AnswerOf<T>;
  if (state?.error instanceof TRPCError && state.error.code === "NOT_FOUND") notFound();
  return undefined;
}

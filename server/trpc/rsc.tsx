import "server-only";
import {
  defaultShouldDehydrateQuery,
  dehydrate,
  hashKey,
  HydrationBoundary,
  type QueryKey,
} from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { notFound } from "next/navigation";
import { cache, type ReactNode } from "react";
import { makeQueryClient } from "@/app/_trpc/query-client";
import { appRouter } from "./root";
import { createContext } from "./server-caller";

const getQueryClient = cache(makeQueryClient);

/** Query options for server components to prefetch; the client picks them up hydrated. */
export const trpc = createTRPCOptionsProxy({
  ctx: createContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** The queries a boundary around the page (the console layout's) carries, per request. */
const carriedAbove = cache(() => new Set<string>());

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
  const client = getQueryClient();
  const shouldDehydrate =
    client.getDefaultOptions().dehydrate?.shouldDehydrateQuery ?? defaultShouldDehydrateQuery;
  const above = carriedAbove();
  const hashes = only && new Set(only.map((options) => hashKey(options.queryKey)));
  for (const hash of hashes ?? []) above.add(hash);
  const state = dehydrate(client, {
    shouldDehydrateQuery: (query) =>
      (hashes ? hashes.has(query.queryHash) : !above.has(query.queryHash)) &&
      shouldDehydrate(query),
  });
  return <HydrationBoundary state={state}>{children}</HydrationBoundary>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query options of the router
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T) {
  void getQueryClient().prefetchQuery(queryOptions);
}

/**
 * `prefetch`, waiting for the answer, for a detail page's row, which the server may refuse for
 * a reason only its rows know (a guide meant for other roles, an id of nothing or of another
 * shop's row). `prefetch` sends the query still running, and its refusal then reaches Next as
 * the page's own error, logged although the page shows it well. Here an id of nothing (or of
 * another shop's row, which the query refuses the same way) is the app's not-found page with
 * HTTP 404, not a page of 200 saying so; another refusal is not sent (the browser asks again
 * and explains it). True when the query was answered.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query options of the router
export async function prefetchOrNotFound<T extends ReturnType<TRPCQueryOptions<any>>>(
  queryOptions: T,
): Promise<boolean> {
  const client = getQueryClient();
  await client.prefetchQuery(queryOptions);
  const state = client.getQueryState(queryOptions.queryKey);
  if (state?.status === "success") return true;
  if (state?.error instanceof TRPCError && state.error.code === "NOT_FOUND") notFound();
  return false;
}

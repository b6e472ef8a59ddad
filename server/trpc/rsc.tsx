import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { makeQueryClient } from "@/app/_trpc/query-client";
import { createRequestContext, getSessionUser } from "./context";
import { appRouter, createCaller } from "./root";

/**
 * The signed-in user of the request being rendered, looked up once however many layouts,
 * pages and the language resolver ask for it.
 */
export const currentUser = cache(async () => getSessionUser(await headers()));

const createContext = cache(async () => createRequestContext(await headers(), await currentUser()));
const getQueryClient = cache(makeQueryClient);

/** Query options for server components to prefetch; the client picks them up hydrated. */
export const trpc = createTRPCOptionsProxy({
  ctx: createContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** Direct calls from server components (layouts that must decide before rendering). */
export const serverCaller = cache(async () => createCaller(await createContext()));

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query options of the router
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T) {
  void getQueryClient().prefetchQuery(queryOptions);
}

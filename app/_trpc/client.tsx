"use client";

import type { ReactNode } from "react";
import { trpcOptions } from "./options-proxy";
import { makeQueryClient } from "./query-client";
import { QueryClientProvider } from "./query-hooks";
import type { QueryClient } from "./query-store";

/**
 * The screens' tRPC proxy: `trpc.<router>.<procedure>.queryOptions(input)` for the query
 * hooks (options-proxy.ts, query-hooks.ts). One for the whole app: it holds no state (the
 * calls go through console-calls.ts, the data into the query client below).
 */
export const useTRPC = () => trpcOptions;

let browserQueryClient: QueryClient | undefined;
function getQueryClient() {
  // On the server a new client per request; in the browser one for the whole session.
  if (typeof window === "undefined") return makeQueryClient();
  return (browserQueryClient ??= makeQueryClient());
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}

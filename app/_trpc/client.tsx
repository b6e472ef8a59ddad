"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  loggerLink,
  splitLink,
} from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import { errorLocaleHeader } from "@/app/_lib/error-sentence";
import type { AppRouter } from "@/server/trpc/root";
import { makeQueryClient } from "./query-client";
import { stepUpLink } from "./step-up-link";
import { wireTransformer } from "./wire-writer";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;
function getQueryClient() {
  // On the server a new client per request; in the browser one for the whole session.
  if (typeof window === "undefined") return makeQueryClient();
  return (browserQueryClient ??= makeQueryClient());
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Failed calls logged while developing. A browser bundle: env.ts (server-only) is not
        // here, and the bundler inlines NODE_ENV, so a production build leaves the logger out.
        // eslint-disable-next-line no-restricted-properties
        ...(process.env.NODE_ENV === "development"
          ? [loggerLink({ enabled: (op) => op.direction === "down" && op.result instanceof Error })]
          : []),
        // A sensitive mutation refused for want of a fresh step-up: ask, then send it again.
        stepUpLink<AppRouter>(),
        // Subscriptions (live payment status) stream over server-sent events; the rest is batched.
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: wireTransformer }),
          false: httpBatchLink({
            url: "/api/trpc",
            transformer: wireTransformer,
            // A refusal's sentence in the page's language (the root layout's <html lang>),
            // said by the server: the browser keeps only a few of the errors' sentences.
            headers: () =>
              typeof document === "undefined"
                ? {}
                : { [errorLocaleHeader]: document.documentElement.lang },
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

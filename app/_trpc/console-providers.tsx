import type { ReactNode } from "react";
import { LazyToaster } from "@/app/_components/toast";
import { TRPCReactProvider } from "./client";

/**
 * The console's data layer (tRPC + the query cache, query-store.ts) and its toasts, given by the console's
 * layouts ((dashboard), (auth)) rather than the root one: the customer's pages (pay page,
 * receipt, sandbox wallet) use neither, and a customer on a phone should not download them.
 */
export function ConsoleProviders({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      {children}
      <LazyToaster />
    </TRPCReactProvider>
  );
}

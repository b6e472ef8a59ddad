import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import { fromWire } from "./wire";
import { writeWire } from "./wire-writer";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30 * 1000, retry: (count, err) => count < 2 && !isClientError(err) },
      dehydrate: {
        // Written on the server, read in the browser: superjson's format (see wire.ts).
        serializeData: writeWire,
        shouldDehydrateQuery: (query) =>
          defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: fromWire },
    },
  });
}

/** 4xx answers (forbidden, not found, bad input) will not change on retry. */
function isClientError(err: unknown): boolean {
  const status = (err as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}

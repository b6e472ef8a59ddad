import { QueryClient } from "./query-store";

/**
 * How the console reads its queries, in the browser (makeQueryClient) and when the server reads
 * them ahead for a page (server/trpc/rsc.tsx): an answer is used for 30 s, and a failed read is
 * tried twice more unless the server refused it.
 */
export const queryDefaults = {
  staleTime: 30 * 1000,
  retry: (failures: number, err: unknown) => failures < 2 && !isClientError(err),
};

export const makeQueryClient = () => new QueryClient(queryDefaults);

/** 4xx answers (forbidden, not found, bad input) will not change on retry. */
function isClientError(err: unknown): boolean {
  const status = (err as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}

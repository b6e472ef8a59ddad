"use client";

import type { QueryResult } from "@/app/_trpc/query-hooks";
import type { DataTablePagination } from "@/app/_components/data-table";
import { useErrorMessage } from "@/app/_lib/use-error-message";

/**
 * What a keyset-paged list query gives its DataTable: the rows, the error with a retry, and the
 * pager. The cursor lives in the URL (useUrlState: `setFilters` changes it), so "next" is offered only
 * once the page shown is the one the cursor asked for, never while the previous page stands in
 * as placeholder data. `label` gives the screen's own words for retry and the pager.
 */
export function useKeysetList<Row, TError>(
  list: QueryResult<{ rows: Row[]; nextCursor: string | null }, TError>,
  cursor: string | null,
  setFilters: (change: { cursor: string | null }) => unknown,
  label: (key: "retry" | "pagination" | "firstPage" | "nextPage") => string,
): {
  rows: Row[] | undefined;
  error: { message: string; retryLabel: string; onRetry: () => void } | undefined;
  pagination: DataTablePagination;
} {
  const errorMessage = useErrorMessage();
  const next = list.isPlaceholderData ? null : (list.data?.nextCursor ?? null);
  return {
    rows: list.data?.rows,
    error: list.isError
      ? {
          message: errorMessage(list.error),
          retryLabel: label("retry"),
          onRetry: () => void list.refetch(),
        }
      : undefined,
    pagination: {
      kind: "keyset",
      labels: {
        pagination: label("pagination"),
        firstPage: label("firstPage"),
        nextPage: label("nextPage"),
      },
      onFirst: cursor ? () => void setFilters({ cursor: null }) : null,
      onNext: next ? () => void setFilters({ cursor: next }) : null,
    },
  };
}

"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { DataTablePagination } from "@/app/_components/data-table";
import { useErrorMessage } from "@/app/_lib/use-error-message";

/**
 * What a keyset-paged list query gives its DataTable: the rows, the error with a retry, and the
 * pager. The cursor lives in the URL (nuqs), so "next" is offered only once the page shown is
 * the one the cursor asked for, never while the previous page stands in as placeholder data.
 */
export function useKeysetList<Row, TError>(
  list: UseQueryResult<{ rows: Row[]; nextCursor: string | null }, TError>,
  page: { cursor: string | null; setCursor: (cursor: string | null) => void },
  labels: { retry: string; pagination: string; firstPage: string; nextPage: string },
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
          retryLabel: labels.retry,
          onRetry: () => void list.refetch(),
        }
      : undefined,
    pagination: {
      kind: "keyset",
      labels: {
        pagination: labels.pagination,
        firstPage: labels.firstPage,
        nextPage: labels.nextPage,
      },
      onFirst: page.cursor ? () => page.setCursor(null) : null,
      onNext: next ? () => page.setCursor(next) : null,
    },
  };
}

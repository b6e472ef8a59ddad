"use client";

import { ChevronRightIcon, ChevronsLeftIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/app/_components/ui/button";

/**
 * Back-to-first and next-page buttons for a list paged by keyset cursor (such a list cannot
 * jump to page N or step back one page). A missing handler disables its button.
 */
export function KeysetPager({
  labels,
  onFirst,
  onNext,
}: {
  labels: { pagination: string; firstPage: string; nextPage: string };
  onFirst: (() => void) | null;
  onNext: (() => void) | null;
}) {
  return (
    <nav aria-label={labels.pagination} className="flex flex-wrap justify-end gap-2">
      <Button variant="outline" disabled={!onFirst} onClick={() => onFirst?.()}>
        <ChevronsLeftIcon />
        {labels.firstPage}
      </Button>
      <Button variant="outline" disabled={!onNext} onClick={() => onNext?.()}>
        {labels.nextPage}
        <ChevronRightIcon />
      </Button>
    </nav>
  );
}

type PagerLabel = "pagination" | "firstPage" | "nextPage";

/**
 * The cursors of the pages walked so far, for a keyset-paged list that keeps its place itself
 * (a list sharing its page with others; a page's main list keeps its cursor in the URL:
 * useKeysetList). `pager(list)` gives KeysetPager its props for the list's current answer:
 * first goes back to the first page, and next is offered only once the page shown is the one
 * asked for, never while the previous page stands in as placeholder data.
 */
export function useCursorTrail(label: (key: PagerLabel) => string) {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    /** Back to the first page, when a filter changes. */
    restart: () => setCursors([]),
    pager(list: { data?: { nextCursor: string | null }; isPlaceholderData: boolean }) {
      const next = list.isPlaceholderData ? null : (list.data?.nextCursor ?? null);
      return {
        labels: {
          pagination: label("pagination"),
          firstPage: label("firstPage"),
          nextPage: label("nextPage"),
        },
        onFirst: cursors.length > 0 ? () => setCursors([]) : null,
        onNext: next ? () => setCursors([...cursors, next]) : null,
      };
    },
  };
}

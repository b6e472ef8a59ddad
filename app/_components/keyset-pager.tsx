"use client";

import { ChevronRightIcon, ChevronsLeftIcon } from "lucide-react";
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

"use client";

import { use } from "react";
import { LinkPending } from "@/app/_components/plain-link";

/**
 * Inside a PlainLink: a bar at the left edge of the link's nearest positioned box while the
 * page it opens is on its way. The console has no loading skeleton (a skeleton made every
 * page stream in later on phones), so the page shown stays until the next one is in; this
 * says the tap was taken.
 */
export function LinkPendingMark() {
  return use(LinkPending) ? (
    <span
      aria-hidden
      data-link-pending
      className="bg-primary absolute inset-y-2 left-0 w-1 animate-pulse rounded-full"
    />
  ) : null;
}

"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { Suspense } from "react";
import { lazyWithMessages } from "@/app/_i18n/lazy-with-messages";
import { useHydrated } from "@/app/_lib/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";

// With its sentences: most members never have an invitation, and every console page had them.
const { Lazy: InvitationAnswers } = lazyWithMessages(
  ["invitations"],
  () => import("./invitation-answers"),
  (m) => m.InvitationAnswers,
);

/**
 * The invitations as the "no shop" screen lists them (loaded with that screen only). Drawn in
 * the browser only, as its list is asked there (the server's HTML never had one).
 */
export function InvitationsSection() {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <Suspense fallback={null}>
      <InvitationAnswers variant="page" />
    </Suspense>
  );
}

/**
 * The strip of invitations above the console, for someone invited to another shop. Most
 * members have none: the answers (their dialog, mutations and toasts) load only when some
 * are there, and share this query's answer.
 */
export function InvitationsBanner() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.invitations.mine.queryOptions());
  if (!mine.data?.length) return null;
  return (
    <Suspense fallback={null}>
      <InvitationAnswers variant="banner" />
    </Suspense>
  );
}

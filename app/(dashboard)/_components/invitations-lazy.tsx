"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { lazy, Suspense } from "react";
import { useTRPC } from "@/app/_trpc/client";

const InvitationAnswers = lazy(() =>
  import("./invitation-answers").then((m) => ({ default: m.InvitationAnswers })),
);

/** The invitations as the "no shop" screen lists them (loaded with that screen only). */
export function InvitationsSection() {
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

"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect } from "react";
import { useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { useTRPC } from "@/app/_trpc/client";

/**
 * Shown while the roll-ups move to the shop's new time zone (the background job's rebuild):
 * asks every few seconds whether they are done, and once they are, reads every figure again.
 */
export function RebuildingNote({ zone }: { zone: string }) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useQuery({ ...trpc.analytics.options.queryOptions(), refetchInterval: 5_000 });
  // Unmounted when the answer says the rebuild is done: the figures read before are stale.
  useEffect(
    () => () => void queryClient.invalidateQueries({ queryKey: trpc.analytics.pathKey() }),
    [queryClient, trpc],
  );
  return (
    <p
      role="status"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      {t("rebuilding", { zone })}
    </p>
  );
}

"use client";

import { useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { useFormatter } from "@/app/_i18n/client-intl";
import { useTRPC } from "@/app/_trpc/client";
import { localDate } from "@/server/time/local-date.logic";
import { useShopTime } from "../../_lib/use-shop-time";

/** The methods a statement can come from: every one but cash (no provider, no statement). */
export function useReconMethods() {
  const trpc = useTRPC();
  const methods = useQuery(trpc.paymentMethods.list.queryOptions());
  return {
    ...methods,
    data: methods.data?.methods
      .filter((m) => m.kind !== "cash")
      .map((m) => ({ id: m.id, label: m.label, kind: m.kind })),
  };
}

/**
 * A shop's local day ("2026-12-01") in the user's language. It is already the shop's date, so
 * it is shown as it is, at noon UTC, whatever the device's zone.
 */
export function useDayFormat() {
  const format = useFormatter();
  return (day: string, style: "medium" | "long" = "medium") =>
    format.dateTime(new Date(`${day}T12:00:00Z`), { dateStyle: style, timeZone: "UTC" });
}

/** After an import, a resolution or a close: every reconciliation query and the nav's badge. */
export function useReconChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.statements.pathFilter()),
      queryClient.invalidateQueries(trpc.reconciliation.pathFilter()),
    ]);
}

/** Today's date in the shop's zone (the settings are prefetched with the page). */
export function useShopToday(): string {
  const { timeZone } = useShopTime();
  return localDate(new Date(), timeZone ?? "UTC");
}

"use client";

import { useQuery } from "@/app/_trpc/query-hooks";
import { usePathname } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useEffect, useRef } from "react";
import { cn } from "@/app/_lib/cn";
import { useTRPC } from "@/app/_trpc/client";

/**
 * A count beside a menu item (work waiting for someone). The layout fetches it with the page;
 * it is asked again on each navigation and whenever a mutation invalidates its queries.
 */
function NavCountBadge({
  count,
  refetch,
  label,
  testId,
  collapsed,
}: {
  count: number | undefined;
  refetch: () => unknown;
  label: string;
  testId: string;
  collapsed: boolean;
}) {
  const pathname = usePathname();
  const shownOn = useRef(pathname);
  useEffect(() => {
    if (shownOn.current === pathname) return;
    shownOn.current = pathname;
    void refetch();
  }, [pathname, refetch]);
  if (!count) return null;
  return (
    <span
      data-testid={testId}
      className={cn(
        "rounded-full bg-amber-500 font-semibold text-white tabular-nums",
        collapsed
          ? "absolute top-0.5 right-0.5 min-w-4 px-1 text-[10px] leading-4"
          : "ml-auto px-1.5 text-xs leading-5",
      )}
    >
      {count > 99 ? "99+" : count}
      <span className="sr-only"> {label}</span>
    </span>
  );
}

/** How many refunds wait for a decision, beside "Refunds" for those who approve. */
export function AwaitingRefundsBadge({ collapsed }: { collapsed: boolean }) {
  const t = useTranslations("nav");
  const trpc = useTRPC();
  const { data, refetch } = useQuery(trpc.refunds.awaitingCount.queryOptions());
  return (
    <NavCountBadge
      count={data}
      refetch={refetch}
      label={t("awaitingRefunds", { count: data ?? 0 })}
      testId="refunds-awaiting-badge"
      collapsed={collapsed}
    />
  );
}

/** How many reconciliation differences are open, beside "Reconciliation". */
export function OpenDifferencesBadge({ collapsed }: { collapsed: boolean }) {
  const t = useTranslations("nav");
  const trpc = useTRPC();
  const { data, refetch } = useQuery(trpc.reconciliation.openCount.queryOptions());
  return (
    <NavCountBadge
      count={data}
      refetch={refetch}
      label={t("openDifferences", { count: data ?? 0 })}
      testId="recon-open-badge"
      collapsed={collapsed}
    />
  );
}

/** How many alerts nobody has taken up yet, beside "Alerts" for owners and managers. */
export function OpenAlertsBadge({ collapsed }: { collapsed: boolean }) {
  const t = useTranslations("nav");
  const trpc = useTRPC();
  const { data, refetch } = useQuery(trpc.alerts.openCount.queryOptions());
  return (
    <NavCountBadge
      count={data}
      refetch={refetch}
      label={t("openAlerts", { count: data ?? 0 })}
      testId="alerts-open-badge"
      collapsed={collapsed}
    />
  );
}

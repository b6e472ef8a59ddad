"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { cn } from "@/app/_lib/cn";
import { useTRPC } from "@/app/_trpc/client";

/**
 * How many refunds wait for a decision, beside "Refunds" for those who approve. The layout
 * fetches it with the page; it is asked again on each navigation and whenever a refunds
 * mutation invalidates the refunds queries (an approval, a refusal, a new request).
 */
export function AwaitingRefundsBadge({ collapsed }: { collapsed: boolean }) {
  const t = useTranslations("nav");
  const trpc = useTRPC();
  const pathname = usePathname();
  const { data: count, refetch } = useQuery(trpc.refunds.awaitingCount.queryOptions());
  const shownOn = useRef(pathname);
  useEffect(() => {
    if (shownOn.current === pathname) return;
    shownOn.current = pathname;
    void refetch();
  }, [pathname, refetch]);
  if (!count) return null;
  return (
    <span
      data-testid="refunds-awaiting-badge"
      className={cn(
        "rounded-full bg-amber-500 px-1.5 text-xs leading-5 font-semibold text-white tabular-nums",
        collapsed ? "absolute top-0.5 right-0.5 min-w-4 px-1 text-[10px] leading-4" : "ml-auto",
      )}
    >
      {count > 99 ? "99+" : count}
      <span className="sr-only"> {t("awaitingRefunds", { count })}</span>
    </span>
  );
}

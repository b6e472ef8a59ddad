"use client";

import { PlainLink } from "@/app/_components/plain-link";
import { usePathname } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { LinkPendingMark } from "@/app/_components/link-pending-mark";
import { cn } from "@/app/_lib/cn";
import type { Area } from "@/server/auth/roles.logic";
import { isActive, navItems } from "./nav";
import { ShellIcon } from "@/app/_components/shell-icon";
import { AwaitingRefundsBadge, OpenAlertsBadge, OpenDifferencesBadge } from "./nav-count-badge";

/** The console's areas the member may open, in the sidebar and in the phone's drawer. */
export function NavLinks({
  areas,
  collapsed,
  approvesRefunds,
  onNavigate,
}: {
  areas: Area[];
  collapsed: boolean;
  approvesRefunds: boolean;
  onNavigate?: () => void;
}) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-1">
      {navItems
        .filter((item) => areas.includes(item.area))
        .map(({ area, href }) => {
          const active = isActive(href, pathname);
          return (
            <li key={area}>
              <PlainLink
                href={href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                title={collapsed ? t(area) : undefined}
                className={cn(
                  "hover:bg-accent hover:text-accent-foreground focus-visible:ring-ring/50 relative flex h-10 items-center gap-3 rounded-md text-sm font-medium transition-colors outline-none focus-visible:ring-[3px]",
                  active ? "bg-accent text-accent-foreground" : "text-muted-foreground",
                  collapsed ? "justify-center px-0" : "px-3",
                )}
              >
                <ShellIcon name={area} className="size-5 shrink-0" />
                <span className={cn(collapsed && "sr-only")}>{t(area)}</span>
                {area === "refunds" && approvesRefunds ? (
                  <AwaitingRefundsBadge collapsed={collapsed} />
                ) : null}
                {area === "reconciliation" ? <OpenDifferencesBadge collapsed={collapsed} /> : null}
                {area === "alerts" ? <OpenAlertsBadge collapsed={collapsed} /> : null}
                <LinkPendingMark />
              </PlainLink>
            </li>
          );
        })}
    </ul>
  );
}

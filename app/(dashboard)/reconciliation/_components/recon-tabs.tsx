"use client";

import { PlainLink } from "@/app/_components/plain-link";
import { usePathname } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { cn } from "@/app/_lib/cn";
import { openDifferencesHref } from "../_lib/search-params";

// `path` marks the tab as current; `href` may carry the tab's usual filter.
const tabs = [
  { id: "statements", path: "/reconciliation", href: "/reconciliation" },
  { id: "differences", path: "/reconciliation/differences", href: openDifferencesHref },
  { id: "days", path: "/reconciliation/days", href: "/reconciliation/days" },
] as const;

/** Statements · Differences · Days; a statement's page belongs to Statements. */
export function ReconTabs() {
  const t = useTranslations("reconciliation.tabs");
  const pathname = usePathname();
  const current = (path: string) =>
    path === "/reconciliation"
      ? pathname === path || pathname.startsWith("/reconciliation/statements")
      : pathname.startsWith(path);
  return (
    <nav aria-label={t("label")} className="-mx-1 overflow-x-auto">
      <ul className="flex gap-1 border-b px-1">
        {tabs.map((tab) => (
          <li key={tab.id}>
            <PlainLink
              href={tab.href}
              aria-current={current(tab.path) ? "page" : undefined}
              className={cn(
                "focus-visible:ring-ring/50 -mb-px inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px]",
                current(tab.path)
                  ? "border-primary text-foreground"
                  : "text-muted-foreground hover:text-foreground border-transparent",
              )}
            >
              {t(tab.id)}
            </PlainLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

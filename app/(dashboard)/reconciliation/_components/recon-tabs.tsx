"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { cn } from "@/app/_lib/cn";
import { openDifferencesHref } from "../_lib/search-params";

const tabs = [
  { id: "statements", href: "/reconciliation" },
  { id: "differences", href: openDifferencesHref },
  { id: "days", href: "/reconciliation/days" },
] as const;

/** Statements · Differences · Days; a statement's page belongs to Statements. */
export function ReconTabs() {
  const t = useTranslations("reconciliation.tabs");
  const pathname = usePathname();
  const current = (href: string) =>
    href === "/reconciliation"
      ? pathname === href || pathname.startsWith("/reconciliation/statements")
      : pathname.startsWith(href.split("?")[0]!);
  return (
    <nav aria-label={t("label")} className="-mx-1 overflow-x-auto">
      <ul className="flex gap-1 border-b px-1">
        {tabs.map((tab) => (
          <li key={tab.id}>
            <Link
              href={tab.href}
              aria-current={current(tab.href) ? "page" : undefined}
              className={cn(
                "focus-visible:ring-ring/50 -mb-px inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px]",
                current(tab.href)
                  ? "border-primary text-foreground"
                  : "text-muted-foreground hover:text-foreground border-transparent",
              )}
            >
              {t(tab.id)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

"use client";

import { PlainLink } from "@/app/_components/plain-link";
import { usePathname } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { cn } from "@/app/_lib/cn";

export type FailureTab = "log" | "analytics" | "notes" | "messages";

const hrefs: Record<FailureTab, string> = {
  log: "/failures",
  analytics: "/failures/analytics",
  notes: "/failures/notes",
  messages: "/failures/messages",
};

export function FailureTabs({ tabs }: { tabs: FailureTab[] }) {
  const t = useTranslations("failures.tabs");
  const pathname = usePathname();
  const current = (tab: FailureTab) =>
    tab === "log"
      ? pathname === "/failures" || /^\/failures\/[0-9a-f-]{36}$/.test(pathname)
      : pathname.startsWith(hrefs[tab]);
  return (
    <nav aria-label={t("label")} className="-mx-1 overflow-x-auto">
      <ul className="flex gap-1 border-b px-1">
        {tabs.map((tab) => (
          <li key={tab}>
            <PlainLink
              href={hrefs[tab]}
              aria-current={current(tab) ? "page" : undefined}
              className={cn(
                "focus-visible:ring-ring/50 -mb-px inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px]",
                current(tab)
                  ? "border-primary text-foreground"
                  : "text-muted-foreground hover:text-foreground border-transparent",
              )}
            >
              {t(tab)}
            </PlainLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

"use client";

import { MenuIcon, PanelLeftCloseIcon, PanelLeftOpenIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { Dialog as SheetPrimitive } from "radix-ui";
import { useState, type ReactNode } from "react";
import { LanguageSwitch } from "@/app/_components/language-switch";
import { Logo } from "@/app/_components/logo";
import { Button } from "@/app/_components/ui/button";
import { setPreferenceCookie } from "@/app/_lib/auth-client";
import { cn } from "@/app/_lib/cn";
import type { Area, Role } from "@/server/auth/roles.logic";
import { cookieNames } from "@/server/http/cookie-names";
import { MerchantSwitcher, StoreSwitcher } from "./switchers";
import { AwaitingRefundsBadge, OpenAlertsBadge, OpenDifferencesBadge } from "./nav-count-badge";
import { UserMenu } from "./user-menu";
import { isActive, navItems } from "./nav";
import { InvitationAnswers } from "./invitation-answers";
import { PracticeBanner } from "./practice-banner";

export interface ShellProps {
  user: { name: string; email: string };
  merchant: { merchantId: string; merchantName: string; role: Role };
  memberships: { merchantId: string; merchantName: string; role: Role }[];
  stores: { id: string; name: string }[];
  activeStoreId: string | null;
  areas: Area[];
  /** Shows beside "Refunds" how many refunds await a decision (for those who approve). */
  approvesRefunds: boolean;
  sidebarCollapsed: boolean;
  children: ReactNode;
}

function NavLinks({
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
        .map(({ area, href, icon: Icon }) => {
          const active = isActive(href, pathname);
          return (
            <li key={area}>
              <Link
                href={href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                title={collapsed ? t(area) : undefined}
                className={cn(
                  "text-muted-foreground hover:bg-accent hover:text-accent-foreground focus-visible:ring-ring/50 flex h-10 items-center gap-3 rounded-md px-3 text-sm font-medium transition-colors outline-none focus-visible:ring-[3px]",
                  active && "bg-accent text-accent-foreground",
                  collapsed && "relative justify-center px-0",
                )}
              >
                <Icon className="size-5 shrink-0" aria-hidden />
                <span className={cn(collapsed && "sr-only")}>{t(area)}</span>
                {area === "refunds" && approvesRefunds ? (
                  <AwaitingRefundsBadge collapsed={collapsed} />
                ) : null}
                {area === "reconciliation" ? <OpenDifferencesBadge collapsed={collapsed} /> : null}
                {area === "alerts" ? <OpenAlertsBadge collapsed={collapsed} /> : null}
              </Link>
            </li>
          );
        })}
    </ul>
  );
}

/** The console frame: a sidebar (collapsible on wide screens, a drawer on phones) and a header. */
export function Shell(props: ShellProps) {
  const t = useTranslations("shell");
  const [collapsed, setCollapsed] = useState(props.sidebarCollapsed);
  const [drawerOpen, setDrawerOpen] = useState(false);

  function toggleCollapsed() {
    const next = !collapsed;
    setCollapsed(next);
    setPreferenceCookie(cookieNames.sidebar, next ? "collapsed" : "open");
  }

  const brand = (
    <Link
      href="/"
      className="focus-visible:ring-ring/50 flex items-center gap-2 rounded-md font-semibold outline-none focus-visible:ring-[3px]"
    >
      <Logo className="size-7 shrink-0" />
      <span className={cn(collapsed && "md:sr-only")}>{t("brand")}</span>
    </Link>
  );

  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="focus:bg-card sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:px-3 focus:py-2"
      >
        {t("skipToContent")}
      </a>
      <aside
        aria-label={t("sidebar")}
        className={cn(
          "bg-sidebar sticky top-0 hidden h-dvh shrink-0 flex-col gap-4 border-r p-3 md:flex print:hidden",
          collapsed ? "w-16" : "w-60",
        )}
      >
        <div className={cn("flex h-10 items-center px-1", collapsed && "justify-center")}>
          {brand}
        </div>
        <nav aria-label={t("mainNav")} className="flex-1">
          <NavLinks
            areas={props.areas}
            collapsed={collapsed}
            approvesRefunds={props.approvesRefunds}
          />
        </nav>
        <Button
          variant="ghost"
          size="sm"
          onClick={toggleCollapsed}
          aria-expanded={!collapsed}
          aria-label={collapsed ? t("expandSidebar") : t("collapseSidebar")}
          className={cn(collapsed ? "justify-center" : "justify-start")}
        >
          {collapsed ? <PanelLeftOpenIcon /> : <PanelLeftCloseIcon />}
          <span className={cn(collapsed && "sr-only")}>{t("collapseSidebar")}</span>
        </Button>
      </aside>

      <SheetPrimitive.Root open={drawerOpen} onOpenChange={setDrawerOpen}>
        <SheetPrimitive.Portal>
          <SheetPrimitive.Overlay className="fixed inset-0 z-40 bg-black/40 md:hidden" />
          <SheetPrimitive.Content className="bg-sidebar fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 border-r p-4 shadow-lg md:hidden">
            <SheetPrimitive.Title className="flex h-10 items-center">{brand}</SheetPrimitive.Title>
            <SheetPrimitive.Description className="sr-only">
              {t("mainNav")}
            </SheetPrimitive.Description>
            <nav aria-label={t("mainNav")}>
              <NavLinks
                areas={props.areas}
                collapsed={false}
                approvesRefunds={props.approvesRefunds}
                onNavigate={() => setDrawerOpen(false)}
              />
            </nav>
          </SheetPrimitive.Content>
        </SheetPrimitive.Portal>
      </SheetPrimitive.Root>

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="bg-background/95 sticky top-0 z-30 flex h-14 items-center gap-2 border-b px-3 backdrop-blur md:px-5 print:hidden">
          <Button
            variant="ghost"
            size="icon"
            className="md:hidden"
            aria-label={t("openMenu")}
            onClick={() => setDrawerOpen(true)}
          >
            <MenuIcon />
          </Button>
          <div className="flex min-w-0 flex-1 items-center gap-1">
            <MerchantSwitcher current={props.merchant} memberships={props.memberships} />
            <StoreSwitcher stores={props.stores} activeStoreId={props.activeStoreId} />
          </div>
          <LanguageSwitch signedIn />
          <UserMenu user={props.user} role={props.merchant.role} />
        </header>
        {/* The console's chrome stays on screen: a printed page (a day's report) has only its content. */}
        <div className="contents print:hidden">
          <PracticeBanner />
          <InvitationAnswers variant="banner" />
        </div>
        <main id="main" className="flex-1 px-4 py-6 md:px-8 print:p-0">
          {props.children}
        </main>
      </div>
    </div>
  );
}

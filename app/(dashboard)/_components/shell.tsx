"use client";

import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { Logo } from "@/app/_components/logo";
import { Button } from "@/app/_components/ui/button";
import { buttonLine } from "@/app/_components/ui/button-class";
import { setPreferenceCookie } from "@/app/_lib/preference-cookie";
import { cn } from "@/app/_lib/cn";
import type { Area, Role } from "@/server/auth/roles.logic";
import { cookieNames } from "@/server/http/cookie-names";
import {
  HeaderLanguageMenu,
  HeaderMerchantMenu,
  HeaderStoreMenu,
  HeaderUserMenu,
} from "./header-menus";
import { InvitationsBanner } from "./invitations-lazy";
import { NavLinks } from "./nav-links";
import { PracticeBanner, type PracticeBannerProps } from "./practice-banner";
import { ShellIcon } from "@/app/_components/shell-icon";

// The phone's drawer (Radix's dialog) is loaded the first time it is opened.
const MobileNav = lazy(() => import("./mobile-nav").then((m) => ({ default: m.MobileNav })));

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
  /** In a practice shop, its banner's way back and words; null in a real shop. */
  practice: PracticeBannerProps | null;
  children: ReactNode;
}

/** The console frame: a sidebar (collapsible on wide screens, a drawer on phones) and a header. */
export function Shell(props: ShellProps) {
  const t = useTranslations("shell");
  const [collapsed, setCollapsed] = useState(props.sidebarCollapsed);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [drawerLoaded, setDrawerLoaded] = useState(false);

  function toggleCollapsed() {
    const next = !collapsed;
    setCollapsed(next);
    setPreferenceCookie(cookieNames.sidebar, next ? "collapsed" : "open");
  }

  const brand = (
    <PlainLink
      href="/"
      className="focus-visible:ring-ring/50 flex items-center gap-2 rounded-md font-semibold outline-none focus-visible:ring-[3px]"
    >
      <Logo className="size-7 shrink-0" />
      <span className={cn(collapsed && "md:sr-only")}>{t("brand")}</span>
    </PlainLink>
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
          size="none"
          onClick={toggleCollapsed}
          aria-expanded={!collapsed}
          aria-label={collapsed ? t("expandSidebar") : t("collapseSidebar")}
          className={cn(
            buttonLine,
            "h-8 shrink-0 gap-1.5 px-3 text-sm",
            collapsed ? "justify-center" : "justify-start",
          )}
        >
          <ShellIcon name={collapsed ? "sidebar-open" : "sidebar-close"} />
          <span className={cn(collapsed && "sr-only")}>{t("collapseSidebar")}</span>
        </Button>
      </aside>

      {drawerLoaded ? (
        <Suspense fallback={null}>
          <MobileNav
            open={drawerOpen}
            onOpenChange={setDrawerOpen}
            brand={brand}
            areas={props.areas}
            approvesRefunds={props.approvesRefunds}
          />
        </Suspense>
      ) : null}

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="bg-background/95 sticky top-0 z-30 flex h-14 items-center gap-2 border-b px-3 backdrop-blur md:px-5 print:hidden">
          <Button
            variant="ghost"
            size="icon"
            className="md:hidden"
            aria-label={t("openMenu")}
            onClick={() => {
              setDrawerLoaded(true);
              setDrawerOpen(true);
            }}
          >
            <ShellIcon name="menu" />
          </Button>
          <div className="flex min-w-0 flex-1 items-center gap-1">
            <HeaderMerchantMenu current={props.merchant} memberships={props.memberships} />
            <HeaderStoreMenu stores={props.stores} activeStoreId={props.activeStoreId} />
          </div>
          <HeaderLanguageMenu />
          <HeaderUserMenu user={props.user} role={props.merchant.role} />
        </header>
        {/* The console's chrome stays on screen: a printed page (a day's report) has only its content. */}
        <div className="contents print:hidden">
          {props.practice ? <PracticeBanner {...props.practice} /> : null}
          <InvitationsBanner />
        </div>
        <main id="main" className="flex-1 px-4 py-6 md:px-8 print:p-0">
          {props.children}
        </main>
      </div>
    </div>
  );
}

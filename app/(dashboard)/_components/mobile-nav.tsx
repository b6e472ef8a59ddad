"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { Dialog as SheetPrimitive } from "radix-ui";
import type { ReactNode } from "react";
import type { Area } from "@/server/auth/roles.logic";
import { NavLinks } from "./nav-links";

/** The phone's navigation drawer, loaded by the shell the first time its menu button is pressed. */
export function MobileNav({
  open,
  onOpenChange,
  brand,
  areas,
  approvesRefunds,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  brand: ReactNode;
  areas: Area[];
  approvesRefunds: boolean;
}) {
  const t = useTranslations("shell");
  return (
    <SheetPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <SheetPrimitive.Portal>
        <SheetPrimitive.Overlay className="fixed inset-0 z-40 bg-black/40 md:hidden" />
        <SheetPrimitive.Content className="bg-sidebar fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 border-r p-4 shadow-lg md:hidden">
          <SheetPrimitive.Title className="flex h-10 items-center">{brand}</SheetPrimitive.Title>
          <SheetPrimitive.Description className="sr-only">
            {t("mainNav")}
          </SheetPrimitive.Description>
          <nav aria-label={t("mainNav")}>
            <NavLinks
              areas={areas}
              collapsed={false}
              approvesRefunds={approvesRefunds}
              onNavigate={() => onOpenChange(false)}
            />
          </nav>
        </SheetPrimitive.Content>
      </SheetPrimitive.Portal>
    </SheetPrimitive.Root>
  );
}

"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { lazy } from "react";
import { LanguageButton } from "@/app/_components/language-button";
import { LoadOnOpen, menuTriggerProps } from "@/app/_components/load-on-open";
import type { Role } from "@/server/auth/roles.logic";
import { MerchantButton, StoreButton, UserButton } from "./header-buttons";

// The header's menus, each loaded at its first open (see LoadOnOpen): the menu library and
// the data layer's mutations stay out of the first visit of every console page.
const LanguageSwitch = lazy(() =>
  import("@/app/_components/language-switch").then((m) => ({ default: m.LanguageSwitch })),
);
const UserMenu = lazy(() => import("./user-menu").then((m) => ({ default: m.UserMenu })));
const MerchantSwitcher = lazy(() =>
  import("./switchers").then((m) => ({ default: m.MerchantSwitcher })),
);
const StoreSwitcher = lazy(() => import("./switchers").then((m) => ({ default: m.StoreSwitcher })));

export function HeaderLanguageMenu() {
  return (
    <LoadOnOpen trigger={(open) => <LanguageButton {...menuTriggerProps(open)} />}>
      <LanguageSwitch signedIn defaultOpen />
    </LoadOnOpen>
  );
}

export function HeaderUserMenu({
  user,
  role,
}: {
  user: { name: string; email: string };
  role: Role;
}) {
  const t = useTranslations("shell");
  return (
    <LoadOnOpen
      trigger={(open) => (
        <UserButton name={user.name} aria-label={t("userMenu")} {...menuTriggerProps(open)} />
      )}
    >
      <UserMenu user={user} role={role} />
    </LoadOnOpen>
  );
}

interface MerchantOption {
  merchantId: string;
  merchantName: string;
  role: Role;
}

/** The shop worked in; a menu of the others for someone who works in more than one. */
export function HeaderMerchantMenu({
  current,
  memberships,
}: {
  current: MerchantOption;
  memberships: MerchantOption[];
}) {
  const t = useTranslations("shell");
  if (memberships.length <= 1) {
    return (
      <span
        // Shares the phone header with the store switcher, as the button does.
        className="max-w-fit min-w-0 flex-1 truncate px-2 text-sm font-semibold sm:flex-initial"
        title={current.merchantName}
      >
        {current.merchantName}
      </span>
    );
  }
  return (
    <LoadOnOpen
      trigger={(open) => (
        <MerchantButton
          name={current.merchantName}
          aria-label={t("switchMerchant")}
          {...menuTriggerProps(open)}
        />
      )}
    >
      <MerchantSwitcher current={current} memberships={memberships} />
    </LoadOnOpen>
  );
}

export function HeaderStoreMenu({
  stores,
  activeStoreId,
}: {
  stores: { id: string; name: string }[];
  activeStoreId: string | null;
}) {
  const t = useTranslations("shell");
  if (stores.length === 0) return null;
  const activeName = stores.find((s) => s.id === activeStoreId)?.name ?? t("allStores");
  return (
    <LoadOnOpen
      trigger={(open) => (
        <StoreButton
          name={activeName}
          aria-label={`${t("switchStore")}: ${activeName}`}
          {...menuTriggerProps(open)}
        />
      )}
    >
      <StoreSwitcher stores={stores} activeStoreId={activeStoreId} activeName={activeName} />
    </LoadOnOpen>
  );
}

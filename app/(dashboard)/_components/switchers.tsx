"use client";

import { useQueryClient } from "@/app/_trpc/query-hooks";
import { useRouter } from "next/navigation";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useTransition } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "@/app/_components/ui/dropdown-menu";
import { setPreferenceCookie } from "@/app/_lib/preference-cookie";
import type { Role } from "@/server/auth/roles.logic";
import { cookieNames } from "@/server/http/cookie-names";
import { MerchantButton, StoreButton } from "./header-buttons";

/** Saves a preference cookie, then re-renders the server parts and refetches every query. */
function useSwitch() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  return {
    pending,
    apply(cookie: string, value: string) {
      setPreferenceCookie(cookie, value);
      startTransition(() => {
        router.refresh();
        void queryClient.invalidateQueries();
      });
    },
  };
}

interface MerchantOption {
  merchantId: string;
  merchantName: string;
  role: Role;
}

/** Loaded at its first open (header-menus.tsx), for someone who works in more than one shop. */
export function MerchantSwitcher({
  current,
  memberships,
}: {
  current: MerchantOption;
  memberships: MerchantOption[];
}) {
  const t = useTranslations("shell");
  const tRole = useTranslations("roles");
  const { pending, apply } = useSwitch();
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>
        <MerchantButton
          name={current.merchantName}
          aria-label={t("switchMerchant")}
          disabled={pending}
        />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuLabel>{t("merchants")}</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={current.merchantId}
          onValueChange={(id) => apply(cookieNames.merchant, id)}
        >
          {memberships.map((m) => (
            <DropdownMenuRadioItem key={m.merchantId} value={m.merchantId}>
              <span className="flex-1 truncate">{m.merchantName}</span>
              <span className="text-muted-foreground text-xs">{tRole(m.role)}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

const allStores = "all";

/** Loaded at its first open (header-menus.tsx). */
export function StoreSwitcher({
  stores,
  activeStoreId,
  activeName,
}: {
  stores: { id: string; name: string }[];
  activeStoreId: string | null;
  activeName: string;
}) {
  const t = useTranslations("shell");
  const { pending, apply } = useSwitch();
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>
        <StoreButton
          name={activeName}
          aria-label={`${t("switchStore")}: ${activeName}`}
          disabled={pending}
        />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuLabel>{t("stores")}</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={activeStoreId ?? allStores}
          onValueChange={(id) => apply(cookieNames.store, id)}
        >
          <DropdownMenuRadioItem value={allStores}>{t("allStores")}</DropdownMenuRadioItem>
          {stores.map((s) => (
            <DropdownMenuRadioItem key={s.id} value={s.id}>
              {s.name}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

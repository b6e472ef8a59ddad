"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ChevronsUpDownIcon, StoreIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { Button } from "@/app/_components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "@/app/_components/ui/dropdown-menu";
import { setPreferenceCookie } from "@/app/_lib/auth-client";
import type { Role } from "@/server/auth/roles.logic";
import { cookieNames } from "@/server/http/cookie-names";

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

  if (memberships.length <= 1) {
    return (
      <span
        // Shares the phone header with the store switcher, as the button below does.
        className="max-w-fit min-w-0 flex-1 truncate px-2 text-sm font-semibold sm:flex-initial"
        title={current.merchantName}
      >
        {current.merchantName}
      </span>
    );
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          // On a phone the shop and the store share the header's middle fairly (each up to
          // its own width), so a long shop name never pushes over the language switch and
          // the account menu. The buttons' default is not to shrink at all.
          className="max-w-fit min-w-0 flex-1 shrink font-semibold sm:max-w-[50vw] sm:flex-initial"
          aria-label={t("switchMerchant")}
          disabled={pending}
        >
          <span className="truncate">{current.merchantName}</span>
          <ChevronsUpDownIcon className="opacity-60" />
        </Button>
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

export function StoreSwitcher({
  stores,
  activeStoreId,
}: {
  stores: { id: string; name: string }[];
  activeStoreId: string | null;
}) {
  const t = useTranslations("shell");
  const { pending, apply } = useSwitch();
  if (stores.length === 0) return null;
  const activeName = stores.find((s) => s.id === activeStoreId)?.name ?? t("allStores");

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          className="max-w-fit min-w-0 flex-1 shrink sm:max-w-[40vw] sm:flex-initial"
          aria-label={`${t("switchStore")}: ${activeName}`}
          disabled={pending}
        >
          <StoreIcon />
          <span className="truncate">{activeName}</span>
        </Button>
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

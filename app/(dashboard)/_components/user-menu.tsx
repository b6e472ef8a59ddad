"use client";

import { KeyRoundIcon, LogOutIcon } from "lucide-react";
import { PlainLink } from "@/app/_components/plain-link";
import { useTranslations } from "@/app/_i18n/client-intl";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/app/_components/ui/dropdown-menu";
import type { Role } from "@/server/auth/roles.logic";
import { UserButton } from "./header-buttons";
import { useSignOut } from "./sign-out-button";

/** Loaded at its first open (header-menus.tsx). */
export function UserMenu({ user, role }: { user: { name: string; email: string }; role: Role }) {
  const t = useTranslations("shell");
  const tRole = useTranslations("roles");
  const { leaving, signOut } = useSignOut();

  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>
        <UserButton name={user.name} aria-label={t("userMenu")} />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <DropdownMenuLabel variant="strong" className="flex flex-col gap-0.5">
          <span className="truncate text-sm font-medium">{user.name}</span>
          <span className="text-muted-foreground truncate text-xs font-normal">{user.email}</span>
          <span className="text-muted-foreground text-xs font-normal">{tRole(role)}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <PlainLink href="/account">
            <KeyRoundIcon />
            {t("account")}
          </PlainLink>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => void signOut()} disabled={leaving}>
          <LogOutIcon />
          {t("signOut")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

"use client";

import type { ComponentProps } from "react";
import { Button } from "@/app/_components/ui/button";
import { ShellIcon } from "@/app/_components/shell-icon";

type ButtonProps = ComponentProps<typeof Button>;

/**
 * The header's menu buttons, shown at once by the shell and reused as the triggers of their
 * menus once these are loaded (header-menus.tsx), so that nothing moves when they are.
 */
export function UserButton({ name, ...props }: { name: string } & ButtonProps) {
  return (
    <Button variant="ghost" size="round" {...props}>
      <span className="bg-primary/10 text-primary flex size-8 items-center justify-center rounded-full text-sm font-semibold">
        {name.trim().charAt(0).toUpperCase() || <ShellIcon name="user" />}
      </span>
    </Button>
  );
}

export function MerchantButton({ name, ...props }: { name: string } & ButtonProps) {
  return (
    <Button
      variant="ghost"
      size="smShrinking"
      // On a phone the shop and the store share the header's middle fairly (each up to
      // its own width), so a long shop name never pushes over the language switch and
      // the account menu. The buttons' default is not to shrink at all.
      className="max-w-fit min-w-0 flex-1 shrink sm:max-w-[50vw] sm:flex-initial"
      {...props}
    >
      <span className="truncate font-semibold">{name}</span>
      <ShellIcon name="chevrons-up-down" className="opacity-60" />
    </Button>
  );
}

export function StoreButton({ name, ...props }: { name: string } & ButtonProps) {
  return (
    <Button
      variant="outline"
      size="smShrinking"
      className="max-w-fit min-w-0 flex-1 shrink sm:max-w-[40vw] sm:flex-initial"
      {...props}
    >
      <ShellIcon name="stores" />
      <span className="truncate">{name}</span>
    </Button>
  );
}

"use client";

import { useMutation } from "@/app/_trpc/query-hooks";
import { useRouter } from "next/navigation";
import { useLocale } from "@/app/_i18n/client-intl";
import { useTransition } from "react";
import { localeNames, locales, type Locale } from "@/app/_i18n/config";
import { setPreferenceCookie } from "@/app/_lib/preference-cookie";
import { useTRPC } from "@/app/_trpc/client";
import { cookieNames } from "@/server/http/cookie-names";
import { LanguageButton } from "./language-button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "./ui/dropdown-menu";

/**
 * Switches the console's language; when signed in the choice is also saved on the user.
 * Pages nobody is signed in on have the lighter LanguageMenu; the console loads this one at
 * its first open (`defaultOpen`, see LoadOnOpen).
 */
export function LanguageSwitch({
  signedIn,
  defaultOpen,
}: {
  signedIn: boolean;
  defaultOpen?: boolean;
}) {
  const locale = useLocale() as Locale;
  const router = useRouter();
  const trpc = useTRPC();
  const save = useMutation(trpc.me.setLocale.mutationOptions());
  const [pending, startTransition] = useTransition();

  async function choose(next: string) {
    if (next === locale || !(locales as readonly string[]).includes(next)) return;
    setPreferenceCookie(cookieNames.locale, next);
    if (signedIn) await save.mutateAsync({ locale: next as Locale });
    startTransition(() => router.refresh());
  }

  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger asChild>
        <LanguageButton disabled={pending || save.isPending} />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuRadioGroup value={locale} onValueChange={(v) => void choose(v)}>
          {locales.map((l) => (
            <DropdownMenuRadioItem key={l} value={l} lang={l}>
              {localeNames[l]}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

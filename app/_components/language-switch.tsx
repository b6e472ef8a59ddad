"use client";

import { useMutation } from "@tanstack/react-query";
import { LanguagesIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { localeNames, locales, type Locale } from "@/app/_i18n/config";
import { setPreferenceCookie } from "@/app/_lib/auth-client";
import { useTRPC } from "@/app/_trpc/client";
import { cookieNames } from "@/server/http/cookie-names";
import { Button } from "./ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "./ui/dropdown-menu";

/**
 * Switches the console's language; when signed in the choice is also saved on the user.
 * Pages nobody is signed in on have the lighter LanguageMenu.
 */
export function LanguageSwitch({ signedIn }: { signedIn: boolean }) {
  const t = useTranslations("shell");
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
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          aria-label={t("language")}
          disabled={pending || save.isPending}
        >
          <LanguagesIcon />
          <span className="hidden sm:inline">{localeNames[locale]}</span>
        </Button>
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

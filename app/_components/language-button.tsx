"use client";

import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import type { ComponentProps } from "react";
import { localeNames, type Locale } from "@/app/_i18n/config";
import { ShellIcon } from "./shell-icon";
import { Button } from "./ui/button";

/** The language menu's button: the language in use (its name from a phone's width up). */
export function LanguageButton(props: ComponentProps<typeof Button>) {
  const t = useTranslations("shell");
  const locale = useLocale() as Locale;
  return (
    <Button variant="ghost" size="sm" aria-label={t("language")} {...props}>
      <ShellIcon name="languages" />
      <span className="hidden sm:inline">{localeNames[locale]}</span>
    </Button>
  );
}

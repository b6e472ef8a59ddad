"use client";

import { useTranslations } from "@/app/_i18n/client-intl";

/** An action's name in the user's language when it has one, else its code (always exact). */
export function useActionLabel() {
  const t = useTranslations("audit.actions");
  return (action: string) => {
    // next-intl reads dots as nesting: the message keys use underscores.
    const key = action.replace(/\./g, "_");
    return t.has(key) ? t(key) : action;
  };
}

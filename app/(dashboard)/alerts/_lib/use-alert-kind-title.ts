"use client";

import { useTranslations } from "@/app/_i18n/client-intl";

/**
 * An alert kind's name from the `alerts.kinds` messages (titles take no arguments), or its raw
 * name for a kind with no messages yet. Apart from useAlertStory so that Home, which names
 * kinds only, is sent neither the rest of the alerts' messages nor the alerts' formatting code.
 * The titles are a group of their own (the explanations are `alerts.explain`) for the same
 * reason: Home's page sends the titles alone.
 */
export function useAlertKindTitle() {
  const t = useTranslations("alerts.kinds");
  // Messages of kinds unknown at build time are looked up by name: untyped on purpose.
  const key = (kind: string) => kind as Parameters<typeof t.has>[0];
  return (kind: string) => (t.has(key(kind)) ? t(key(kind) as Parameters<typeof t>[0]) : kind);
}

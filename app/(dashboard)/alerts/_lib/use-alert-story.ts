"use client";

import { useLocale, useTranslations } from "@/app/_i18n/client-intl";
import { formatAlertParams, formatAlertValue, tellAlert } from "@/server/alerts/alert-view.logic";
import { useShopTime } from "../../_lib/use-shop-time";
import { useAlertKindTitle } from "./use-alert-kind-title";

/**
 * An alert in words: its kind's title and explanation from the `alerts` messages (ICU
 * arguments from its details, formatted in the reader's language and the shop's zone), and
 * the numbers that triggered it. A kind with no messages yet shows its raw name and details.
 */
export function useAlertStory() {
  const t = useTranslations("alerts");
  const locale = useLocale();
  const { timeZone } = useShopTime();
  // Messages of kinds unknown at build time are looked up by name: untyped on purpose.
  const has = (k: string) => t.has(k as Parameters<typeof t.has>[0]);
  const say = t as unknown as (k: string, values?: Record<string, string>) => string;
  /** A kind's name alone (filters). */
  const kindTitle = useAlertKindTitle();
  const tell = (alert: { kind: string; details: unknown }) => {
    const story = tellAlert(alert.kind, alert.details);
    const params = formatAlertParams(story.params, locale, timeZone);
    const title = `kinds.${alert.kind}`;
    const explain = `explain.${alert.kind}`;
    const known = has(title);
    const labelled = story.facts.some((f) => has(`facts.${f.key}`));
    return {
      known,
      title: known ? say(title, params) : t("rawKind", { kind: alert.kind }),
      explain: has(explain) ? say(explain, params) : null,
      // Details with a label are the numbers to show; a kind with none shows them all, raw.
      facts: story.facts
        .filter((f) => story.known || has(`facts.${f.key}`) || !labelled)
        .map((f) => ({
          key: f.key,
          label: has(`facts.${f.key}`) ? say(`facts.${f.key}`) : f.key,
          value: formatAlertValue(f.value, locale, timeZone),
        })),
    };
  };
  return { tell, kindTitle };
}

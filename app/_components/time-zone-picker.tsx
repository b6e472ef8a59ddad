"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { useMemo, useState, type ComponentProps } from "react";
import { NativeSelect } from "@/app/_components/ui/input";
import { useIntlChoices } from "@/app/_lib/intl-choices";
import { useBrowserValue, useHydrated } from "@/app/_lib/use-hydrated";
import { groupTimeZones, utcOffset } from "./time-zone-options";

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || null;

/** "Asia/Ho Chi Minh (UTC+07:00)"; without the offset where the browser does not know the zone. */
const zoneLabel = (zone: string, offset: string) =>
  offset ? `${zone.replaceAll("_", " ")} (${offset})` : zone.replaceAll("_", " ");

/**
 * The one time-zone picker (shop settings, first-run setup, a statement's columns): a native
 * select, so typing a letter jumps and phones show their own wheel; the current and the
 * browser's zone and the common East-Asian zones come first, then every zone grouped by
 * region, each with its offset now. The page carries only the current zone: the list is the
 * server's (useIntlChoices), fetched once the page runs, and the offsets are the browser's.
 * `preferBrowserZone` starts on the browser's zone (for a new shop) unless the person chose.
 */
export function TimeZonePicker({
  defaultValue,
  preferBrowserZone = false,
  ...props
}: Omit<ComponentProps<"select">, "defaultValue" | "value" | "onChange" | "children"> & {
  defaultValue: string;
  preferBrowserZone?: boolean;
}) {
  const t = useTranslations("timeZones");
  const all = useIntlChoices()?.timeZones;
  const hydrated = useHydrated();
  // The browser's zone is known only in the browser: null while rendering on the server.
  const browser = useBrowserValue(browserZone, null);
  const [chosen, setChosen] = useState<string | null>(null);
  const value =
    chosen ?? (preferBrowserZone && browser && all?.includes(browser) ? browser : defaultValue);

  const groups = useMemo(
    // Only a new shop lists the browser's zone: elsewhere the list is the same for everyone.
    () =>
      all &&
      groupTimeZones(all, { current: defaultValue, browser: preferBrowserZone ? browser : null }),
    [all, defaultValue, browser, preferBrowserZone],
  );
  const offsets = useMemo(() => {
    const now = new Date();
    return new Map(all?.map((zone) => [zone, utcOffset(zone, now)]));
  }, [all]);

  return (
    <NativeSelect value={value} onChange={(e) => setChosen(e.target.value)} {...props}>
      {groups ? (
        groups.map((g) => (
          <optgroup key={g.key} label={t(`group.${g.key}`)}>
            {g.zones.map((zone) => (
              <option key={`${g.key}:${zone}`} value={zone}>
                {zoneLabel(zone, offsets.get(zone) ?? "")}
              </option>
            ))}
          </optgroup>
        ))
      ) : (
        // Until the list is in: the zone as it is, its offset once the page runs (the server's
        // and the browser's time-zone data may differ, and the HTML must hydrate as drawn).
        <option value={value}>
          {zoneLabel(value, hydrated ? utcOffset(value, new Date()) : "")}
        </option>
      )}
    </NativeSelect>
  );
}

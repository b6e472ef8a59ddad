"use client";

import { useTranslations } from "@/app/_i18n/client-intl";
import { useMemo, useState, type ComponentProps } from "react";
import { NativeSelect } from "@/app/_components/ui/input";
import { useIntlChoices } from "@/app/_lib/intl-choices";
import { useBrowserValue, useHydrated } from "@/app/_lib/use-hydrated";
import { groupTimeZones, utcOffset } from "./time-zone-options";

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || null;

/** The browser's own time zone; null while rendering on the server, where it is unknown. */
export const useBrowserZone = () => useBrowserValue(browserZone, null);

/** "Asia/Ho Chi Minh (UTC+07:00)"; without the offset where the browser does not know the zone. */
const zoneLabel = (zone: string, offset: string) =>
  offset ? `${zone.replaceAll("_", " ")} (${offset})` : zone.replaceAll("_", " ");

/**
 * The one time-zone picker (shop settings, first-run setup, a statement's columns): a native
 * select, so typing a letter jumps and phones show their own wheel; the current and the
 * browser's zone and the common East-Asian zones come first, then every zone grouped by
 * region, each with its offset now. The page carries only the current zone: the list is the
 * server's (useIntlChoices), fetched once the page runs, and the offsets are the browser's.
 * `placeholder` (a new shop) starts on no zone at all, so the person picks one: the browser's
 * zone is listed first and named as this browser's, never chosen for them. A form that
 * showed one zone and then swapped in another once the list came made UTC shops of UTC
 * browsers without anyone deciding it. `onPick` hears each zone the person picks.
 */
export function TimeZonePicker({
  defaultValue,
  placeholder,
  onPick,
  ...props
}: Omit<
  ComponentProps<"select">,
  "defaultValue" | "value" | "onChange" | "children" | "placeholder"
> & {
  defaultValue: string;
  placeholder?: string;
  onPick?: (zone: string) => void;
}) {
  const t = useTranslations("timeZones");
  const all = useIntlChoices()?.timeZones;
  const hydrated = useHydrated();
  const browser = useBrowserZone();
  const [chosen, setChosen] = useState<string | null>(null);
  const value = chosen ?? (placeholder ? "" : defaultValue);
  // Only a new shop lists the browser's zone: elsewhere the list is the same for everyone.
  const detected = placeholder ? browser : null;

  const groups = useMemo(
    () => all && groupTimeZones(all, { current: defaultValue || null, browser: detected }),
    [all, defaultValue, detected],
  );
  const offsets = useMemo(() => {
    const now = new Date();
    return new Map(all?.map((zone) => [zone, utcOffset(zone, now)]));
  }, [all]);

  return (
    <NativeSelect
      value={value}
      onChange={(e) => {
        setChosen(e.target.value);
        onPick?.(e.target.value);
      }}
      {...props}
    >
      {placeholder && !chosen ? (
        <option value="" disabled>
          {placeholder}
        </option>
      ) : null}
      {groups ? (
        groups.map((g) => (
          <optgroup key={g.key} label={t(`group.${g.key}`)}>
            {g.zones.map((zone) => (
              <option key={`${g.key}:${zone}`} value={zone}>
                {zoneLabel(zone, offsets.get(zone) ?? "")}
                {zone === detected ? ` — ${t("detected")}` : ""}
              </option>
            ))}
          </optgroup>
        ))
      ) : value ? (
        // Until the list is in: the zone as it is, its offset once the page runs (the server's
        // and the browser's time-zone data may differ, and the HTML must hydrate as drawn).
        <option value={value}>
          {zoneLabel(value, hydrated ? utcOffset(value, new Date()) : "")}
        </option>
      ) : null}
    </NativeSelect>
  );
}

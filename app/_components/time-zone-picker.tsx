"use client";

import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, type ComponentProps } from "react";
import { NativeSelect } from "@/app/_components/ui/input";
import { useBrowserValue } from "@/app/_lib/use-hydrated";
import { groupTimeZones, type TimeZoneChoice } from "./time-zone-options";

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || null;

/**
 * The one time-zone picker (shop settings, first-run setup): a native select, so typing a
 * letter jumps and phones show their own wheel; the current and the browser's zone and the
 * common East-Asian zones come first, then every zone grouped by region, each with its offset.
 * `preferBrowserZone` starts on the browser's zone (for a new shop). `zones` comes from the
 * server (timeZoneChoices), so server and browser draw the same list.
 */
export function TimeZonePicker({
  zones,
  defaultValue,
  preferBrowserZone = false,
  ...props
}: Omit<ComponentProps<"select">, "defaultValue" | "value" | "onChange" | "children"> & {
  zones: TimeZoneChoice[];
  defaultValue: string;
  preferBrowserZone?: boolean;
}) {
  const t = useTranslations("timeZones");
  const all = useMemo(() => zones.map((z) => z.id), [zones]);
  const offsets = useMemo(() => new Map(zones.map((z) => [z.id, z.offset])), [zones]);
  // The browser's zone is known only in the browser: null while rendering on the server.
  const browser = useBrowserValue(browserZone, null);
  const select = useRef<HTMLSelectElement>(null);
  const touched = useRef(false);
  // Uncontrolled, so a choice made before hydration is kept; a new shop starts on the
  // browser's zone once it is known, unless the person already chose.
  useEffect(() => {
    if (preferBrowserZone && browser && all.includes(browser) && !touched.current && select.current)
      select.current.value = browser;
  }, [all, browser, preferBrowserZone]);

  const groups = useMemo(
    // Only a new shop lists the browser's zone: elsewhere the list stays as the server drew it.
    () =>
      groupTimeZones(all, { current: defaultValue, browser: preferBrowserZone ? browser : null }),
    [all, defaultValue, browser, preferBrowserZone],
  );

  return (
    <NativeSelect
      ref={select}
      defaultValue={defaultValue}
      onChange={() => (touched.current = true)}
      {...props}
    >
      {groups.map((g) => (
        <optgroup key={g.key} label={t(`group.${g.key}`)}>
          {g.zones.map((zone) => (
            <option key={`${g.key}:${zone}`} value={zone}>
              {zone.replaceAll("_", " ")} ({offsets.get(zone)})
            </option>
          ))}
        </optgroup>
      ))}
    </NativeSelect>
  );
}

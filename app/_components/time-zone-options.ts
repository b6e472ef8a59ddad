/**
 * The time-zone list, shop's region first: the zone already chosen and the browser's own, then
 * the zones most Hexiao shops use (East and South-East Asia), then every zone grouped by region.
 * Pure, so the order is tested without a browser.
 */
export const commonZones = [
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Macau",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Kuala_Lumpur",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Asia/Bangkok",
  "UTC",
];

/** Regions in the order their groups are listed; anything else falls into "other". */
export const regions = [
  "Asia",
  "Australia",
  "Pacific",
  "Europe",
  "America",
  "Africa",
  "Atlantic",
  "Indian",
  "Antarctica",
] as const;
export type Region = (typeof regions)[number] | "other";

export interface ZoneGroup {
  /** "suggested" for the first group, otherwise the region. */
  key: "suggested" | Region;
  zones: string[];
}

export function groupTimeZones(
  all: readonly string[],
  opts: { current?: string | null; browser?: string | null } = {},
): ZoneGroup[] {
  const known = new Set([...all, "UTC"]);
  const suggested: string[] = [];
  for (const z of [opts.current, opts.browser, ...commonZones]) {
    if (z && known.has(z) && !suggested.includes(z)) suggested.push(z);
  }
  const byRegion = new Map<Region, string[]>();
  for (const z of [...all].sort()) {
    const head = z.split("/")[0] as Region;
    const region: Region = (regions as readonly string[]).includes(head) ? head : "other";
    byRegion.set(region, [...(byRegion.get(region) ?? []), z]);
  }
  return [
    { key: "suggested", zones: suggested },
    ...[...regions, "other" as const]
      .filter((r) => byRegion.has(r))
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the regions are the map's own keys
      .map((r) => ({ key: r, zones: byRegion.get(r)! })),
  ];
}

/** "UTC+08:00" for a zone at a given moment (offsets move with daylight saving). */
export function utcOffset(zone: string, at: Date): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    return part === "GMT" || !part ? "UTC+00:00" : part.replace("GMT", "UTC");
  } catch {
    return "";
  }
}

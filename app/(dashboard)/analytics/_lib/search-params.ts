import { parseAsInteger, parseAsString, parseAsStringLiteral } from "@/app/_lib/url-state";

export const analyticsTabs = [
  "overview",
  "methods",
  "beforeAfter",
  "whatIf",
  "traffic",
  "satisfaction",
  "customers",
] as const;
export const presets = ["today", "7d", "30d", "90d", "month", "custom"] as const;

/** The analytics screen's state in the URL: a view can be reloaded, bookmarked and shared. */
export const analyticsParsers = {
  tab: parseAsStringLiteral(analyticsTabs).withDefault("overview"),
  preset: parseAsStringLiteral(presets).withDefault("30d"),
  from: parseAsString,
  to: parseAsString,
  store: parseAsString,
  currency: parseAsString,
  method: parseAsString,
  adopted: parseAsString,
  days: parseAsInteger.withDefault(30),
  source: parseAsString,
  target: parseAsString,
  /** What-if with a typed rule: the rate as typed (percent) and the fixed part (major units). */
  rate: parseAsString,
  fixed: parseAsString,
};

export interface AnalyticsUrlState {
  preset: (typeof presets)[number];
  from: string | null;
  to: string | null;
  store: string | null;
  currency: string | null;
}

/** The procedures' filter input from the URL state (a custom period without both dates falls back to 30 days). */
export function toFilters(s: AnalyticsUrlState) {
  const custom = s.preset === "custom" && s.from && s.to ? { from: s.from, to: s.to } : null;
  return {
    preset: custom ? ("custom" as const) : s.preset === "custom" ? ("30d" as const) : s.preset,
    from: custom?.from,
    to: custom?.to,
    storeId: s.store,
    currency: s.currency,
  };
}

/** The export link for a table, carrying the same filters as the screen. */
export function exportHref(
  table: string,
  format: "csv" | "xlsx",
  locale: string,
  filters: ReturnType<typeof toFilters>,
  extra: Record<string, string | number | null | undefined> = {},
) {
  const params = new URLSearchParams({ table, format, locale, preset: filters.preset });
  for (const [k, v] of Object.entries({
    from: filters.from,
    to: filters.to,
    storeId: filters.storeId,
    currency: filters.currency,
    ...extra,
  })) {
    if (v !== null && v !== undefined && v !== "") params.set(k, String(v));
  }
  return `/api/exports/analytics?${params}`;
}

import { createLoader, parseAsString, parseAsStringLiteral } from "@/app/_lib/url-state";

export const papers = ["a4", "receipt"] as const;
export type Paper = (typeof papers)[number];

/** The report's day, store and paper in the URL: a printed link opens the same report. */
export const reportParsers = {
  day: parseAsString,
  store: parseAsString,
  paper: parseAsStringLiteral(papers),
};
export const loadReportParams = createLoader(reportParsers);

/** The export link with the page's filters (the export route checks them again). */
export function reportExportHref(
  q: { day: string; store: string | null },
  format: "csv" | "xlsx",
): string {
  const params = new URLSearchParams({ format, day: q.day });
  if (q.store) params.set("storeId", q.store);
  return `/api/exports/daily-report?${params.toString()}`;
}

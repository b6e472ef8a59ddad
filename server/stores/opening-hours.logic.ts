import type { OpeningHours } from "@/db/schema/tenancy";

const range = /^([01]\d|2[0-3]):([0-5]\d)\s*[-–~至到]\s*([01]\d|2[0-4]):([0-5]\d)$/;

/**
 * One weekday's hours as typed: "08:00-12:00, 13:30-18:00" (commas, 、 or ; between ranges),
 * empty when closed that day. A range ends after it starts and ranges do not overlap; a
 * night past midnight is written to 24:00 and continued on the next day.
 * Returns the normalized ranges, or null when the text cannot be read.
 */
export function parseDayHours(text: string): string[] | null {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  const parts = trimmed.split(/\s*[,，、;；]\s*/).filter(Boolean);
  const ranges: [number, number][] = [];
  for (const part of parts) {
    const m = range.exec(part.replace(/：/g, ":"));
    if (!m) return null;
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    if (end > 24 * 60 || end <= start) return null;
    ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (const [i, range] of ranges.entries()) {
    const previous = ranges[i - 1];
    if (previous && range[0] < previous[1]) return null;
  }
  const hhmm = (n: number) =>
    `${String(Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}`;
  return ranges.map(([s, e]) => `${hhmm(s)}-${hhmm(e)}`);
}

/** The week as the form shows it: one line of text per weekday, Monday first. */
export function formatWeekHours(hours: OpeningHours | null): string[] {
  return Array.from({ length: 7 }, (_, day) => (hours?.[day] ?? []).join(", "));
}

/** A span of the merchant's local days, both ends included (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

export const periodPresets = ["today", "7d", "30d", "90d", "month", "custom"] as const;
export type PeriodPreset = (typeof periodPresets)[number];

/** Today's date in `timeZone` (en-CA formats as YYYY-MM-DD). */
export function localToday(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** A calendar date moved by whole days (plain-date arithmetic: no time zone involved). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysIn(range: DayRange): number {
  return (
    (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000 + 1
  );
}

/** The period a preset means today in the merchant's zone, and the equally long one before it. */
export function resolvePeriod(
  preset: PeriodPreset,
  timeZone: string,
  now: Date,
  custom?: DayRange,
): { current: DayRange; previous: DayRange } {
  const today = localToday(timeZone, now);
  const lengths: Partial<Record<PeriodPreset, number>> = {
    today: 1,
    "7d": 7,
    "30d": 30,
    "90d": 90,
  };
  let current: DayRange;
  if (preset === "custom" && custom) current = custom;
  else if (preset === "month") current = { from: `${today.slice(0, 8)}01`, to: today };
  else current = { from: addDays(today, 1 - (lengths[preset] ?? 30)), to: today };
  const length = daysIn(current);
  return {
    current,
    previous: { from: addDays(current.from, -length), to: addDays(current.from, -1) },
  };
}

/**
 * Equal windows before and after an adoption date: `days` long each, the after window
 * starting on the adoption day; both shortened alike when the after window would reach past
 * today (comparing 30 days with 12 would not be fair).
 */
export function adoptionWindows(adoptedOn: string, days: number, today: string) {
  const available = daysIn({ from: adoptedOn, to: today });
  const length = Math.max(0, Math.min(days, available));
  return {
    length,
    before: { from: addDays(adoptedOn, -length), to: addDays(adoptedOn, -1) },
    after: { from: adoptedOn, to: addDays(adoptedOn, length - 1) },
  };
}

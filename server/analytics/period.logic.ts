import { addDays, daysIn, localDate, type DayRange } from "@/server/time/local-date.logic";

export const periodPresets = ["today", "7d", "30d", "90d", "month", "custom"] as const;
export type PeriodPreset = (typeof periodPresets)[number];

/** The period a preset means today in the merchant's zone, and the equally long one before it. */
export function resolvePeriod(
  preset: PeriodPreset,
  timeZone: string,
  now: Date,
  custom?: DayRange,
): { current: DayRange; previous: DayRange } {
  const today = localDate(now, timeZone);
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

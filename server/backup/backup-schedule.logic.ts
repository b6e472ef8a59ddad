import { TZDate } from "@date-fns/tz";

/** The schedule as the job reads it: a daily local hour in the shop's zone. */
export interface DailyHour {
  /** 0–23, local to `timeZone`. */
  hour: number;
  timeZone: string;
}

/**
 * The instant a local day's backup is due: that day at `hour`:00 in the zone. On the day the
 * clocks go forward an hour that does not exist moves to the next one (02:00 → 03:00 in New
 * York); on the day they go back the first of the two is taken: one backup per local day.
 */
function slotOn(year: number, month: number, day: number, { hour, timeZone }: DailyHour): Date {
  return new Date(new TZDate(year, month, day, hour, 0, 0, 0, timeZone).getTime());
}

function localDay(now: Date, timeZone: string) {
  const local = new TZDate(now.getTime(), timeZone);
  return { y: local.getFullYear(), m: local.getMonth(), d: local.getDate() };
}

/** The latest due time at or before `now` (today's if its hour has come, else yesterday's). */
export function latestSlot(now: Date, schedule: DailyHour): Date {
  const { y, m, d } = localDay(now, schedule.timeZone);
  const today = slotOn(y, m, d, schedule);
  return today <= now ? today : slotOn(y, m, d - 1, schedule);
}

/** The first due time after `now`. */
export function nextSlot(now: Date, schedule: DailyHour): Date {
  const { y, m, d } = localDay(now, schedule.timeZone);
  const today = slotOn(y, m, d, schedule);
  return today > now ? today : slotOn(y, m, d + 1, schedule);
}

/**
 * The slot to take now, or null. A slot missed while the server was down is taken when it
 * comes back (the latest one only); a slot from before the hour was chosen is not, so saving
 * a schedule does not start a backup at once.
 */
export function dueSlot(now: Date, schedule: DailyHour & { since: Date }): Date | null {
  const slot = latestSlot(now, schedule);
  return slot >= schedule.since ? slot : null;
}

/** A scheduled backup's file name: its slot in UTC, sortable, recognisably ours. */
export function scheduledFileName(slot: Date): string {
  const stamp = slot
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `hexiao-scheduled-${stamp}.backup`;
}

import { TZDate, tzOffset } from "@date-fns/tz";

/*
 * The one place for the merchant's local dates and times (ARCHITECTURE.md: time is stored in
 * UTC, shown and bucketed in the merchant's zone). Instants become local dates through
 * @date-fns/tz, which follows the zone's rules (DST included) from the runtime's Intl data;
 * a local date ("YYYY-MM-DD") is a plain calendar date, so its arithmetic is done in UTC where
 * every day is 24 hours long.
 */

/** A span of local days, both ends included (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseLocalDate(day: string, timeZone: string): TZDate {
  const [year, monthIndex, date] = localDateParts(day);
  return new TZDate(year, monthIndex, date, timeZone);
}

/** A local date's year, month (from 0) and day of the month; RangeError if it is not one. */
function localDateParts(day: string): [number, number, number] {
  const match = localDatePattern.exec(day);
  if (!match) throw new RangeError(`Expected a YYYY-MM-DD date, got ${JSON.stringify(day)}`);
  return [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
}

const msPerDay = 86_400_000;

/**
 * A local date as a day number (days since 1970-01-01), counted in UTC where every day is 24
 * hours: plain arithmetic, because date-fns' zone-aware helpers cost about a millisecond for a
 * few dozen calls (analytics' month spans call these on every request). An out-of-range day
 * rolls over as Date does ("2026-02-30" is 2 March); setUTCFullYear keeps years below 100.
 */
function dayNumber(day: string): number {
  const at = new Date(0);
  at.setUTCFullYear(...localDateParts(day));
  return Math.round(at.getTime() / msPerDay);
}

/**
 * The zone's wall clock at an instant, as a Date read through its UTC fields, and the zone's
 * offset in minutes. Built on tzOffset rather than TZDate + format: exports call this for
 * every date cell, and it is several times faster. RangeError for an invalid instant or an
 * unknown zone.
 */
function wallClock(at: Date, timeZone: string): { wall: Date; offsetMinutes: number } {
  const offsetMinutes = tzOffset(timeZone, at);
  if (Number.isNaN(at.getTime()) || Number.isNaN(offsetMinutes))
    throw new RangeError(`Invalid date or time zone ${timeZone}`);
  return { wall: new Date(at.getTime() + offsetMinutes * 60_000), offsetMinutes };
}

/**
 * The calendar date ("YYYY-MM-DD") of an instant in the merchant's time zone: an order
 * placed at 07:30 on the 26th in Shanghai is 23:30 on the 25th in UTC, and belongs to the 26th.
 */
export function localDate(at: Date, timeZone: string): string {
  return wallClock(at, timeZone).wall.toISOString().slice(0, 10);
}

/**
 * An instant as the shop's wall-clock time with its UTC offset, "2026-03-01 14:05:09 +08:00":
 * readable in the shop's own terms, still one exact instant, and sortable as text.
 */
export function localTimestamp(at: Date, timeZone: string): string {
  const { wall, offsetMinutes } = wallClock(at, timeZone);
  const iso = wall.toISOString();
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${offset}`;
}

/**
 * The instant the local day starts in the zone. On a day whose midnight does not exist (a DST
 * change at 00:00, as in Santiago), the first instant that does.
 */
export function localDayStart(day: string, timeZone: string): Date {
  const start = parseLocalDate(day, timeZone);
  if (Number.isNaN(start.getTime())) throw new RangeError(`Unknown time zone ${timeZone}`);
  return new Date(start.getTime());
}

/** A local date moved by whole days (calendar arithmetic: no time zone involved). */
export function addDays(day: string, days: number): string {
  return new Date((dayNumber(day) + days) * msPerDay).toISOString().slice(0, 10);
}

/** How many days the range holds, both ends counted. */
export function daysIn(range: DayRange): number {
  return dayNumber(range.to) - dayNumber(range.from) + 1;
}

/** Every local date from `from` to `to` inclusive, at most `max` of them. */
export function eachDay(range: DayRange, max: number): string[] {
  const days: string[] = [];
  for (let d = range.from; d <= range.to && days.length < max; d = addDays(d, 1)) days.push(d);
  return days;
}

import { addDays } from "@/server/time/local-date.logic";

export type { DayState } from "@/server/reconciliation/recon-day.logic";

/** Month arithmetic on local dates written `YYYY-MM-DD` (the shop's days, no time zone left). */

const pad = (n: number) => String(n).padStart(2, "0");

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** The days of a month in order. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${pad(i + 1)}`);
}

/**
 * The month as weeks of seven cells, Monday first (as Chinese calendars and ISO weeks), with
 * null cells before the 1st and after the last day.
 */
export function monthWeeks(month: string): (string | null)[][] {
  const days = daysOfMonth(month);
  const [y, m] = month.split("-").map(Number) as [number, number];
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [...Array<null>(lead).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

/** Where an arrow key moves the focus in the grid (Home/End: start and end of the week). */
export function moveDay(day: string, key: string): string | null {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  const step: Partial<Record<string, number>> = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -7,
    ArrowDown: 7,
    Home: -weekday,
    End: 6 - weekday,
  };
  const by = step[key];
  return by === undefined ? null : addDays(day, by);
}

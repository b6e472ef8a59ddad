import { addDays, localDate } from "@/server/time/local-date.logic";

/**
 * The local days a statement speaks for ("covers"): the period the file states (its end is
 * exclusive), else the span of its lines' days; none when it has neither (an empty file with
 * no period says nothing about any day). A day with no lines inside the period is still
 * covered: the provider said nothing happened.
 */
export function coveredDays(
  period: { from: Date; to: Date } | null,
  lineDays: { first: string; last: string } | null,
  timeZone: string,
): { firstDay: string; lastDay: string } | null {
  if (period) {
    const firstDay = localDate(period.from, timeZone);
    const lastDay = localDate(new Date(period.to.getTime() - 1), timeZone);
    return lastDay < firstDay ? { firstDay, lastDay: firstDay } : { firstDay, lastDay };
  }
  return lineDays ? { firstDay: lineDays.first, lastDay: lineDays.last } : null;
}

/** Every day from `firstDay` to `lastDay`, both included. */
export function daysOf(range: { firstDay: string; lastDay: string }): string[] {
  const days: string[] = [];
  for (let day = range.firstDay; day <= range.lastDay; day = addDays(day, 1)) days.push(day);
  return days;
}

import { addDays, daysIn, type DayRange } from "@/server/time/local-date.logic";

/** The first day of a local date's month: "2026-03-17" → "2026-03-01". */
export const monthOf = (day: string) => `${day.slice(0, 8)}01`;

/** The last day of the month starting on `month` (31 days on from a 1st is always the next month). */
const lastDayOf = (month: string) => addDays(monthOf(addDays(month, 31)), -1);

/**
 * A span of local days as monthly rows plus or minus daily rows (for roll-ups kept per day and
 * per month, such as the amounts: db/schema/analytics.ts). `months` are summed whole (first
 * days of the first and last month, or null for none), then the days of `add` added and those
 * of `subtract` taken away.
 */
export interface MonthSpan {
  months: DayRange | null;
  add: DayRange[];
  subtract: DayRange[];
}

/**
 * How to sum `range` reading few daily rows: a month it covers whole from its monthly rows;
 * a month it covers in part either by its days inside the range, or by the whole month less
 * its days outside, whichever reads fewer days that can hold payments: days after `today` hold
 * none yet, so a period ending today reads its current month whole (and the empty days after
 * it find nothing). Which is chosen changes the cost only, never the sum. Only the first and the
 * last month can be covered in part, so the months summed whole are consecutive.
 */
export function monthSpan(range: DayRange, today: string): MonthSpan {
  const span: MonthSpan = { months: null, add: [], subtract: [] };
  /** Days of a span that can hold payments (none after today). */
  const held = (r: DayRange) =>
    r.from > today ? 0 : daysIn({ from: r.from, to: r.to < today ? r.to : today });
  for (let month = monthOf(range.from); month <= range.to; month = addDays(lastDayOf(month), 1)) {
    const whole = { from: month, to: lastDayOf(month) };
    const inside = {
      from: range.from > whole.from ? range.from : whole.from,
      to: range.to < whole.to ? range.to : whole.to,
    };
    const before = { from: whole.from, to: addDays(inside.from, -1) };
    const after = { from: addDays(inside.to, 1), to: whole.to };
    const outside = [before, after].filter((r) => r.from <= r.to);
    if (outside.length > 0 && held(inside) <= outside.reduce((n, r) => n + held(r), 0)) {
      span.add.push(inside);
      continue;
    }
    span.months = { from: span.months?.from ?? month, to: month };
    span.subtract.push(...outside);
  }
  return span;
}

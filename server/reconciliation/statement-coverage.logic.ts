import type { StatementFormat } from "./parsers/types";
import { addDays, localDate, localDayStart } from "@/server/time/local-date.logic";

/*
 * What the imported statements of a method speak for, decided here only: the period of each
 * statement as instants, whether one of our payments falls where a statement should list it,
 * and whether a shop-local day is covered wholly, in part or not at all. A provider's day is
 * rarely the shop's day (Alipay's day is China time, Stripe's is UTC), so a statement's edges
 * cut through local days.
 */

export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
}

/**
 * How far our clock and the provider's may disagree about when a payment happened: a payment
 * of ours this close to the edge of what the statements cover may be listed in the neighbouring
 * statement, so it is not reported missing until that statement is in too.
 */
export const edgeToleranceMs = 5 * 60_000;

/**
 * The zone of a provider's statement days, for a file that states no period: WeChat Pay and
 * Alipay bills are whole China-time days, a Stripe balance report is a UTC day. Null where the
 * provider's day is not known (a PayPal report states its period; a generic CSV is anyone's):
 * the shop's own days are taken.
 */
export function providerDayZone(format: StatementFormat): string | null {
  switch (format) {
    case "wechat_trade":
    case "alipay_trade":
      return "Asia/Shanghai";
    case "stripe_balance":
    case "stripe_itemized":
      return "UTC";
    default:
      return null;
  }
}

/** The whole days of `zone` from the one holding `first` to the one holding `last`. */
export function wholeDays(first: Date, last: Date, zone: string): Period {
  return {
    from: localDayStart(localDate(first, zone), zone),
    to: localDayStart(addDays(localDate(last, zone), 1), zone),
  };
}

/**
 * A statement's period: the one the file states (or a download asked the provider for), else
 * the whole provider days around its lines (`dayZone`: providerDayZone, or the shop's zone).
 * Null when nothing is known: an empty uploaded file without a period speaks for no time.
 */
export function statementPeriod(input: {
  stated: Period | null;
  lines: { first: Date; last: Date } | null;
  dayZone: string;
}): Period | null {
  if (input.stated) return input.stated;
  return input.lines ? wholeDays(input.lines.first, input.lines.last, input.dayZone) : null;
}

/** The local days a period touches, wholly or in part (its end is exclusive). */
export function touchedDays(
  period: Period,
  timeZone: string,
): { firstDay: string; lastDay: string } {
  const firstDay = localDate(period.from, timeZone);
  const lastDay = localDate(
    new Date(Math.max(period.from.getTime(), period.to.getTime() - 1)),
    timeZone,
  );
  return { firstDay, lastDay };
}

/** The whole days of `zone` a period is, or null when it starts or ends inside one. */
export function wholeDaysIn(
  period: Period,
  zone: string,
): { firstDay: string; lastDay: string } | null {
  const days = touchedDays(period, zone);
  const whole = wholeDays(period.from, new Date(period.to.getTime() - 1), zone);
  return whole.from.getTime() === period.from.getTime() &&
    whole.to.getTime() === period.to.getTime()
    ? days
    : null;
}

/** Every day from `firstDay` to `lastDay`, both included. */
export function daysOf(range: { firstDay: string; lastDay: string }): string[] {
  const days: string[] = [];
  for (let day = range.firstDay; day <= range.lastDay; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The periods joined where they overlap or meet, in time order. */
export function unionOf(periods: Period[]): Period[] {
  const sorted = [...periods].sort((a, b) => a.from.getTime() - b.from.getTime());
  const union: Period[] = [];
  for (const p of sorted) {
    const last = union[union.length - 1];
    if (last && p.from.getTime() <= last.to.getTime()) {
      if (p.to.getTime() > last.to.getTime()) last.to = p.to;
    } else union.push({ from: p.from, to: p.to });
  }
  return union;
}

/**
 * Where a payment of ours that no statement line matched is reported missing from the
 * provider's file: inside the union of the periods, away from its edges by the tolerance.
 */
export function judgedSpans(periods: Period[]): Period[] {
  return unionOf(periods)
    .map((p) => ({
      from: new Date(p.from.getTime() + edgeToleranceMs),
      to: new Date(p.to.getTime() - edgeToleranceMs),
    }))
    .filter((p) => p.from.getTime() < p.to.getTime());
}

/**
 * Where a payment of ours that no line matched waits for the neighbouring statement: within the
 * tolerance of an edge of the union of the periods, on either side of it (the statement on the
 * other side, not in yet, may be the one that lists it). These instants are never judged
 * (judgedSpans stops short of them); the day view lists what falls there.
 */
export function edgeWindows(periods: Period[]): Period[] {
  const around = (edge: Date) => ({
    from: new Date(edge.getTime() - edgeToleranceMs),
    to: new Date(edge.getTime() + edgeToleranceMs),
  });
  return unionOf(unionOf(periods).flatMap((p) => [around(p.from), around(p.to)]));
}

export type DayCoverage = "full" | "partial" | "none";

/**
 * A local day is covered in full when the union of the periods spans the whole day, in part
 * when a period reaches into it at all (the statement of the rest is still to come). A payment
 * of ours within the tolerance of a full day's end is judged once the neighbouring statement is
 * in; a difference found then re-opens the day if it was closed (its import refreshes and
 * re-opens the days within the tolerance of its period).
 */
export function dayCoverage(periods: Period[], day: string, timeZone: string): DayCoverage {
  const start = localDayStart(day, timeZone).getTime();
  const end = localDayStart(addDays(day, 1), timeZone).getTime();
  const union = unionOf(periods);
  if (union.some((p) => p.from.getTime() <= start && p.to.getTime() >= end)) return "full";
  return union.some((p) => p.from.getTime() < end && p.to.getTime() > start) ? "partial" : "none";
}

/** The instants a local-day range's coverage depends on: its days, widened by the tolerance. */
export function daysSpan(range: { from: string; to: string }, timeZone: string): Period {
  return {
    from: new Date(localDayStart(range.from, timeZone).getTime() - edgeToleranceMs),
    to: new Date(localDayStart(addDays(range.to, 1), timeZone).getTime() + edgeToleranceMs),
  };
}

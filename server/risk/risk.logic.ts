import type { OpeningHours } from "@/db/schema/tenancy";
import { minorDigits } from "@/server/money/currency";
import { localTimestamp } from "@/server/time/local-date.logic";
import type { RuleParams } from "./risk-rules.logic";

/*
 * The anomaly rules: what each one decides, from numbers the evaluation pass
 * (risk-evaluation.service.ts) has read. Each rule is also the kind of the alert it raises,
 * whose `details` hold the numbers that triggered it and the threshold used.
 */

/**
 * A percentile (nearest rank) of payments counted by exact amount, as the amount roll-up keeps
 * them: the smallest amount at or below which `percentile` % of the payments lie.
 */
export function percentileOfCounts(
  buckets: { amountMinor: bigint; payments: number }[],
  percentile: number,
): { orders: number; percentileMinor: number } {
  const sorted = [...buckets].sort((a, b) => (a.amountMinor < b.amountMinor ? -1 : 1));
  const orders = sorted.reduce((n, b) => n + b.payments, 0);
  const rank = Math.ceil((percentile / 100) * orders);
  let seen = 0;
  for (const b of sorted) {
    seen += b.payments;
    if (seen >= rank) return { orders, percentileMinor: Number(b.amountMinor) };
  }
  return { orders, percentileMinor: 0 };
}

/** 1. The amount above which a paid order is unusual for its store, or null without enough history. */
export function unusualAmountThreshold(
  baseline: { orders: number; percentileMinor: number },
  params: RuleParams<"unusual_amount">,
): bigint | null {
  if (baseline.orders < params.minSample) return null;
  return BigInt(Math.ceil(baseline.percentileMinor * params.factor));
}

export function isUnusualAmount(amountMinor: bigint, threshold: bigint | null): boolean {
  return threshold !== null && amountMinor > threshold;
}

/** 2. A payment request made for an order of one customer contact. */
export interface VelocityEvent {
  subject: string;
  at: Date;
}

export interface VelocityBurst {
  subject: string;
  /** The request that reached the threshold: the window ends here. */
  at: Date;
  windowStart: Date;
  attempts: number;
}

/**
 * The bursts among requests after `from`: a request is one when, counting back `windowMinutes`
 * from it, its contact made at least `attempts` requests. A contact is raised once per window:
 * not again while its last burst (`previous`, from earlier passes, or this one) is less than
 * a window old. `events` must include the window before `from`.
 */
export function velocityBursts(
  events: VelocityEvent[],
  previous: VelocityEvent[],
  from: Date,
  params: RuleParams<"payment_velocity">,
): VelocityBurst[] {
  const windowMs = params.windowMinutes * 60_000;
  const bySubject = new Map<string, number[]>();
  for (const e of events) {
    const times = bySubject.get(e.subject) ?? [];
    times.push(e.at.getTime());
    bySubject.set(e.subject, times);
  }
  const bursts: VelocityBurst[] = [];
  for (const [subject, times] of bySubject) {
    times.sort((a, b) => a - b);
    let lastHit = Math.max(
      -Infinity,
      ...previous.filter((p) => p.subject === subject).map((p) => p.at.getTime()),
    );
    let first = 0;
    for (const [i, t] of times.entries()) {
      while ((times[first] ?? t) <= t - windowMs) first++;
      const attempts = i - first + 1;
      if (t <= from.getTime() || attempts < params.attempts || lastHit > t - windowMs) continue;
      bursts.push({ subject, at: new Date(t), windowStart: new Date(t - windowMs), attempts });
      lastHit = t;
    }
  }
  return bursts;
}

/** 3. Whether an order has failed often enough to be raised. */
export function isRepeatedFailure(failures: number, params: RuleParams<"repeated_order_failures">) {
  return failures >= params.failures;
}

/** The acts the staff rule counts per cashier and day, and the audit actions that record them. */
export const staffActs = {
  reversal: "voucher.reverse",
  void: "voucher.void",
  refund: "refund.request",
  cancellation: "order.cancel",
  cash_payment: "attempt.create",
} as const;
export type StaffAct = keyof typeof staffActs;

/**
 * 4. The count from which a cashier's day is far above the store's usual: more than `factor`
 * times the store's median per cashier and day, and at least `minimum`. Null when the store
 * has fewer than `minSample` cashier-days to tell its usual from.
 */
export function staffThreshold(
  baseline: { median: number; cashierDays: number },
  params: RuleParams<"staff_unusual_activity">,
): number | null {
  if (baseline.cashierDays < params.minSample) return null;
  return Math.max(params.minimum, Math.floor(baseline.median * params.factor) + 1);
}

/** The median of counts (0 for none). */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * 5. Whether an instant falls outside a store's opening hours, on the shop's wall clock. A
 * store that has not said its hours is never outside them (nothing to judge by); a weekday
 * with no ranges is closed all day.
 */
export function outsideOpeningHours(
  at: Date,
  hours: OpeningHours | null,
  timeZone: string,
): boolean {
  if (!hours || hours.length !== 7) return false;
  const local = localTimestamp(at, timeZone); // "YYYY-MM-DD HH:MM:SS +08:00"
  const weekday = (new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay() + 6) % 7;
  const minute = minutesOf(local.slice(11, 16));
  return !(hours[weekday] ?? []).some((range) => {
    const [start, end] = range.split("-") as [string, string];
    return minute >= minutesOf(start) && minute < minutesOf(end);
  });
}

/** 6. Whether one hour's rejected notifications of a method are a burst. */
export function isSignatureBurst(rejected: number, params: RuleParams<"signature_burst">) {
  return rejected >= params.perHour;
}

/** 7. The rule's amount in minor units of a shift's currency (10 yuan → 1000 fen). */
export function cashDifferenceThreshold(
  params: RuleParams<"cash_difference">,
  currency: string,
): bigint {
  return BigInt(params.beyond) * 10n ** BigInt(minorDigits(currency));
}

/** Whether a drawer's difference, over or short, is beyond the threshold. */
export function isCashDifference(differenceMinor: bigint, thresholdMinor: bigint): boolean {
  return (differenceMinor < 0n ? -differenceMinor : differenceMinor) > thresholdMinor;
}

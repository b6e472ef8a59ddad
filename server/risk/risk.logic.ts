import type { OpeningHours } from "@/db/schema/tenancy";
import { minorDigits } from "@/server/money/currency";
import { localTimestamp } from "@/server/time/local-date.logic";

/*
 * The anomaly rules: what each one decides, from numbers the evaluation pass
 * (risk-evaluation.service.ts) has read. Each rule is also the kind of the alert it raises,
 * whose `details` hold the numbers that triggered it and the threshold used.
 */

/** A number the owner may change: its default and the range the settings accept. */
interface Param {
  default: number;
  min: number;
  max: number;
  /** Whether a fraction is allowed (a factor); counts, days and minutes are whole. */
  fraction?: boolean;
}

export const riskRules = {
  /** A paid order far above what the store is usually paid. */
  unusual_amount: {
    lookbackDays: { default: 30, min: 7, max: 180 },
    percentile: { default: 95, min: 50, max: 99 },
    factor: { default: 3, min: 1, max: 100, fraction: true },
    minSample: { default: 30, min: 5, max: 10_000 },
  },
  /** Many payment requests for orders of one customer contact within minutes. */
  payment_velocity: {
    windowMinutes: { default: 10, min: 1, max: 120 },
    attempts: { default: 5, min: 2, max: 1000 },
  },
  /** One order failing again and again. */
  repeated_order_failures: {
    failures: { default: 3, min: 2, max: 100 },
  },
  /** A cashier's reversals, voids, refunds, cancellations or cash payments in a day, far above the store's usual. */
  staff_unusual_activity: {
    factor: { default: 3, min: 1.5, max: 50, fraction: true },
    minimum: { default: 5, min: 1, max: 10_000 },
    baselineDays: { default: 28, min: 7, max: 90 },
    minSample: { default: 10, min: 3, max: 10_000 },
  },
  /** Vouchers redeemed while the store is closed. */
  redemption_outside_hours: {
    minimum: { default: 1, min: 1, max: 1000 },
  },
  /** Payment notifications refused for a bad signature, many in one hour: someone probing. */
  signature_burst: {
    perHour: { default: 20, min: 3, max: 1_000_000 },
  },
  /** A cashier's drawer counted over or short at a shift's close by more than an amount. */
  cash_difference: {
    /** In whole units of the shift's currency (yuan): 0 raises any difference. */
    beyond: { default: 10, min: 0, max: 1_000_000 },
  },
} as const satisfies Record<string, Record<string, Param>>;

export type RiskRule = keyof typeof riskRules;
export const riskRuleNames = Object.keys(riskRules) as RiskRule[];
export type RuleParams<R extends RiskRule> = { [K in keyof (typeof riskRules)[R]]: number };

export interface RuleSetting<R extends RiskRule = RiskRule> {
  enabled: boolean;
  params: RuleParams<R>;
}
export type RiskSettings = { [R in RiskRule]: RuleSetting<R> };

export function isRiskRule(rule: string): rule is RiskRule {
  return rule in riskRules;
}

/** Whether `value` is an acceptable value of the rule's parameter. */
export function validParam(rule: RiskRule, name: string, value: unknown): value is number {
  const def = (riskRules[rule] as Record<string, Param>)[name];
  if (!def || typeof value !== "number" || !Number.isFinite(value)) return false;
  if (!def.fraction && !Number.isInteger(value)) return false;
  return value >= def.min && value <= def.max;
}

/**
 * Every rule's settings: a rule the owner never saved runs enabled with its defaults, and a
 * stored number no longer acceptable (a range narrowed since) falls back to its default.
 */
export function resolveSettings(
  rows: { rule: string; enabled: boolean; params: Record<string, unknown> }[],
): RiskSettings {
  const settings = {} as Record<RiskRule, RuleSetting>;
  for (const rule of riskRuleNames) {
    const row = rows.find((r) => r.rule === rule);
    const params: Record<string, number> = {};
    for (const [name, def] of Object.entries(riskRules[rule] as Record<string, Param>)) {
      const stored = row?.params[name];
      params[name] = validParam(rule, name, stored) ? stored : def.default;
    }
    settings[rule] = { enabled: row?.enabled ?? true, params } as RuleSetting;
  }
  return settings as RiskSettings;
}

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

/*
 * The anomaly rules' settings: each rule's numbers, their defaults and accepted ranges, and
 * what the owner saved resolved against them. Apart from the rules' decisions (risk.logic.ts):
 * the owner's settings card checks its numbers in the browser with these, and the decisions
 * bring the shop-time helpers (date-fns and its time-zone add-on, 7 KB gzip) with them.
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

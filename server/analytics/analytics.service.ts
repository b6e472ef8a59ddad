import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { analyticsScorecards, merchants, paymentMethods, stores } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { effectiveRateBps, type FeeRule } from "@/server/payments/fee.logic";
import { methodFeeRule } from "@/server/payments/method-fees.service";
import {
  analyticsFilters,
  type AnalyticsFilters,
  type SaveScorecardInput,
  type WhatIfInput,
  whatIfInput,
} from "./analytics.schema";
import {
  change,
  emptyTotals,
  keyFigures,
  netRevenue,
  promotionFigures,
  ratio,
  refundFigures,
  reprice,
  verdict,
  twoProportionZTest,
  type PeriodTotals,
} from "./metrics.logic";
import { localDate, type DayRange } from "@/server/time/local-date.logic";
import { adoptionWindows, resolvePeriod } from "./period.logic";
import { monthSpan } from "./month-span.logic";
import { selectRows } from "./rollup.service";
import {
  acceptanceOf,
  criterionScores,
  defaultWeights,
  overallScore,
  type Criterion,
} from "./scorecard.logic";
import { satisfactionOver } from "@/server/feedback/satisfaction.service";
import { customerHabits } from "@/server/customers/customer-habits.service";
import { one } from "@/db/one";

/** The merchant's zone, its currency (or the one asked for) and the store filter, checked. */
async function scope(
  db: DbOrTx,
  merchantId: string,
  f: { storeId?: string | null; currency?: string | null },
) {
  const merchant = one(
    await db
      .select({ timeZone: merchants.timeZone, currency: merchants.defaultCurrency })
      .from(merchants)
      .where(eq(merchants.id, merchantId)),
    "merchant",
  );
  if (f.storeId) {
    const [store] = await db
      .select({ id: stores.id })
      .from(stores)
      .where(and(eq(stores.id, f.storeId), eq(stores.merchantId, merchantId)));
    if (!store) throw new DomainError("NOT_FOUND", "storeNotFound", "Store not found");
  }
  return {
    merchantId,
    timeZone: merchant.timeZone,
    currency: f.currency ?? merchant.currency,
    storeId: f.storeId ?? null,
  };
}
type Scope = Awaited<ReturnType<typeof scope>>;

/** Store id → name, for the tables broken down by store. */
async function storeNamesOf(db: DbOrTx, merchantId: string) {
  const rows = await db
    .select({ id: stores.id, name: stores.name })
    .from(stores)
    .where(eq(stores.merchantId, merchantId));
  return new Map(rows.map((x) => [x.id, x.name]));
}

/** The roll-up rows of a scope and a span of local days: what every query here filters on. */
function within(s: Scope, range: DayRange, alias = "r"): SQL {
  const a = sql.raw(alias);
  return sql`${a}.merchant_id = ${s.merchantId} and ${a}.currency = ${s.currency}
    and ${a}.day between ${range.from}::date and ${range.to}::date
    ${s.storeId ? sql`and ${a}.store_id = ${s.storeId}` : sql``}`;
}

const sums = sql`coalesce(sum(r.orders_offered), 0)::int as orders_offered,
  coalesce(sum(r.method_orders_offered), 0)::int as method_orders_offered,
  coalesce(sum(r.paid_orders), 0)::int as paid_orders,
  coalesce(sum(r.attempts), 0)::int as attempts,
  coalesce(sum(r.failures), 0)::int as failures,
  coalesce(sum(r.risk_declines), 0)::int as risk_declines,
  coalesce(sum(r.gross_minor), 0)::text as gross_minor,
  coalesce(sum(r.fee_minor), 0)::text as fee_minor,
  coalesce(sum(r.discount_minor), 0)::text as discount_minor,
  coalesce(sum(r.refunds), 0)::int as refunds,
  coalesce(sum(r.refund_minor), 0)::text as refund_minor,
  coalesce(sum(r.refund_fee_minor), 0)::text as refund_fee_minor`;

interface SumRow {
  orders_offered: number;
  method_orders_offered: number;
  paid_orders: number;
  attempts: number;
  failures: number;
  risk_declines: number;
  gross_minor: string;
  fee_minor: string;
  discount_minor: string;
  refunds: number;
  refund_minor: string;
  refund_fee_minor: string;
}

function toTotals(r: SumRow | undefined): PeriodTotals {
  if (!r) return emptyTotals;
  return {
    ordersOffered: Number(r.orders_offered),
    paidOrders: Number(r.paid_orders),
    attempts: Number(r.attempts),
    failures: Number(r.failures),
    grossMinor: BigInt(r.gross_minor),
    feeMinor: BigInt(r.fee_minor),
    discountMinor: BigInt(r.discount_minor),
    refunds: Number(r.refunds),
    refundMinor: BigInt(r.refund_minor),
    refundFeeMinor: BigInt(r.refund_fee_minor),
  };
}

async function totals(db: DbOrTx, s: Scope, range: DayRange) {
  const [row] = await selectRows<SumRow>(
    db,
    sql`select ${sums} from payment_daily_rollups r where ${within(s, range)}`,
  );
  return toTotals(row);
}

async function resolve(db: DbOrTx, merchantId: string, input: AnalyticsFilters, now: Date) {
  const f = analyticsFilters.parse(input);
  const s = await scope(db, merchantId, f);
  const period = resolvePeriod(
    f.preset,
    s.timeZone,
    now,
    f.from && f.to ? { from: f.from, to: f.to } : undefined,
  );
  return { s, period };
}

/**
 * GMV, paid orders, conversion, fees, refunds, net, average ticket, refund rate; each against
 * the period before; a daily trend; the period's figures per store.
 */
export async function overview(
  db: Db,
  merchantId: string,
  input: AnalyticsFilters,
  now = new Date(),
) {
  const { s, period } = await resolve(db, merchantId, input, now);
  const [current, previous] = await Promise.all([
    totals(db, s, period.current),
    totals(db, s, period.previous),
  ]);
  const cur = keyFigures(current);
  const prev = keyFigures(previous);
  const changes = Object.fromEntries(
    (Object.keys(cur) as (keyof typeof cur)[]).map((k) => [k, change(cur[k], prev[k])]),
  ) as Record<keyof typeof cur, number | null>;
  const [trendRows, storeRows, storeNames] = await Promise.all([
    selectRows<SumRow & { day: string }>(
      db,
      sql`select r.day::text as day, ${sums} from payment_daily_rollups r where ${within(s, period.current)}
        group by r.day order by r.day`,
    ),
    selectRows<SumRow & { store_id: string }>(
      db,
      sql`select r.store_id, ${sums} from payment_daily_rollups r where ${within(s, period.current)}
        group by r.store_id`,
    ),
    storeNamesOf(db, merchantId),
  ]);
  return {
    currency: s.currency,
    timeZone: s.timeZone,
    period,
    figures: cur,
    previous: prev,
    changes,
    trend: trendRows.map((r) => {
      const t = toTotals(r);
      return {
        day: r.day,
        gmvMinor: t.grossMinor,
        paidOrders: t.paidOrders,
        ordersOffered: t.ordersOffered,
        conversion: ratio(t.paidOrders, t.ordersOffered),
        feeMinor: t.feeMinor,
        refundedMinor: t.refundMinor,
        netMinor: netRevenue(t),
      };
    }),
    stores: storeRows
      .map((r) => {
        const t = toTotals(r);
        return {
          storeId: r.store_id,
          store: storeNames.get(r.store_id) ?? r.store_id,
          paidOrders: t.paidOrders,
          gmvMinor: t.grossMinor,
          feeMinor: t.feeMinor,
          ...refundFigures(t),
        };
      })
      .sort((a, b) => a.store.localeCompare(b.store)),
  };
}

async function scorecardOf(db: DbOrTx, merchantId: string) {
  const [row] = await db
    .select()
    .from(analyticsScorecards)
    .where(eq(analyticsScorecards.merchantId, merchantId));
  return {
    weights: { ...defaultWeights, ...(row?.weights ?? {}) } as Record<Criterion, number>,
    ratings: row?.ratings ?? {},
  };
}

/**
 * What customers said on their receipts over the period, against the period before: the
 * whole, per method, store and cashier, and day by day (the satisfaction roll-up only).
 */
export async function satisfaction(
  db: Db,
  merchantId: string,
  input: AnalyticsFilters,
  now = new Date(),
) {
  const { s, period } = await resolve(db, merchantId, input, now);
  const [current, previous] = await Promise.all([
    satisfactionOver(db, merchantId, period.current, s.storeId),
    satisfactionOver(db, merchantId, period.previous, s.storeId),
  ]);
  return { period, ...current, previous: previous.total };
}

/**
 * Customers' payment habits over the period (new against returning, each one's method mix)
 * and over all time (repeat rate, switches of method, lifetime value per first method).
 */
export async function customerHabitsView(
  db: Db,
  merchantId: string,
  input: AnalyticsFilters,
  now = new Date(),
) {
  const { s, period } = await resolve(db, merchantId, input, now);
  return { period, ...(await customerHabits(db, merchantId, s.currency, period.current)) };
}

/** Each method side by side over the period, with its top failure reasons and its scorecard. */
export async function compareMethods(
  db: Db,
  merchantId: string,
  input: AnalyticsFilters,
  now = new Date(),
) {
  const { s, period } = await resolve(db, merchantId, input, now);
  const [rows, reasons, methods, card, voice] = await Promise.all([
    selectRows<SumRow & { method_id: string }>(
      db,
      sql`select r.method_id, ${sums} from payment_daily_rollups r where ${within(s, period.current)} group by r.method_id`,
    ),
    selectRows<{ method_id: string; reason: string; failures: number }>(
      db,
      sql`select r.method_id, r.reason, sum(r.failures)::int as failures from payment_failure_rollups r
        where ${within(s, period.current)} group by r.method_id, r.reason having sum(r.failures) > 0
        order by failures desc, r.reason`,
    ),
    db
      .select({
        id: paymentMethods.id,
        label: paymentMethods.label,
        kind: paymentMethods.kind,
        settlementDelayDays: paymentMethods.settlementDelayDays,
      })
      .from(paymentMethods)
      .where(eq(paymentMethods.merchantId, merchantId))
      .orderBy(asc(paymentMethods.createdAt)),
    scorecardOf(db, merchantId),
    satisfactionOver(db, merchantId, period.current, s.storeId),
  ]);
  const byMethod = new Map(rows.map((r) => [r.method_id, r]));
  const heard = new Map(voice.methods.map((m) => [m.methodId, m]));
  const all = toTotals(
    rows.reduce<SumRow | undefined>(
      (acc, r) =>
        acc
          ? {
              ...acc,
              paid_orders: Number(acc.paid_orders) + Number(r.paid_orders),
              gross_minor: (BigInt(acc.gross_minor) + BigInt(r.gross_minor)).toString(),
            }
          : r,
      undefined,
    ),
  );
  const compared = methods
    .filter((m) => byMethod.has(m.id))
    .map((m) => {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- filtered on byMethod.has(m.id) just above
      const r = byMethod.get(m.id)!;
      const t = toTotals(r);
      const offered = Number(r.method_orders_offered);
      return {
        methodId: m.id,
        label: m.label,
        kind: m.kind,
        settlementDelayDays: m.settlementDelayDays,
        paidOrders: t.paidOrders,
        ordersOffered: offered,
        attempts: t.attempts,
        shareOfOrders: ratio(t.paidOrders, all.paidOrders),
        shareOfAmount: all.grossMinor > 0n ? Number(t.grossMinor) / Number(all.grossMinor) : null,
        conversion: ratio(t.paidOrders, offered),
        failureRate: ratio(t.failures, t.attempts),
        topReasons: reasons
          .filter((x) => x.method_id === m.id)
          .slice(0, 3)
          .map((x) => ({ reason: x.reason, failures: Number(x.failures) })),
        grossMinor: t.grossMinor,
        feeMinor: t.feeMinor,
        effectiveFeeBps: t.grossMinor > 0n ? effectiveRateBps(t.grossMinor, t.feeMinor) : null,
        ...promotionFigures(t),
        ...refundFigures(t),
        netPerOrderMinor: t.paidOrders > 0 ? netRevenue(t) / BigInt(t.paidOrders) : null,
        riskDeclines: Number(r.risk_declines),
      };
    });
  const maxShare = Math.max(0, ...compared.map((m) => m.shareOfOrders ?? 0));
  return {
    currency: s.currency,
    period,
    weights: card.weights,
    methods: compared.map((m) => {
      const evidence = {
        shareOfPaidOrders: m.shareOfOrders,
        conversion: m.conversion,
        effectiveFeeBps: m.effectiveFeeBps,
        refundRate: m.refundRate,
        attempts: m.attempts,
        riskDeclines: m.riskDeclines,
        ratings: card.ratings[m.methodId] ?? {},
        satisfaction: heard.get(m.methodId),
      };
      const scores = criterionScores(evidence, maxShare);
      return {
        ...m,
        acceptance: acceptanceOf(evidence, maxShare),
        ratings: card.ratings[m.methodId] ?? {},
        scores,
        score: overallScore(scores, card.weights),
      };
    }),
  };
}

/** Conversion, GMV, average ticket and method mix in equal windows before and after adopting a method. */
export async function beforeAfter(
  db: Db,
  merchantId: string,
  input: {
    methodId: string;
    adoptedOn: string;
    days: number;
    storeId?: string | null;
    currency?: string | null;
  },
  now = new Date(),
) {
  const s = await scope(db, merchantId, input);
  const [method] = await db
    .select({ id: paymentMethods.id, label: paymentMethods.label })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, input.methodId), eq(paymentMethods.merchantId, merchantId)));
  if (!method) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  const windows = adoptionWindows(input.adoptedOn, input.days, localDate(now, s.timeZone));
  const side = async (range: DayRange) => {
    const t = windows.length > 0 ? await totals(db, s, range) : emptyTotals;
    const [m] =
      windows.length > 0
        ? await selectRows<{ paid_orders: number }>(
            db,
            sql`select coalesce(sum(r.paid_orders), 0)::int as paid_orders from payment_daily_rollups r
              where ${within(s, range)} and r.method_id = ${method.id}`,
          )
        : [];
    const f = keyFigures(t);
    return {
      range,
      ordersOffered: t.ordersOffered,
      paidOrders: t.paidOrders,
      conversion: f.conversion,
      gmvMinor: f.gmvMinor,
      averageTicketMinor: f.averageTicketMinor,
      methodShare: ratio(Number(m?.paid_orders ?? 0), t.paidOrders),
    };
  };
  const before = await side(windows.before);
  const after = await side(windows.after);
  return {
    currency: s.currency,
    method,
    days: windows.length,
    before,
    after,
    test: twoProportionZTest(
      before.paidOrders,
      before.ordersOffered,
      after.paidOrders,
      after.ordersOffered,
    ),
    verdict: verdict(
      before.paidOrders,
      before.ordersOffered,
      after.paidOrders,
      after.ordersOffered,
    ),
  };
}

/**
 * Payments per store and exact amount over a span of days (of one method, or all): the months
 * the span covers (nearly) whole from the monthly amounts, the rest of its days added or taken
 * away from the daily ones (monthSpan), so a 90-day period ending today reads four months'
 * distinct amounts and a few days' instead of ninety days' worth.
 */
async function amountsWithin(
  db: DbOrTx,
  s: Scope,
  range: DayRange,
  methodId: string | null,
  now: Date,
) {
  const { months, add, subtract } = monthSpan(range, localDate(now, s.timeZone));
  const ofMethod = methodId ? sql`and r.method_id = ${methodId}` : sql``;
  const parts: SQL[] = [];
  if (months) {
    parts.push(sql`select r.store_id, r.amount_minor, r.payments, r.fee_minor
      from payment_amount_monthly_rollups r
      where r.merchant_id = ${s.merchantId} and r.currency = ${s.currency}
        and r.month between ${months.from}::date and ${months.to}::date
        ${s.storeId ? sql`and r.store_id = ${s.storeId}` : sql``} ${ofMethod}`);
  }
  for (const [days, sign] of [
    ...add.map((d) => [d, sql``] as const),
    ...subtract.map((d) => [d, sql`-`] as const),
  ]) {
    parts.push(sql`select r.store_id, r.amount_minor, ${sign}r.payments, ${sign}r.fee_minor
      from payment_amount_rollups r where ${within(s, days)} ${ofMethod}`);
  }
  return selectRows<{
    store_id: string;
    amount_minor: string;
    payments: number;
    fee_minor: string;
  }>(
    db,
    sql`select a.store_id, a.amount_minor::text, sum(a.payments)::int as payments,
        sum(a.fee_minor)::text as fee_minor
      from (${sql.join(parts, sql` union all `)}) a (store_id, amount_minor, payments, fee_minor)
      group by a.store_id, a.amount_minor having sum(a.payments) > 0`,
  );
}

/** The period's payments re-priced, one by one, under another method's fee rule: overall and per store. */
export async function whatIfFees(db: Db, merchantId: string, input: WhatIfInput, now = new Date()) {
  const checked = whatIfInput.parse(input);
  const { s, period } = await resolve(db, merchantId, checked.filters, now);
  let target: { id: string; label: string } | null = null;
  let rule: FeeRule;
  // A typed rule's fixed fee is typed in the currency looked at.
  let amountsSet = true;
  if (checked.typedRule) {
    rule = {
      rateBps: checked.typedRule.rateBps,
      fixedMinor: BigInt(checked.typedRule.fixedMinor),
      minMinor: null,
      maxMinor: null,
    };
  } else {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the input schema requires a target method unless a typed rule is given
    const targetId = checked.targetMethodId!;
    // The target's amounts in the currency looked at: its fixed fee in yen is not the one in yuan.
    const found = await methodFeeRule(db, merchantId, targetId, s.currency);
    if (!found) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
    target = { id: targetId, label: found.label };
    amountsSet = found.amountsSet;
    rule = found.rule;
  }
  const rows = await amountsWithin(db, s, period.current, checked.sourceMethodId ?? null, now);
  const storeNames = await storeNamesOf(db, merchantId);
  const buckets = rows.map((r) => ({
    storeId: r.store_id,
    amountMinor: BigInt(r.amount_minor),
    payments: Number(r.payments),
    feeMinor: BigInt(r.fee_minor),
  }));
  const storeIds = [...new Set(buckets.map((b) => b.storeId))];
  return {
    currency: s.currency,
    period,
    /** The method priced under, or null for a typed rule (given back as `rule`). */
    target,
    rule: { rateBps: rule.rateBps, fixedMinor: rule.fixedMinor },
    /** False when the target method has no amounts set in this currency: priced at its rate alone. */
    amountsSet,
    overall: reprice(buckets, rule),
    stores: storeIds
      .map((id) => ({
        storeId: id,
        store: storeNames.get(id) ?? id,
        ...reprice(
          buckets.filter((b) => b.storeId === id),
          rule,
        ),
      }))
      .sort((a, b) => a.store.localeCompare(b.store)),
  };
}

/** Orders offered a payment request and requests made, by weekday (1 = Monday) and local hour. */
export async function trafficHeatmap(
  db: Db,
  merchantId: string,
  input: AnalyticsFilters,
  now = new Date(),
) {
  const { s, period } = await resolve(db, merchantId, input, now);
  const rows = await selectRows<{
    weekday: number;
    hour: number;
    orders: number;
    attempts: number;
  }>(
    db,
    sql`select extract(isodow from r.day)::int as weekday, r.hour::int as hour,
        sum(r.orders_offered)::int as orders, sum(r.attempts)::int as attempts
      from payment_rollups r where ${within(s, period.current)}
      group by 1, 2 order by 1, 2`,
  );
  return {
    period,
    cells: rows.map((r) => ({
      weekday: Number(r.weekday),
      hour: Number(r.hour),
      orders: Number(r.orders),
      attempts: Number(r.attempts),
    })),
  };
}

/** The filter choices: stores, methods and the currencies the merchant's methods take. */
export async function analyticsOptions(db: Db, merchantId: string) {
  const merchant = one(
    await db
      .select({
        currency: merchants.defaultCurrency,
        timeZone: merchants.timeZone,
        staleSince: merchants.rollupsStaleSince,
      })
      .from(merchants)
      .where(eq(merchants.id, merchantId)),
    "merchant",
  );
  const storeRows = await db
    .select({ id: stores.id, name: stores.name })
    .from(stores)
    .where(eq(stores.merchantId, merchantId))
    .orderBy(asc(stores.name));
  const methodRows = await db
    .select({
      id: paymentMethods.id,
      label: paymentMethods.label,
      kind: paymentMethods.kind,
      currencies: paymentMethods.currencies,
    })
    .from(paymentMethods)
    .where(eq(paymentMethods.merchantId, merchantId))
    .orderBy(asc(paymentMethods.createdAt));
  const currencies = [...new Set([merchant.currency, ...methodRows.flatMap((m) => m.currencies)])];
  return {
    defaultCurrency: merchant.currency,
    timeZone: merchant.timeZone,
    /** The zone changed and the figures are being moved to it (rebuildStaleRollups). */
    rebuilding: merchant.staleSince !== null,
    currencies,
    stores: storeRows,
    methods: methodRows.map(({ currencies: _c, ...m }) => m),
  };
}

/** The merchant's scorecard weights and ratings; one audit row. */
export async function saveScorecard(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: SaveScorecardInput,
) {
  return db.transaction(async (tx) => {
    const known = new Set(
      (
        await tx
          .select({ id: paymentMethods.id })
          .from(paymentMethods)
          .where(eq(paymentMethods.merchantId, merchantId))
      ).map((m) => m.id),
    );
    if (Object.keys(input.ratings).some((id) => !known.has(id)))
      throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
    const before = await scorecardOf(tx, merchantId);
    const weights = { ...defaultWeights, ...input.weights };
    await tx
      .insert(analyticsScorecards)
      .values({ merchantId, weights, ratings: input.ratings, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: analyticsScorecards.merchantId,
        set: { weights, ratings: input.ratings, updatedAt: new Date() },
      });
    await recordAudit(tx, actor, {
      merchantId,
      action: "analytics.scorecard.update",
      entityType: "merchant",
      entityId: merchantId,
      before,
      after: { weights, ratings: input.ratings },
    });
    return { weights, ratings: input.ratings };
  });
}

import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/types";
import { overview } from "@/server/analytics/analytics.service";
import { selectRows } from "@/server/analytics/rollup.service";
import type { Role } from "@/server/auth/roles.logic";
import { handlesAlerts, takesPayments } from "@/server/auth/roles.logic";

/** Who is asking: Home shows each role what it can act on. */
export interface HomeScope {
  merchantId: string;
  userId: string;
  role: Role;
}

/**
 * The shop's "today" and the same moment of the same weekday last week, as the database sees
 * them in the shop's zone: the local date, the local hour now, and the UTC instants where
 * this hour started and where last week's equivalent hour started and stood.
 */
interface Anchors {
  time_zone: string;
  currency: string;
  today: string;
  last_week: string;
  hour: number;
  local_now: string;
  day_start: Date | string;
  hour_start: Date | string;
  last_week_hour_start: Date | string;
  last_week_now: Date | string;
}

async function anchors(db: DbOrTx, merchantId: string, now: Date) {
  const at = now.toISOString();
  const [row] = await selectRows<Anchors>(
    db,
    sql`select m.time_zone, m.default_currency as currency,
        (l.t)::date::text as today,
        (l.t - interval '7 days')::date::text as last_week,
        extract(hour from l.t)::int as hour,
        to_char(l.t, 'HH24:MI') as local_now,
        (date_trunc('day', l.t) at time zone m.time_zone) as day_start,
        (date_trunc('hour', l.t) at time zone m.time_zone) as hour_start,
        (date_trunc('hour', l.t - interval '7 days') at time zone m.time_zone) as last_week_hour_start,
        ((l.t - interval '7 days') at time zone m.time_zone) as last_week_now
      from merchants m, lateral (select (${at}::timestamptz at time zone m.time_zone) as t) l
      where m.id = ${merchantId}`,
  );
  if (!row) throw new Error(`merchant ${merchantId} not found`);
  const ts = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
  return {
    timeZone: row.time_zone,
    currency: row.currency,
    today: row.today,
    lastWeek: row.last_week,
    hour: Number(row.hour),
    localNow: row.local_now,
    dayStart: ts(row.day_start),
    hourStart: ts(row.hour_start),
    lastWeekHourStart: ts(row.last_week_hour_start),
    lastWeekNow: ts(row.last_week_now),
    now: at,
  };
}
type Anchor = Awaited<ReturnType<typeof anchors>>;

interface TakingsRow {
  method_id: string;
  label: string;
  kind: string;
  currency: string;
  today_minor: string;
  today_orders: number;
  last_week_minor: string;
  last_week_orders: number;
}

/**
 * Today's takings by method and currency against the same weekday last week, both cut at the
 * same local time of day so the comparison is fair. Whole hours come from the hourly roll-up
 * (hours before this one); the hour in progress, today and a week ago, from the attempts
 * created in it up to the same minute: a range on payment_attempts (merchant_id, created_at).
 * Like the roll-ups, a payment counts in the hour its request was made.
 */
async function takings(db: DbOrTx, merchantId: string, a: Anchor) {
  const rows = await selectRows<TakingsRow>(
    db,
    sql`with parts as (
        select r.method_id, r.currency,
          sum(r.gross_minor) filter (where r.day = ${a.today}::date) as today_minor,
          sum(r.paid_orders) filter (where r.day = ${a.today}::date) as today_orders,
          sum(r.gross_minor) filter (where r.day = ${a.lastWeek}::date) as last_week_minor,
          sum(r.paid_orders) filter (where r.day = ${a.lastWeek}::date) as last_week_orders
        from payment_rollups r
        where r.merchant_id = ${merchantId}
          and r.day in (${a.today}::date, ${a.lastWeek}::date) and r.hour < ${a.hour}
        group by r.method_id, r.currency
        union all
        select p.method_id, p.currency,
          sum(p.amount_minor) filter (where p.created_at >= ${a.hourStart}::timestamptz),
          count(*) filter (where p.created_at >= ${a.hourStart}::timestamptz),
          sum(p.amount_minor) filter (where p.created_at < ${a.lastWeekNow}::timestamptz),
          count(*) filter (where p.created_at < ${a.lastWeekNow}::timestamptz)
        from payment_attempts p
        where p.merchant_id = ${merchantId} and p.status = 'succeeded' and not p.is_duplicate
          and ((p.created_at >= ${a.hourStart}::timestamptz and p.created_at < ${a.now}::timestamptz)
            or (p.created_at >= ${a.lastWeekHourStart}::timestamptz
              and p.created_at < ${a.lastWeekNow}::timestamptz))
        group by p.method_id, p.currency)
      select x.method_id, m.label, m.kind::text as kind, x.currency,
        coalesce(sum(x.today_minor), 0)::text as today_minor,
        coalesce(sum(x.today_orders), 0)::int as today_orders,
        coalesce(sum(x.last_week_minor), 0)::text as last_week_minor,
        coalesce(sum(x.last_week_orders), 0)::int as last_week_orders
      from parts x join payment_methods m on m.id = x.method_id
      group by x.method_id, m.label, m.kind, x.currency, m.created_at
      having coalesce(sum(x.today_orders), 0) + coalesce(sum(x.last_week_orders), 0) > 0
      order by x.currency, m.created_at`,
  );
  const methods = rows.map((r) => ({
    methodId: r.method_id,
    label: r.label,
    kind: r.kind,
    currency: r.currency,
    todayMinor: BigInt(r.today_minor),
    todayOrders: Number(r.today_orders),
    lastWeekMinor: BigInt(r.last_week_minor),
    lastWeekOrders: Number(r.last_week_orders),
  }));
  const currencies = [...new Set([a.currency, ...methods.map((m) => m.currency)])];
  const totals = currencies
    .map((currency) => {
      const of = methods.filter((m) => m.currency === currency);
      return {
        currency,
        todayMinor: of.reduce((s, m) => s + m.todayMinor, 0n),
        todayOrders: of.reduce((s, m) => s + m.todayOrders, 0),
        lastWeekMinor: of.reduce((s, m) => s + m.lastWeekMinor, 0n),
        lastWeekOrders: of.reduce((s, m) => s + m.lastWeekOrders, 0),
      };
    })
    .filter((t) => t.currency === a.currency || t.todayOrders + t.lastWeekOrders > 0);
  return { methods, totals };
}

/** Failed or expired requests today (roll-up) and how many of the orders they hit were paid after all. */
async function failuresToday(db: DbOrTx, merchantId: string, a: Anchor) {
  const [counted] = await selectRows<{ failures: number }>(
    db,
    sql`select coalesce(sum(r.failures), 0)::int as failures from payment_daily_rollups r
      where r.merchant_id = ${merchantId} and r.day = ${a.today}::date`,
  );
  // Per order, as the failure statistics count recovery: a range over (merchant_id, occurred_at).
  const [recovery] = await selectRows<{ orders: number; recovered: number }>(
    db,
    sql`select count(*)::int as orders, count(*) filter (where o.recovered)::int as recovered
      from (select bool_or(f.recovered_at is not null) as recovered from payment_failures f
        where f.merchant_id = ${merchantId} and f.occurred_at >= ${a.dayStart}::timestamptz
          and f.kind in ('failed', 'expired')
        group by f.order_id) o`,
  );
  return {
    failures: Number(counted?.failures ?? 0),
    failedOrders: Number(recovery?.orders ?? 0),
    recoveredOrders: Number(recovery?.recovered ?? 0),
  };
}

/** Alerts nobody has taken up yet (the console's badge), newest first (index on merchant_id, status, created_at). */
async function openAlerts(db: DbOrTx, merchantId: string) {
  const rows = await selectRows<{
    id: string;
    kind: string;
    entity_type: string;
    entity_id: string | null;
    created_at: Date | string;
    total: number;
  }>(
    db,
    sql`select a.id, a.kind, a.entity_type, a.entity_id, a.created_at,
        count(*) over ()::int as total
      from alerts a where a.merchant_id = ${merchantId} and a.status = 'open'
      order by a.created_at desc limit 5`,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    latest: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      entityType: r.entity_type,
      entityId: r.entity_id,
      createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
    })),
  };
}

async function openOrders(db: DbOrTx, merchantId: string) {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from orders o
      where o.merchant_id = ${merchantId} and o.status = 'pending'`,
  );
  return Number(row?.n ?? 0);
}

/**
 * The cashier's shift: the orders they created today (shop time), what they took, and the
 * ones still waiting for payment. A range over orders (merchant_id, created_at) for today,
 * filtered on the creator: a day's orders, never the history.
 */
async function myShift(db: DbOrTx, scope: HomeScope, a: Anchor) {
  const mine = sql`o.merchant_id = ${scope.merchantId} and o.created_by = ${scope.userId}
    and o.created_at >= ${a.dayStart}::timestamptz`;
  const byCurrency = await selectRows<{
    currency: string;
    orders: number;
    paid: number;
    paid_minor: string;
    waiting: number;
  }>(
    db,
    sql`select o.currency, count(*)::int as orders,
        count(*) filter (where o.status in ('paid', 'partially_refunded', 'refunded'))::int as paid,
        coalesce(sum(o.amount_minor) filter (where o.status in ('paid', 'partially_refunded', 'refunded')), 0)::text as paid_minor,
        count(*) filter (where o.status = 'pending')::int as waiting
      from orders o where ${mine} group by o.currency order by o.currency`,
  );
  const waiting = await selectRows<{
    id: string;
    number: string;
    amount_minor: string;
    currency: string;
    created_at: Date | string;
  }>(
    db,
    sql`select o.id, o.number, o.amount_minor::text, o.currency, o.created_at from orders o
      where ${mine} and o.status = 'pending' order by o.created_at desc, o.id desc limit 8`,
  );
  return {
    orders: byCurrency.reduce((s, r) => s + Number(r.orders), 0),
    paidOrders: byCurrency.reduce((s, r) => s + Number(r.paid), 0),
    waitingCount: byCurrency.reduce((s, r) => s + Number(r.waiting), 0),
    takings: byCurrency
      .filter((r) => Number(r.paid) > 0)
      .map((r) => ({ currency: r.currency, amountMinor: BigInt(r.paid_minor) })),
    waiting: waiting.map((r) => ({
      id: r.id,
      number: r.number,
      amountMinor: BigInt(r.amount_minor),
      currency: r.currency,
      createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
    })),
  };
}

/**
 * What Home shows the signed-in member, by role. Owner and manager: today's takings against
 * the same weekday last week, open orders, failures and recovery today, unresolved alerts.
 * Cashier: their own shift. Analyst: the week's headline figures against the week before.
 * Every figure reads the roll-ups or a small indexed range, never the whole order history.
 */
export async function homeSummary(db: Db, scope: HomeScope, now = new Date()) {
  const a = await anchors(db, scope.merchantId, now);
  const clock = {
    timeZone: a.timeZone,
    currency: a.currency,
    today: a.today,
    lastWeek: a.lastWeek,
    localNow: a.localNow,
  };
  if (handlesAlerts.includes(scope.role)) {
    const [t, open, failures, alerts] = await Promise.all([
      takings(db, scope.merchantId, a),
      openOrders(db, scope.merchantId),
      failuresToday(db, scope.merchantId, a),
      openAlerts(db, scope.merchantId),
    ]);
    return { view: "business" as const, ...clock, takings: t, openOrders: open, failures, alerts };
  }
  if (takesPayments.includes(scope.role)) {
    return { view: "counter" as const, ...clock, shift: await myShift(db, scope, a) };
  }
  const week = await overview(db, scope.merchantId, { preset: "7d" }, now);
  return {
    view: "week" as const,
    ...clock,
    week: {
      currency: week.currency,
      period: week.period,
      figures: week.figures,
      previous: week.previous,
      changes: week.changes,
    },
  };
}
export type HomeSummary = Awaited<ReturnType<typeof homeSummary>>;

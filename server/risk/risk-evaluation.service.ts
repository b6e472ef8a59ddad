import { and, eq, gt, inArray, lte, sql } from "drizzle-orm";
import {
  auditLog,
  auditPending,
  cashShifts,
  merchants,
  orders,
  paymentAmountRollups,
  paymentAttempts,
  paymentFailures,
  paymentMethods,
  riskHits,
  riskStaffDays,
  riskWatermarks,
  stores,
  users,
  voucherRedemptions,
  vouchers,
} from "@/db/schema";
import type { Db, Tx } from "@/db/types";
import { raiseAlert } from "@/server/alerts/raise-alert.service";
import { addDays, localDate, localDayStart } from "@/server/time/local-date.logic";
import {
  cashDifferenceThreshold,
  isCashDifference,
  isRepeatedFailure,
  isSignatureBurst,
  isUnusualAmount,
  median,
  outsideOpeningHours,
  percentileOfCounts,
  staffActs,
  staffThreshold,
  unusualAmountThreshold,
  velocityBursts,
  type StaffAct,
} from "./risk.logic";
import type { RiskRule, RiskSettings } from "./risk-rules.logic";
import { getRiskSettings } from "./risk-settings.service";

/**
 * A pass looks only at rows at least this old: a row is stamped when its transaction starts
 * and seen once it commits, so a row stamped just before a pass's end could still be
 * uncommitted when the pass reads; a minute leaves every payment transaction time to commit.
 */
export const settleLagMs = 60_000;
const dayMs = 24 * 60 * 60_000;
const hourMs = 60 * 60_000;

/** What a rule found: the alert to raise, once per (rule, subject, at). */
interface Hit {
  rule: RiskRule;
  subject: string;
  at: Date;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown>;
}

interface Pass {
  tx: Tx;
  merchantId: string;
  timeZone: string;
  settings: RiskSettings;
  /** The rows looked at: (from, until]. */
  from: Date;
  until: Date;
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * One evaluation of every merchant's anomaly rules (the job of server/runtime.ts, every few
 * minutes). Each merchant is evaluated in one transaction under a lock of its own, from its
 * watermark to now (less the settle lag), so two instances never look at the same rows and
 * an alert, its hit and the new watermark are written together or not at all. A merchant's
 * first pass only fills the staff roll-up from the weeks before (rules watch what happens
 * after they are switched on).
 */
export async function evaluateRiskRules(db: Db, now = new Date()) {
  const settled = new Date(now.getTime() - settleLagMs);
  const shops = await db.select({ id: merchants.id, timeZone: merchants.timeZone }).from(merchants);
  let raised = 0;
  for (const shop of shops) {
    raised += await db.transaction(async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`risk:${shop.id}`}, 0))`,
      );
      const [mark] = await tx
        .select({ until: riskWatermarks.evaluatedUntil })
        .from(riskWatermarks)
        .where(eq(riskWatermarks.merchantId, shop.id));
      const until = await settledAuditUntil(tx, shop.id, settled);
      const settings = await getRiskSettings(tx, shop.id);
      const baselineMs = settings.staff_unusual_activity.params.baselineDays * dayMs;
      // After a long stop the pass catches up at most the staff baseline's span.
      const from = new Date(Math.max(mark?.until.getTime() ?? 0, until.getTime() - baselineMs));
      if (from >= until) return 0;
      const pass: Pass = {
        tx,
        merchantId: shop.id,
        timeZone: shop.timeZone,
        settings,
        from,
        until,
      };
      const staffDays = await rollUpStaffActs(pass);
      let n = 0;
      if (mark) {
        const hits = [
          ...(settings.unusual_amount.enabled ? await unusualAmounts(pass) : []),
          ...(settings.payment_velocity.enabled ? await velocity(pass) : []),
          ...(settings.repeated_order_failures.enabled ? await repeatedFailures(pass) : []),
          ...(settings.staff_unusual_activity.enabled ? await staffActivity(pass, staffDays) : []),
          ...(settings.redemption_outside_hours.enabled ? await offHoursRedemptions(pass) : []),
          ...(settings.signature_burst.enabled ? await signatureBursts(pass) : []),
          ...(settings.cash_difference.enabled ? await cashDifferences(pass) : []),
        ];
        for (const hit of hits) if (await raiseOnce(pass, hit)) n++;
      }
      await tx
        .insert(riskWatermarks)
        .values({ merchantId: shop.id, evaluatedUntil: until })
        .onConflictDoUpdate({ target: riskWatermarks.merchantId, set: { evaluatedUntil: until } });
      return n;
    });
  }
  return { raised };
}

/**
 * Where a pass may stop so that it misses no audit row: at `settled`, or before the oldest row
 * of the shop still queued for its chain (server/audit/audit-chainer.service.ts). A queued row
 * reaches audit_log with the time it was recorded, normally within milliseconds, but after a
 * crash only when the sweep chains it; a watermark past it would skip it for good.
 */
async function settledAuditUntil(tx: Tx, merchantId: string, settled: Date): Promise<Date> {
  const [queued] = await tx
    .select({
      oldest: sql<Date | null>`min(${auditPending.createdAt})`.mapWith(auditPending.createdAt),
    })
    .from(auditPending)
    .where(eq(auditPending.merchantId, merchantId));
  const oldest = queued?.oldest;
  // Rows are read as (from, until], and created_at keeps milliseconds: a millisecond before it.
  return oldest && oldest <= settled ? new Date(oldest.getTime() - 1) : settled;
}

/** Raises the hit's alert unless the same rule already raised one for its subject and window. */
async function raiseOnce(pass: Pass, hit: Hit): Promise<boolean> {
  const [fresh] = await pass.tx
    .insert(riskHits)
    .values({ merchantId: pass.merchantId, rule: hit.rule, subject: hit.subject, at: hit.at })
    .onConflictDoNothing()
    .returning({ at: riskHits.at });
  if (!fresh) return false;
  await raiseAlert(pass.tx, {
    merchantId: pass.merchantId,
    kind: hit.rule,
    entityType: hit.entityType,
    entityId: hit.entityId,
    details: hit.details,
  });
  return true;
}

/**
 * 1. Orders paid in the pass above their store's high percentile × factor, the percentile taken
 * from the amount roll-up (successful payments by exact amount and local day) over the days
 * before the pass's day, so a run of large orders today does not raise its own bar.
 */
async function unusualAmounts(pass: Pass): Promise<Hit[]> {
  const { tx, merchantId, from, until, timeZone } = pass;
  const params = pass.settings.unusual_amount.params;
  const paid = await tx
    .select({
      id: orders.id,
      number: orders.number,
      storeId: orders.storeId,
      storeName: stores.name,
      currency: orders.currency,
      amountMinor: orders.amountMinor,
      paidAt: sql<Date>`${orders.paidAt}`.mapWith(orders.paidAt),
    })
    .from(orders)
    .innerJoin(stores, eq(stores.id, orders.storeId))
    .where(
      and(eq(orders.merchantId, merchantId), gt(orders.paidAt, from), lte(orders.paidAt, until)),
    );
  if (paid.length === 0) return [];
  const today = localDate(from, timeZone);
  const buckets = await tx
    .select({
      storeId: paymentAmountRollups.storeId,
      currency: paymentAmountRollups.currency,
      amountMinor: paymentAmountRollups.amountMinor,
      payments: sql<number>`sum(${paymentAmountRollups.payments})::int`,
    })
    .from(paymentAmountRollups)
    .where(
      and(
        eq(paymentAmountRollups.merchantId, merchantId),
        inArray(paymentAmountRollups.currency, [...new Set(paid.map((o) => o.currency))]),
        sql`${paymentAmountRollups.day} >= ${addDays(today, -params.lookbackDays)}::date`,
        sql`${paymentAmountRollups.day} < ${today}::date`,
        inArray(paymentAmountRollups.storeId, [...new Set(paid.map((o) => o.storeId))]),
      ),
    )
    .groupBy(
      paymentAmountRollups.storeId,
      paymentAmountRollups.currency,
      paymentAmountRollups.amountMinor,
    );
  const hits: Hit[] = [];
  for (const order of paid) {
    const baseline = percentileOfCounts(
      buckets
        .filter((b) => b.storeId === order.storeId && b.currency === order.currency)
        .map((b) => ({ amountMinor: b.amountMinor, payments: Number(b.payments) })),
      params.percentile,
    );
    const threshold = unusualAmountThreshold(baseline, params);
    if (threshold === null || !isUnusualAmount(order.amountMinor, threshold)) continue;
    hits.push({
      rule: "unusual_amount",
      subject: order.id,
      at: order.paidAt,
      entityType: "order",
      entityId: order.id,
      details: {
        orderId: order.id,
        orderNumber: order.number,
        storeId: order.storeId,
        storeName: order.storeName,
        currency: order.currency,
        amountMinor: order.amountMinor.toString(),
        thresholdMinor: threshold.toString(),
        percentileRank: params.percentile,
        percentileMinor: baseline.percentileMinor,
        factor: params.factor,
        baselineOrders: baseline.orders,
        lookbackDays: params.lookbackDays,
        minSample: params.minSample,
      },
    });
  }
  return hits;
}

/** 2. Payment requests for orders of one customer contact, many within minutes. */
async function velocity(pass: Pass): Promise<Hit[]> {
  const { tx, merchantId, from, until } = pass;
  const params = pass.settings.payment_velocity.params;
  const windowStart = new Date(from.getTime() - params.windowMinutes * 60_000);
  const contact = sql<string>`lower(btrim(${orders.customerContact}))`;
  const events = await tx
    .select({ subject: contact, at: paymentAttempts.createdAt })
    .from(paymentAttempts)
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .where(
      and(
        eq(paymentAttempts.merchantId, merchantId),
        gt(paymentAttempts.createdAt, windowStart),
        lte(paymentAttempts.createdAt, until),
        sql`btrim(coalesce(${orders.customerContact}, '')) <> ''`,
      ),
    );
  if (events.length < params.attempts) return [];
  const previous = await tx
    .select({ subject: riskHits.subject, at: riskHits.at })
    .from(riskHits)
    .where(
      and(
        eq(riskHits.merchantId, merchantId),
        eq(riskHits.rule, "payment_velocity"),
        gt(riskHits.at, windowStart),
      ),
    );
  return velocityBursts(events, previous, from, params).map((burst) => ({
    rule: "payment_velocity",
    subject: burst.subject,
    at: burst.at,
    entityType: "customer_contact",
    entityId: burst.subject,
    details: {
      contact: burst.subject,
      attempts: burst.attempts,
      threshold: params.attempts,
      windowMinutes: params.windowMinutes,
      windowStart: burst.windowStart.toISOString(),
      windowEnd: burst.at.toISOString(),
    },
  }));
}

/** 3. Orders with a failure in the pass that have now failed the set number of times. */
async function repeatedFailures(pass: Pass): Promise<Hit[]> {
  const { tx, merchantId, from, until } = pass;
  const params = pass.settings.repeated_order_failures.params;
  const failedNow = tx
    .selectDistinct({ orderId: paymentFailures.orderId })
    .from(paymentFailures)
    .where(
      and(
        eq(paymentFailures.merchantId, merchantId),
        gt(paymentFailures.occurredAt, from),
        lte(paymentFailures.occurredAt, until),
        eq(paymentFailures.kind, "failed"),
      ),
    );
  const rows = await tx
    .select({
      orderId: orders.id,
      number: orders.number,
      createdAt: orders.createdAt,
      failures: sql<number>`count(*)::int`,
      lastAt: sql<Date>`max(${paymentFailures.occurredAt})`.mapWith(paymentFailures.occurredAt),
    })
    .from(paymentFailures)
    .innerJoin(orders, eq(orders.id, paymentFailures.orderId))
    .where(
      and(
        eq(paymentFailures.merchantId, merchantId),
        eq(paymentFailures.kind, "failed"),
        lte(paymentFailures.occurredAt, until),
        inArray(paymentFailures.orderId, failedNow),
      ),
    )
    .groupBy(orders.id, orders.number, orders.createdAt);
  return rows
    .filter((r) => isRepeatedFailure(Number(r.failures), params))
    .map((r) => ({
      rule: "repeated_order_failures",
      subject: r.orderId,
      at: r.createdAt,
      entityType: "order",
      entityId: r.orderId,
      details: {
        orderId: r.orderId,
        orderNumber: r.number,
        failures: Number(r.failures),
        threshold: params.failures,
        lastFailureAt: r.lastAt.toISOString(),
      },
    }));
}

/** A cashier's count of one act on one local day in one store, after this pass's rows were added. */
interface StaffDay {
  storeId: string;
  userId: string;
  day: string;
  kind: StaffAct;
  count: number;
}

/**
 * Adds the pass's staff acts to the roll-up (whether or not the rule is on, so turning it on
 * finds the store's usual ready). The acts are read from the audit log by its (merchant,
 * created_at) index; each is placed in the store of its order (a voucher's through its order).
 */
async function rollUpStaffActs(pass: Pass): Promise<StaffDay[]> {
  const { tx, merchantId, from, until, timeZone } = pass;
  const kind = sql<StaffAct>`case ${auditLog.action} ${sql.join(
    Object.entries(staffActs).map(([k, action]) => sql`when ${action} then ${k}`),
    sql` `,
  )} end`;
  const day = sql<string>`to_char(${auditLog.createdAt} at time zone ${timeZone}, 'YYYY-MM-DD')`;
  const orderId = sql`case when ${auditLog.entityType} = 'order' then ${auditLog.entityId}::uuid else ${vouchers.orderId} end`;
  const acts = await tx
    .select({
      storeId: orders.storeId,
      userId: sql<string>`${auditLog.actorUserId}`,
      day,
      kind,
      count: sql<number>`count(*)::int`,
    })
    .from(auditLog)
    .leftJoin(
      vouchers,
      and(eq(auditLog.entityType, "voucher"), sql`${vouchers.id} = ${auditLog.entityId}::uuid`),
    )
    .innerJoin(orders, sql`${orders.id} = ${orderId}`)
    .where(
      and(
        eq(auditLog.merchantId, merchantId),
        gt(auditLog.createdAt, from),
        lte(auditLog.createdAt, until),
        sql`${auditLog.actorUserId} is not null`,
        sql`(${auditLog.action} in ('voucher.reverse', 'voucher.void', 'refund.request', 'order.cancel')
          or (${auditLog.action} = 'attempt.create' and ${auditLog.after}->>'kind' = 'cash'))`,
        eq(orders.merchantId, merchantId),
      ),
    )
    // By position: the day and kind expressions carry parameters, which would not match again.
    .groupBy(sql`1, 2, 3, 4`);
  if (acts.length === 0) return [];
  const rows = await tx
    .insert(riskStaffDays)
    .values(acts.map((a) => ({ merchantId, ...a, count: Number(a.count) })))
    .onConflictDoUpdate({
      target: [
        riskStaffDays.merchantId,
        riskStaffDays.storeId,
        riskStaffDays.kind,
        riskStaffDays.day,
        riskStaffDays.userId,
      ],
      set: { count: sql`${riskStaffDays.count} + excluded.count` },
    })
    .returning({
      storeId: riskStaffDays.storeId,
      userId: riskStaffDays.userId,
      day: riskStaffDays.day,
      kind: riskStaffDays.kind,
      count: riskStaffDays.count,
    });
  return rows.map((r) => ({ ...r, kind: r.kind as StaffAct }));
}

/** 4a. Cashier-days of the pass far above their store's usual for the act, by the roll-up. */
async function staffActivity(pass: Pass, days: StaffDay[]): Promise<Hit[]> {
  const { tx, merchantId, timeZone } = pass;
  const params = pass.settings.staff_unusual_activity.params;
  const hits: Hit[] = [];
  const usual = new Map<string, { median: number; cashierDays: number }>();
  for (const d of days) {
    const key = `${d.storeId}|${d.kind}|${d.day}`;
    let baseline = usual.get(key);
    if (!baseline) {
      const counts = await tx
        .select({ count: riskStaffDays.count })
        .from(riskStaffDays)
        .where(
          and(
            eq(riskStaffDays.merchantId, merchantId),
            eq(riskStaffDays.storeId, d.storeId),
            eq(riskStaffDays.kind, d.kind),
            sql`${riskStaffDays.day} >= ${addDays(d.day, -params.baselineDays)}::date`,
            sql`${riskStaffDays.day} < ${d.day}::date`,
          ),
        );
      baseline = { median: median(counts.map((c) => c.count)), cashierDays: counts.length };
      usual.set(key, baseline);
    }
    const threshold = staffThreshold(baseline, params);
    if (threshold === null || d.count < threshold) continue;
    const names = await namesOf(tx, d.storeId, d.userId);
    hits.push({
      rule: "staff_unusual_activity",
      subject: `${d.kind}:${d.userId}:${d.storeId}`,
      at: localDayStart(d.day, timeZone),
      entityType: "user",
      entityId: d.userId,
      details: {
        act: d.kind,
        userId: d.userId,
        userName: names.userName,
        storeId: d.storeId,
        storeName: names.storeName,
        day: d.day,
        count: d.count,
        storeMedian: baseline.median,
        cashierDays: baseline.cashierDays,
        factor: params.factor,
        minimum: params.minimum,
        threshold,
        baselineDays: params.baselineDays,
      },
    });
  }
  return hits;
}

async function namesOf(tx: Tx, storeId: string, userId: string) {
  const [row] = await tx
    .select({ storeName: stores.name, userName: users.name })
    .from(stores)
    .innerJoin(users, eq(users.id, userId))
    .where(eq(stores.id, storeId));
  return { storeName: row?.storeName ?? null, userName: row?.userName ?? null };
}

/**
 * 4b. Cashiers who redeemed vouchers while their store was closed (by the hours the store
 * gave), counted over the whole local day once the pass saw one.
 */
async function offHoursRedemptions(pass: Pass): Promise<Hit[]> {
  const { tx, merchantId, from, until, timeZone } = pass;
  const params = pass.settings.redemption_outside_hours.params;
  const columns = {
    at: voucherRedemptions.redeemedAt,
    userId: voucherRedemptions.staffUserId,
    storeId: voucherRedemptions.storeId,
    storeName: stores.name,
    hours: stores.openingHours,
  };
  const inPass = await tx
    .select(columns)
    .from(voucherRedemptions)
    .innerJoin(stores, eq(stores.id, voucherRedemptions.storeId))
    .where(
      and(
        eq(voucherRedemptions.merchantId, merchantId),
        gt(voucherRedemptions.redeemedAt, from),
        lte(voucherRedemptions.redeemedAt, until),
        sql`${stores.openingHours} is not null`,
      ),
    );
  const seen = new Map<string, (typeof inPass)[number] & { userId: string; day: string }>();
  for (const r of inPass) {
    // A redemption whose cashier was since removed has no one to raise it about.
    if (!r.userId || !outsideOpeningHours(r.at, r.hours, timeZone)) continue;
    const day = localDate(r.at, timeZone);
    seen.set(`${r.userId}|${r.storeId}|${day}`, { ...r, userId: r.userId, day });
  }
  const hits: Hit[] = [];
  for (const r of seen.values()) {
    const dayStart = localDayStart(r.day, timeZone);
    const dayEnd = localDayStart(addDays(r.day, 1), timeZone);
    const wholeDay = await tx
      .select({ at: voucherRedemptions.redeemedAt })
      .from(voucherRedemptions)
      .where(
        and(
          eq(voucherRedemptions.merchantId, merchantId),
          eq(voucherRedemptions.staffUserId, r.userId),
          eq(voucherRedemptions.storeId, r.storeId),
          sql`${voucherRedemptions.redeemedAt} >= ${ts(dayStart)}`,
          sql`${voucherRedemptions.redeemedAt} < ${ts(dayEnd)}`,
          lte(voucherRedemptions.redeemedAt, until),
        ),
      );
    const outside = wholeDay.filter((w) => outsideOpeningHours(w.at, r.hours, timeZone));
    if (outside.length < params.minimum) continue;
    const names = await namesOf(tx, r.storeId, r.userId);
    hits.push({
      rule: "redemption_outside_hours",
      subject: `${r.userId}:${r.storeId}`,
      at: dayStart,
      entityType: "user",
      entityId: r.userId,
      details: {
        userId: r.userId,
        userName: names.userName,
        storeId: r.storeId,
        storeName: r.storeName,
        day: r.day,
        redemptions: outside.length,
        threshold: params.minimum,
        times: outside.map((w) => w.at.toISOString()).sort(),
        openingHours: r.hours,
      },
    });
  }
  return hits;
}

/**
 * 5. Notifications refused for a bad signature: counted in one row per method and hour
 * (migration 0019), so the rows of the hours the pass touches are read again as they grow.
 */
async function signatureBursts(pass: Pass): Promise<Hit[]> {
  const { tx, merchantId, from, until } = pass;
  const params = pass.settings.signature_burst.params;
  const rows = await tx
    .select({
      methodId: paymentFailures.methodId,
      methodLabel: paymentMethods.label,
      methodKind: paymentFailures.methodKind,
      hour: paymentFailures.occurredAt,
      rejected: paymentFailures.occurrences,
    })
    .from(paymentFailures)
    .leftJoin(paymentMethods, eq(paymentMethods.id, paymentFailures.methodId))
    .where(
      and(
        eq(paymentFailures.merchantId, merchantId),
        gt(paymentFailures.occurredAt, new Date(from.getTime() - hourMs)),
        lte(paymentFailures.occurredAt, until),
        eq(paymentFailures.kind, "notification_rejected"),
      ),
    );
  return rows
    .filter((r) => isSignatureBurst(r.rejected, params))
    .map((r) => ({
      rule: "signature_burst",
      subject: r.methodId ?? r.methodKind,
      at: r.hour,
      entityType: "payment_method",
      entityId: r.methodId,
      details: {
        methodId: r.methodId,
        methodLabel: r.methodLabel,
        methodKind: r.methodKind,
        hourStart: r.hour.toISOString(),
        rejected: r.rejected,
        threshold: params.perHour,
      },
    }));
}

/**
 * 6. Shifts closed in the pass whose drawer was counted over or short by more than the rule's
 * amount (server/shifts keeps each close's expected cash, count and difference).
 */
async function cashDifferences(pass: Pass): Promise<Hit[]> {
  const { tx, merchantId, from, until } = pass;
  const params = pass.settings.cash_difference.params;
  const rows = await tx
    .select({
      shiftId: cashShifts.id,
      userId: cashShifts.cashierId,
      userName: users.name,
      storeId: cashShifts.storeId,
      storeName: stores.name,
      currency: cashShifts.currency,
      closedAt: cashShifts.closedAt,
      expectedMinor: cashShifts.expectedMinor,
      countedMinor: cashShifts.countedMinor,
      differenceMinor: cashShifts.differenceMinor,
    })
    .from(cashShifts)
    .innerJoin(stores, eq(stores.id, cashShifts.storeId))
    .innerJoin(users, eq(users.id, cashShifts.cashierId))
    .where(
      and(
        eq(cashShifts.merchantId, merchantId),
        gt(cashShifts.closedAt, from),
        lte(cashShifts.closedAt, until),
      ),
    );
  const hits: Hit[] = [];
  for (const r of rows) {
    const threshold = cashDifferenceThreshold(params, r.currency);
    if (
      !r.closedAt ||
      r.differenceMinor === null ||
      !isCashDifference(r.differenceMinor, threshold)
    )
      continue;
    hits.push({
      rule: "cash_difference",
      subject: r.shiftId,
      at: r.closedAt,
      entityType: "user",
      entityId: r.userId,
      details: {
        shiftId: r.shiftId,
        userId: r.userId,
        userName: r.userName,
        storeId: r.storeId,
        storeName: r.storeName,
        closedAt: r.closedAt.toISOString(),
        currency: r.currency,
        expectedMinor: String(r.expectedMinor),
        countedMinor: String(r.countedMinor),
        differenceMinor: r.differenceMinor.toString(),
        thresholdMinor: threshold.toString(),
      },
    });
  }
  return hits;
}

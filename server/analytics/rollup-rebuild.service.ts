import { and, asc, isNotNull, sql, type SQL } from "drizzle-orm";
import {
  merchants,
  paymentAmountMonthlyRollups,
  paymentAmountRollups,
  paymentAttempts,
  paymentDailyRollups,
  paymentFailureRollups,
  paymentFailures,
  paymentRecoveryRollups,
  paymentRollups,
  refunds,
} from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { rebuildCustomerRollups } from "@/server/customers/customer-rollups.service";
import { rebucketSatisfaction } from "@/server/feedback/satisfaction.service";
import { localDay, localHour } from "./rollup.service";

/**
 * Recomputes a merchant's roll-ups (every merchant's when null) from the attempts, and the
 * all-time customer roll-ups from the customers' rows, in one transaction: for imported
 * history (the demo seed writes rows directly), or to check the maintained figures.
 */
export async function rebuildRollups(db: DbOrTx, merchantId: string | null) {
  await db.transaction(async (tx) => {
    await holdShops(tx, merchantId, false);
    await rebuildBucketedRollups(tx, merchantId);
    await rebuildCustomerRollups(tx, merchantId);
  });
}

/**
 * The background job's part: rebuilds the roll-ups of every shop whose zone changed
 * (merchants.rollups_stale_since), one shop per transaction, and says how many it rebuilt.
 * Settings only marks them (updateMerchantSettings): at a million payments the rebuild is
 * seconds of a database's time, which a settings form should not wait for. A rebuild that
 * fails or whose process dies leaves nothing behind (one transaction) and the mark: the next
 * run starts again.
 */
export async function rebuildStaleRollups(db: Db): Promise<number> {
  const stale = await db
    .select({ id: merchants.id })
    .from(merchants)
    .where(isNotNull(merchants.rollupsStaleSince))
    .orderBy(asc(merchants.rollupsStaleSince));
  let rebuilt = 0;
  for (const { id } of stale) {
    const done = await db.transaction(async (tx) => {
      // Another instance's run may have rebuilt it while this one waited for the row.
      if (!(await holdShops(tx, id, true))) return false;
      await rebuildBucketedRollups(tx, id);
      return true;
    });
    if (done) rebuilt++;
  }
  return rebuilt;
}

/**
 * Locks the shops' rows FOR UPDATE (every shop's when `merchantId` is null; only a stale one's
 * when `staleOnly`) and clears their stale mark, for a rebuild in this transaction. Every
 * transaction adding to the roll-ups first takes its shop's row FOR KEY SHARE (rollup-write.ts,
 * zoneGuardCtes): so the rebuild starts once those already adding have committed (it counts
 * them from their rows) and those that come later add after it has committed (to what it
 * counted without them), none bucketed in a zone the shop no longer has: any such is marked
 * stale again. Nothing else is locked before: a rebuild waits, it does not deadlock. True when
 * there was a shop to rebuild.
 */
async function holdShops(tx: DbOrTx, merchantId: string | null, staleOnly: boolean) {
  const held = await tx
    .select({ id: merchants.id })
    .from(merchants)
    .where(
      and(
        merchantId ? sql`${merchants.id} = ${merchantId}` : undefined,
        staleOnly ? isNotNull(merchants.rollupsStaleSince) : undefined,
      ),
    )
    .orderBy(asc(merchants.id))
    .for("update");
  if (held.length === 0) return false;
  await tx
    .update(merchants)
    .set({ rollupsStaleSince: null })
    .where(
      and(
        merchantId ? sql`${merchants.id} = ${merchantId}` : undefined,
        isNotNull(merchants.rollupsStaleSince),
      ),
    );
  return true;
}

/**
 * The roll-ups bucketed by the shop's local day and hour, recomputed from the attempts, the
 * refunds and the failure records in the caller's transaction, and the satisfaction answers
 * moved to their days in the shop's zone (rebucketSatisfaction). Says in SQL what rollup.logic.ts
 * outcomeCounters and refundCounters say in TypeScript.
 */
async function rebuildBucketedRollups(tx: DbOrTx, merchantId: string | null) {
  const only = (column: SQL) => (merchantId ? sql`${column} = ${merchantId}` : sql`true`);
  await tx.execute(sql`delete from ${paymentRollups} where ${only(sql`merchant_id`)}`);
  await tx.execute(sql`delete from ${paymentDailyRollups} where ${only(sql`merchant_id`)}`);
  await tx.execute(sql`delete from ${paymentFailureRollups} where ${only(sql`merchant_id`)}`);
  await tx.execute(sql`delete from ${paymentAmountRollups} where ${only(sql`merchant_id`)}`);
  await tx.execute(sql`delete from ${paymentAmountMonthlyRollups} where ${only(sql`merchant_id`)}`);
  await tx.execute(sql`delete from ${paymentRecoveryRollups} where ${only(sql`merchant_id`)}`);
  const source = sql`(
    select a.merchant_id, o.store_id, a.method_id, a.currency, a.status, a.is_duplicate,
      a.amount_minor, a.discount_minor, coalesce(a.fee_minor, 0) as fee,
      coalesce(a.failure_reason, 'unknown') as reason,
      a.status in ('failed', 'expired') as failed,
      ${localDay(sql`a.created_at`, sql`m.time_zone`)} as day,
      ${localHour(sql`a.created_at`, sql`m.time_zone`)} as hour,
      row_number() over (partition by a.order_id order by a.created_at, a.id) = 1 as first_of_order,
      row_number() over (partition by a.order_id, a.method_id order by a.created_at, a.id) = 1 as first_of_method
    from ${paymentAttempts} a
    join orders o on o.id = a.order_id
    join merchants m on m.id = a.merchant_id
    where ${only(sql`a.merchant_id`)}) s`;
  await tx.execute(sql`
    insert into ${paymentRollups} (merchant_id, store_id, method_id, currency, day, hour,
      orders_offered, method_orders_offered, attempts, successes, duplicates, paid_orders,
      failures, risk_declines, gross_minor, fee_minor, discount_minor)
    select merchant_id, store_id, method_id, currency, day, hour,
      count(*) filter (where first_of_order), count(*) filter (where first_of_method), count(*),
      count(*) filter (where status = 'succeeded'),
      count(*) filter (where status = 'succeeded' and is_duplicate),
      count(*) filter (where status = 'succeeded' and not is_duplicate),
      count(*) filter (where failed),
      count(*) filter (where failed and reason = 'risk_declined'),
      coalesce(sum(amount_minor) filter (where status = 'succeeded' and not is_duplicate), 0),
      coalesce(sum(fee) filter (where status = 'succeeded'), 0),
      coalesce(sum(discount_minor) filter (where status = 'succeeded' and not is_duplicate), 0)
    from ${source}
    group by merchant_id, store_id, method_id, currency, day, hour`);
  // Succeeded refunds, on the hour of the payment they refund (see bumpRefundRollups;
  // a duplicate's gives back its fee only, see refundCounters):
  // that attempt's row exists, inserted just above.
  await tx.execute(sql`
    update ${paymentRollups} r set refund_minor = s.refund_minor, refunds = s.refunds,
      refund_fee_minor = s.refund_fee_minor
    from (
      select a.merchant_id, o.store_id, a.method_id, a.currency,
        ${localDay(sql`a.created_at`, sql`m.time_zone`)} as day,
        ${localHour(sql`a.created_at`, sql`m.time_zone`)} as hour,
        coalesce(sum(f.amount_minor) filter (where not a.is_duplicate), 0) as refund_minor,
        count(*) filter (where not a.is_duplicate) as refunds,
        sum(coalesce(f.fee_refunded_minor, 0)) as refund_fee_minor
      from ${refunds} f
      join ${paymentAttempts} a on a.id = f.attempt_id
      join orders o on o.id = a.order_id
      join merchants m on m.id = a.merchant_id
      where f.status = 'succeeded' and ${only(sql`f.merchant_id`)}
      group by 1, 2, 3, 4, 5, 6) s
    where r.merchant_id = s.merchant_id and r.store_id = s.store_id
      and r.method_id = s.method_id and r.currency = s.currency and r.day = s.day
      and r.hour = s.hour`);
  // The days are the hours summed: the same figures by construction.
  await tx.execute(sql`
    insert into ${paymentDailyRollups} (merchant_id, store_id, method_id, currency, day,
      orders_offered, method_orders_offered, attempts, successes, duplicates, paid_orders,
      failures, risk_declines, gross_minor, fee_minor, refund_minor, refunds, refund_fee_minor,
      discount_minor)
    select merchant_id, store_id, method_id, currency, day,
      sum(orders_offered), sum(method_orders_offered), sum(attempts), sum(successes),
      sum(duplicates), sum(paid_orders), sum(failures), sum(risk_declines),
      sum(gross_minor), sum(fee_minor), sum(refund_minor), sum(refunds), sum(refund_fee_minor),
      sum(discount_minor)
    from ${paymentRollups} where ${only(sql`merchant_id`)}
    group by merchant_id, store_id, method_id, currency, day`);
  await tx.execute(sql`
    insert into ${paymentFailureRollups} (merchant_id, store_id, method_id, currency, day, reason, failures)
    select merchant_id, store_id, method_id, currency, day, reason, count(*)
    from ${source} where failed
    group by merchant_id, store_id, method_id, currency, day, reason`);
  await tx.execute(sql`
    insert into ${paymentAmountRollups} (merchant_id, store_id, method_id, currency, day, amount_minor, payments, fee_minor)
    select merchant_id, store_id, method_id, currency, day, amount_minor, count(*), sum(fee)
    from ${source} where status = 'succeeded' and not is_duplicate
    group by merchant_id, store_id, method_id, currency, day, amount_minor`);
  // The months are the days summed, as the days are the hours.
  await tx.execute(sql`
    insert into ${paymentAmountMonthlyRollups} (merchant_id, store_id, method_id, currency, month, amount_minor, payments, fee_minor)
    select merchant_id, store_id, method_id, currency, date_trunc('month', day::timestamp)::date,
      amount_minor, sum(payments), sum(fee_minor)
    from ${paymentAmountRollups} where ${only(sql`merchant_id`)}
    group by 1, 2, 3, 4, 5, 6`);
  // Each failed order on the day of its first failure, overall and per method kind, recovered
  // when any of its failure records is (what bumpRecoveryOnFailure and …OnPayment keep). One
  // pass over the failures, grouped per order and per order and kind at once; the order's
  // recovery is a window over both (bool_or and max read the same whichever rows they span).
  // No join between aggregates, whose row counts the planner cannot know: it once chose a
  // nested loop of ~50k × ~50k for them (the failures of a just-seeded history unanalyzed).
  await tx.execute(sql`
    with s as (
      select f.order_id,
        case when grouping(f.method_kind) = 1 then 'any' else f.method_kind::text end as scope,
        min(f.occurred_at) as first_at,
        bool_or(bool_or(f.recovered_at is not null)) over per_order as recovered,
        max(max(f.recovered_amount_minor)) over per_order as minor
      from ${paymentFailures} f
      where f.kind in ('failed', 'expired') and ${only(sql`f.merchant_id`)}
      group by grouping sets ((f.order_id), (f.order_id, f.method_kind))
      window per_order as (partition by f.order_id))
    insert into ${paymentRecoveryRollups} (merchant_id, store_id, method_scope, currency, day,
      failed_orders, recovered_orders, recovered_minor)
    select o.merchant_id, o.store_id, s.scope, o.currency,
      ${localDay(sql`s.first_at`, sql`m.time_zone`)},
      count(*), count(*) filter (where s.recovered),
      coalesce(sum(s.minor) filter (where s.recovered), 0)
    from s
    join orders o on o.id = s.order_id
    join merchants m on m.id = o.merchant_id
    group by 1, 2, 3, 4, 5`);
  await rebucketSatisfaction(tx, merchantId);
}

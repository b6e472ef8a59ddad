import { sql, type SQL } from "drizzle-orm";
import {
  paymentAmountMonthlyRollups,
  paymentAmountRollups,
  paymentAttempts,
  paymentDailyRollups,
  paymentFailureRollups,
  paymentFailures,
  paymentRecoveryRollups,
  paymentRollups,
} from "@/db/schema";
import { addToRollup } from "./rollup-write";
import type { DbOrTx, Tx } from "@/db/types";
import { sqlStatementTemplate } from "@/db/statement-template";
import { outcomeDelta, refundCounters, type AttemptOutcome } from "./rollup.logic";
import { monthOf } from "./month-span.logic";

/** The merchant-local date and hour of a timestamp column, the one bucketing rule of every roll-up. */
export const localDay = (ts: SQL, zone: SQL) => sql`(${ts} at time zone ${zone})::date`;
export const localHour = (ts: SQL, zone: SQL) =>
  sql`extract(hour from ${ts} at time zone ${zone})::smallint`;

/** The attempt's figures the roll-ups read, and the rows (day and hour of its request) they live on. */
interface AttemptRow {
  merchant_id: string;
  store_id: string;
  method_id: string;
  currency: string;
  day: string;
  hour: number;
  /** The shop's zone the day and hour are in. */
  zone: string;
  status: AttemptOutcome["status"];
  failure_reason: string | null;
  is_duplicate: boolean;
  amount_minor: string;
  discount_minor: string;
  fee_minor: string | null;
  first_of_order: boolean;
  first_of_method: boolean;
}

// Read on every attempt's outcome: a template (db/statement-template.ts).
const attemptRowOf = sqlStatementTemplate<{ attemptId: string }, AttemptRow>(
  (v) => sql`
    select a.merchant_id, o.store_id, a.method_id, a.currency,
      ${localDay(sql`a.created_at`, sql`m.time_zone`)}::text as day,
      ${localHour(sql`a.created_at`, sql`m.time_zone`)} as hour, m.time_zone as zone,
      a.status, a.failure_reason, a.is_duplicate, a.amount_minor::text, a.discount_minor::text, a.fee_minor::text,
      not exists (select 1 from payment_attempts p where p.order_id = a.order_id
        and (p.created_at, p.id) < (a.created_at, a.id)) as first_of_order,
      not exists (select 1 from payment_attempts p where p.order_id = a.order_id
        and p.method_id = a.method_id and (p.created_at, p.id) < (a.created_at, a.id)) as first_of_method
    from payment_attempts a
    join orders o on o.id = a.order_id
    join merchants m on m.id = a.merchant_id
    where a.id = ${v.attemptId}::uuid`,
);

const keyOf = (row: AttemptRow) => ({
  merchantId: row.merchant_id,
  storeId: row.store_id,
  methodId: row.method_id,
  currency: row.currency,
  day: row.day,
});

/** The counters of the hour and day rows, each optional: a bump adds only what it moves. */
type Counters = Partial<
  Pick<
    typeof paymentRollups.$inferInsert,
    | "ordersOffered"
    | "methodOrdersOffered"
    | "attempts"
    | "successes"
    | "duplicates"
    | "paidOrders"
    | "failures"
    | "riskDeclines"
    | "grossMinor"
    | "feeMinor"
    | "refundMinor"
    | "refunds"
    | "refundFeeMinor"
    | "discountMinor"
  >
>;

const rowKey = (table: string, key: ReturnType<typeof keyOf>, ...rest: unknown[]) =>
  [table, key.merchantId, key.currency, key.day, key.storeId, key.methodId, ...rest].join("|");

/**
 * The one write of the hour and day rows, for payments and refunds alike: adds `counts` to
 * the attempt's hour and day (nothing when every count is zero).
 */
async function addToRows(tx: Tx, row: AttemptRow, counts: Counters) {
  if (!Object.values(counts).some((v) => v !== 0 && v !== 0n)) return;
  const key = keyOf(row);
  await addToRollup(
    tx,
    paymentRollups,
    rowKey("hour", key, row.hour),
    { ...key, hour: Number(row.hour) },
    counts,
    row.zone,
  );
  await addToRollup(tx, paymentDailyRollups, rowKey("day", key), key, counts, row.zone);
}

/**
 * Moves the roll-ups by what one attempt's transition changed, in the caller's transaction.
 * `before` is the attempt's outcome before the transition, null when it was just created.
 * Every write is `counter = counter + excluded.counter`: additions commute, so concurrent
 * transitions on the same hour never lose a count, whatever order they commit in.
 * The writes wait for the end of the transaction (writeAtCommit), taken in one order there, so
 * two transitions touching the same two hours (an expiry and a new request) cannot deadlock.
 */
export async function bumpRollups(tx: Tx, attemptId: string, before: AttemptOutcome | null) {
  const [row] = await attemptRowOf(tx, { attemptId });
  if (row) await bumpRow(tx, row, before);
}

/**
 * Where an attempt's figures land (its order's store, the merchant-local day and hour of its
 * request), as columns a statement on payment_attempts returns: a transition's UPDATE returns
 * them, so moving its roll-ups reads nothing more (bumpTransitionRollups).
 */
export const attemptRollupPlace = {
  rollupStoreId: sql<string>`(select o.store_id from orders o where o.id = ${paymentAttempts.orderId})`,
  rollupDay: sql<string>`(select ${localDay(sql`${paymentAttempts.createdAt}`, sql`m.time_zone`)}::text
    from merchants m where m.id = ${paymentAttempts.merchantId})`,
  rollupHour: sql<number>`(select ${localHour(sql`${paymentAttempts.createdAt}`, sql`m.time_zone`)}
    from merchants m where m.id = ${paymentAttempts.merchantId})`,
  rollupZone: sql<string>`(select m.time_zone from merchants m where m.id = ${paymentAttempts.merchantId})`,
};

/** bumpRollups for a transition (never a creation) whose UPDATE returned attemptRollupPlace. */
export async function bumpTransitionRollups(
  tx: Tx,
  after: typeof paymentAttempts.$inferSelect & {
    rollupStoreId: string;
    rollupDay: string;
    rollupHour: number;
    rollupZone: string;
  },
  before: AttemptOutcome,
) {
  await bumpRow(
    tx,
    {
      merchant_id: after.merchantId,
      store_id: after.rollupStoreId,
      method_id: after.methodId,
      currency: after.currency,
      day: after.rollupDay,
      hour: Number(after.rollupHour),
      zone: after.rollupZone,
      status: after.status,
      failure_reason: after.failureReason,
      is_duplicate: after.isDuplicate,
      amount_minor: after.amountMinor.toString(),
      discount_minor: after.discountMinor.toString(),
      fee_minor: after.feeMinor === null ? null : after.feeMinor.toString(),
      // Only a creation counts these.
      first_of_order: false,
      first_of_method: false,
    },
    before,
  );
}

/** The counts of one attempt's move, `before` null when it was just created. */
async function bumpRow(tx: Tx, row: AttemptRow, before: AttemptOutcome | null) {
  const created = before === null;
  const delta = outcomeDelta(before, {
    status: row.status,
    failureReason: row.failure_reason,
    isDuplicate: row.is_duplicate,
    amountMinor: BigInt(row.amount_minor),
    feeMinor: row.fee_minor === null ? null : BigInt(row.fee_minor),
    discountMinor: BigInt(row.discount_minor),
  });
  await addToRows(tx, row, {
    ordersOffered: created && row.first_of_order ? 1 : 0,
    methodOrdersOffered: created && row.first_of_method ? 1 : 0,
    attempts: created ? 1 : 0,
    successes: delta.successes,
    duplicates: delta.duplicates,
    paidOrders: delta.paidOrders,
    failures: delta.failures,
    riskDeclines: delta.riskDeclines,
    grossMinor: delta.grossMinor,
    feeMinor: delta.feeMinor,
    discountMinor: delta.discountMinor,
  });
  const key = keyOf(row);
  for (const { reason, change } of delta.reasons) {
    await addToRollup(
      tx,
      paymentFailureRollups,
      rowKey("failure", key, reason),
      { ...key, reason },
      {
        failures: change,
      },
      row.zone,
    );
  }
  for (const { amountMinor, feeMinor, change } of delta.payments) {
    const counts = { payments: change, feeMinor: feeMinor * BigInt(change) };
    await addToRollup(
      tx,
      paymentAmountRollups,
      rowKey("amount", key, amountMinor),
      { ...key, amountMinor },
      counts,
      row.zone,
    );
    const { day, ...place } = key;
    const month = monthOf(day);
    await addToRollup(
      tx,
      paymentAmountMonthlyRollups,
      rowKey("amount-month", { ...place, day: month }, amountMinor),
      { ...place, month, amountMinor },
      counts,
      row.zone,
    );
  }
}

/**
 * Counts a refund that just succeeded, in the caller's transaction, on the roll-up rows of
 * the payment it refunds (the hour its request was made, like every figure of that payment),
 * so refund rates compare refunds with the takings they came from and a rebuild finds them
 * from the attempt. What it counts is rollup.logic.ts refundCounters.
 */
export async function bumpRefundRollups(
  tx: Tx,
  refund: { attemptId: string; amountMinor: bigint; feeRefundedMinor: bigint | null },
) {
  const [row] = await attemptRowOf(tx, { attemptId: refund.attemptId });
  if (!row) return;
  await addToRows(tx, row, refundCounters(row.is_duplicate, refund));
}

/** The recovery roll-up's row of one order's scope ("any", or a method kind). */
interface RecoveryRow {
  merchant_id: string;
  store_id: string;
  currency: string;
  scope: string;
  day: string;
  /** The shop's zone the day is in. */
  zone: string;
}

/** Adds to recovery roll-up rows, commutatively (see bumpRollups). */
async function addToRecoveryRows(
  tx: Tx,
  rows: RecoveryRow[],
  counts: { failedOrders: number; recoveredOrders: number; recoveredMinor: bigint },
) {
  for (const row of rows) {
    const key = ["recovery", row.merchant_id, row.currency, row.day, row.store_id, row.scope];
    await addToRollup(
      tx,
      paymentRecoveryRollups,
      key.join("|"),
      {
        merchantId: row.merchant_id,
        storeId: row.store_id,
        currency: row.currency,
        methodScope: row.scope,
        day: row.day,
      },
      counts,
      row.zone,
    );
  }
}

/** The failure records (alias f) recovery counts: an attempt refused or run out of time, never a mismatch. */
const countsAsFailure = sql`f.kind in ('failed', 'expired')`;

/**
 * Counts an order's failure record just written (in the caller's transaction) on the recovery
 * roll-up: the order joins the "any" row when this is its first failure and its method kind's
 * row when it is the first with that kind; already recovered (a request left open failing after
 * the order was paid), it arrives recovered. Two attempts of one order failing in concurrent
 * transactions could both count as first; `npm run rollups:rebuild` recounts.
 */
export async function bumpRecoveryOnFailure(tx: Tx, orderId: string, methodKind: string) {
  const [order] = await selectRows<{
    merchant_id: string;
    store_id: string;
    currency: string;
    zone: string;
    day: string;
    kind_day: string;
    failures: number;
    of_kind: number;
    recovered: boolean;
    recovered_minor: string | null;
  }>(
    tx,
    sql`
    select o.merchant_id, o.store_id, o.currency, m.time_zone as zone,
      ${localDay(sql`min(f.occurred_at)`, sql`m.time_zone`)}::text as day,
      ${localDay(sql`min(f.occurred_at) filter (where f.method_kind = ${methodKind})`, sql`m.time_zone`)}::text as kind_day,
      count(*)::int as failures,
      count(*) filter (where f.method_kind = ${methodKind})::int as of_kind,
      bool_or(f.recovered_at is not null) as recovered,
      max(f.recovered_amount_minor)::text as recovered_minor
    from ${paymentFailures} f
    join orders o on o.id = f.order_id
    join merchants m on m.id = o.merchant_id
    where f.order_id = ${orderId} and ${countsAsFailure}
    group by o.merchant_id, o.store_id, o.currency, m.time_zone`,
  );
  if (!order) return;
  const at = {
    merchant_id: order.merchant_id,
    store_id: order.store_id,
    currency: order.currency,
    zone: order.zone,
  };
  const rows: RecoveryRow[] = [];
  if (order.failures === 1) rows.push({ ...at, scope: "any", day: order.day });
  if (order.of_kind === 1) rows.push({ ...at, scope: methodKind, day: order.kind_day });
  await addToRecoveryRows(tx, rows, {
    failedOrders: 1,
    recoveredOrders: order.recovered ? 1 : 0,
    recoveredMinor: order.recovered ? BigInt(order.recovered_minor ?? 0) : 0n,
  });
}

/**
 * Counts an order recovered (paid after failing, in the caller's transaction, its failure
 * records just marked) on every recovery roll-up row it was counted failed on. Call it once
 * per order: on the transition that marked its first failure record recovered.
 */
export async function bumpRecoveryOnPayment(tx: Tx, orderId: string, amountMinor: bigint) {
  const rows = await selectRows<RecoveryRow>(
    tx,
    sql`
    select o.merchant_id, o.store_id, o.currency, s.scope, m.time_zone as zone,
      ${localDay(sql`s.first_at`, sql`m.time_zone`)}::text as day
    from (
      select 'any' as scope, min(f.occurred_at) as first_at from ${paymentFailures} f
      where f.order_id = ${orderId} and ${countsAsFailure}
      having count(*) > 0
      union all
      select f.method_kind::text, min(f.occurred_at) from ${paymentFailures} f
      where f.order_id = ${orderId} and ${countsAsFailure}
      group by f.method_kind) s
    cross join orders o
    join merchants m on m.id = o.merchant_id
    where o.id = ${orderId}`,
  );
  await addToRecoveryRows(tx, rows, {
    failedOrders: 0,
    recoveredOrders: 1,
    recoveredMinor: amountMinor,
  });
}

/** A raw query's rows: both drivers (node-postgres, PGlite) answer `{ rows }`. */
export async function selectRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

import { and, eq, inArray, sql } from "drizzle-orm";
import {
  merchants,
  orders,
  paymentAttempts,
  paymentFailures,
  paymentMethods,
  stores,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { z } from "zod";
import { paymentMethodKinds } from "@/db/schema/enums";
import {
  recoverySummary,
  summarizeFailures,
  type AttemptCell,
  type FailureCell,
} from "./failure-analytics.logic";

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "invalidDate" });

export const failureAnalyticsInput = z
  .object({
    /** Inclusive local dates in the merchant's zone, at most a year apart. */
    from: localDate,
    to: localDate,
    storeId: z.uuid().optional(),
    methodKind: z.enum(paymentMethodKinds).optional(),
  })
  .refine((r) => r.from <= r.to && Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, {
    message: "invalidDateRange",
    path: ["to"],
  });
export type FailureAnalyticsInput = z.infer<typeof failureAnalyticsInput>;

/** GROUP BY 1, 2, …, n: the first n selected columns. */
function byPosition(n: number) {
  return Array.from({ length: n }, (_, i) => sql.raw(String(i + 1)));
}

/** Failures that count against a payment (a rejected notification is about no payment). */
const paymentFailureKinds = ["failed", "expired", "amount_mismatch"] as const;

/**
 * Failure statistics of a period, bucketed by local day and hour in the merchant's zone:
 * plain queries over the (merchant_id, created_at) index of payment_attempts and the
 * (merchant_id, occurred_at) index of payment_failures. Roll-up tables replace them later.
 */
export async function failureAnalytics(
  db: DbOrTx,
  merchantId: string,
  input: FailureAnalyticsInput,
) {
  const [merchant] = await db
    .select({ tz: merchants.timeZone })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  const tz = merchant?.tz ?? "UTC";
  const start = sql`(${input.from}::date)::timestamp at time zone ${tz}`;
  const end = sql`(${input.to}::date + 1)::timestamp at time zone ${tz}`;

  const at = paymentAttempts.createdAt;
  // Counted per method × store × local hour on ids alone (small sort keys), then named: three
  // times faster than grouping on the labels and formatted dates directly.
  const cells = db
    .select({
      methodId: paymentAttempts.methodId,
      storeId: orders.storeId,
      localHour: sql`date_trunc('hour', ${at} at time zone ${tz})`.as("local_hour"),
      attempts: sql<number>`count(*)::int`.as("attempts"),
      failures:
        sql<number>`count(*) filter (where ${paymentAttempts.status} in ('failed', 'expired'))::int`.as(
          "failures",
        ),
    })
    .from(paymentAttempts)
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .where(
      and(
        eq(paymentAttempts.merchantId, merchantId),
        sql`${at} >= ${start} and ${at} < ${end}`,
        // Ended attempts only: open ones have no outcome yet, cancelled ones were replaced.
        inArray(paymentAttempts.status, ["succeeded", "failed", "expired"]),
        input.storeId ? eq(orders.storeId, input.storeId) : undefined,
        input.methodKind ? eq(paymentAttempts.methodKind, input.methodKind) : undefined,
      ),
    )
    // By position: the zone is a bound parameter, so the expression written again in GROUP BY
    // would not be recognized as the selected one.
    .groupBy(...byPosition(3))
    .as("cells");
  const attemptCells = await db
    .select({
      methodId: cells.methodId,
      methodLabel: paymentMethods.label,
      methodKind: paymentMethods.kind,
      storeId: cells.storeId,
      storeName: stores.name,
      day: sql<string>`to_char(${cells.localHour}, 'YYYY-MM-DD')`,
      hour: sql<number>`extract(hour from ${cells.localHour})::int`,
      attempts: cells.attempts,
      failures: cells.failures,
    })
    .from(cells)
    .innerJoin(stores, eq(stores.id, cells.storeId))
    .innerJoin(paymentMethods, eq(paymentMethods.id, cells.methodId));

  const fAt = paymentFailures.occurredAt;
  const fDay = sql<string>`to_char(${fAt} at time zone ${tz}, 'YYYY-MM-DD')`;
  const fHour = sql<number>`extract(hour from ${fAt} at time zone ${tz})::int`;
  const failureWhere = and(
    eq(paymentFailures.merchantId, merchantId),
    sql`${fAt} >= ${start} and ${fAt} < ${end}`,
    inArray(paymentFailures.kind, [...paymentFailureKinds]),
    input.storeId ? eq(paymentFailures.storeId, input.storeId) : undefined,
    input.methodKind ? eq(paymentFailures.methodKind, input.methodKind) : undefined,
  );
  const failureCells = await db
    .select({
      reason: paymentFailures.reason,
      methodKind: paymentFailures.methodKind,
      storeId: paymentFailures.storeId,
      day: fDay,
      hour: fHour,
      count: sql<number>`count(*)::int`,
    })
    .from(paymentFailures)
    .where(failureWhere)
    .groupBy(...byPosition(5));

  // One row per order that failed in the period; recovered once, whatever its failure count.
  const failedOrders = await db
    .select({
      recovered: sql<boolean>`bool_or(${paymentFailures.recoveredAt} is not null)`,
      currency: sql<string | null>`max(${paymentFailures.currency})`,
      recoveredMinor: sql<string | null>`max(${paymentFailures.recoveredAmountMinor})::text`,
    })
    .from(paymentFailures)
    .where(failureWhere)
    .groupBy(paymentFailures.orderId);

  const num = <T extends { attempts?: number; failures?: number; count?: number; hour: number }>(
    c: T,
  ) => ({
    ...c,
    hour: Number(c.hour),
    ...(c.attempts !== undefined ? { attempts: Number(c.attempts) } : {}),
    ...(c.failures !== undefined ? { failures: Number(c.failures) } : {}),
    ...(c.count !== undefined ? { count: Number(c.count) } : {}),
  });
  return {
    timeZone: tz,
    ...summarizeFailures(
      attemptCells.map(num) as AttemptCell[],
      failureCells.map(num) as FailureCell[],
      input,
    ),
    recovery: recoverySummary(
      failedOrders.map((o) => ({
        recovered: o.recovered,
        currency: o.currency,
        recoveredMinor: o.recoveredMinor === null ? null : BigInt(o.recoveredMinor),
      })),
    ),
  };
}

import { and, between, eq, sql } from "drizzle-orm";
import {
  merchants,
  paymentDailyRollups,
  paymentFailureRollups,
  paymentMethods,
  paymentRecoveryRollups,
  paymentRollups,
  stores,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { z } from "zod";
import { paymentMethodKinds } from "@/db/schema/enum-values";
import { recoverySummary, summarizeFailures } from "./failure-analytics.logic";
import { localDateSchema } from "@/server/time/local-date.schema";

export const failureAnalyticsInput = z
  .object({
    /** Inclusive local dates in the merchant's zone, at most a year apart. */
    from: localDateSchema,
    to: localDateSchema,
    storeId: z.uuid().optional(),
    methodKind: z.enum(paymentMethodKinds).optional(),
  })
  .refine((r) => r.from <= r.to && Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, {
    message: "invalidDateRange",
    path: ["to"],
  });
export type FailureAnalyticsInput = z.infer<typeof failureAnalyticsInput>;

/**
 * Failure statistics of a period, bucketed by local day and hour in the merchant's zone.
 * Rates, counts and reasons come from the roll-ups the payment transitions keep
 * (server/analytics/rollup.service.ts), so their cost grows with days × stores × methods, not
 * with orders: an attempt counts in the hour it was requested, as ended when it succeeded
 * (successes) or failed or expired (failures, by reason). Recovery is per order: the recovery
 * roll-up counts each failed order on the local day of its first failure (overall, and per
 * method kind), so an order whose failures span two days counts on the first.
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

  /** The period and filters on a roll-up table (local days, so no zone arithmetic here). */
  const within = (
    t: typeof paymentDailyRollups | typeof paymentRollups | typeof paymentFailureRollups,
  ) =>
    and(
      eq(t.merchantId, merchantId),
      between(t.day, input.from, input.to),
      input.storeId ? eq(t.storeId, input.storeId) : undefined,
      input.methodKind ? eq(paymentMethods.kind, input.methodKind) : undefined,
    );
  const ended = (t: typeof paymentDailyRollups | typeof paymentRollups) =>
    sql<number>`sum(${t.successes} + ${t.failures})::int`;
  const failed = (t: typeof paymentDailyRollups | typeof paymentRollups) =>
    sql<number>`sum(${t.failures})::int`;

  const d = paymentDailyRollups;
  const attemptCells = await db
    .select({
      methodId: d.methodId,
      methodLabel: paymentMethods.label,
      methodKind: paymentMethods.kind,
      storeId: d.storeId,
      storeName: stores.name,
      day: d.day,
      attempts: ended(d),
      failures: failed(d),
    })
    .from(d)
    .innerJoin(paymentMethods, eq(paymentMethods.id, d.methodId))
    .innerJoin(stores, eq(stores.id, d.storeId))
    .where(within(d))
    .groupBy(d.methodId, paymentMethods.label, paymentMethods.kind, d.storeId, stores.name, d.day)
    // Created or pending attempts only count once they end: a row may hold no ended attempt yet.
    .having(sql`sum(${d.successes} + ${d.failures}) > 0`);

  const h = paymentRollups;
  const hourCells = await db
    .select({ hour: h.hour, attempts: ended(h), failures: failed(h) })
    .from(h)
    .innerJoin(paymentMethods, eq(paymentMethods.id, h.methodId))
    .where(within(h))
    .groupBy(h.hour);

  const r = paymentFailureRollups;
  const failureCells = await db
    .select({
      reason: r.reason,
      methodKind: paymentMethods.kind,
      count: sql<number>`sum(${r.failures})::int`,
    })
    .from(r)
    .innerJoin(paymentMethods, eq(paymentMethods.id, r.methodId))
    .where(within(r))
    .groupBy(r.reason, paymentMethods.kind)
    .having(sql`sum(${r.failures}) > 0`);

  // Each failed order sits on the day of its first failure, once per scope: no order counts twice.
  const v = paymentRecoveryRollups;
  const recoveryCells = await db
    .select({
      currency: v.currency,
      failedOrders: sql<number>`sum(${v.failedOrders})::int`,
      recoveredOrders: sql<number>`sum(${v.recoveredOrders})::int`,
      recoveredMinor: sql<string>`sum(${v.recoveredMinor})::text`,
    })
    .from(v)
    .where(
      and(
        eq(v.merchantId, merchantId),
        eq(v.methodScope, input.methodKind ?? "any"),
        between(v.day, input.from, input.to),
        input.storeId ? eq(v.storeId, input.storeId) : undefined,
      ),
    )
    .groupBy(v.currency);

  return {
    timeZone: tz,
    ...summarizeFailures(attemptCells, hourCells, failureCells, input),
    recovery: recoverySummary(
      recoveryCells.map((c) => ({ ...c, recoveredMinor: BigInt(c.recoveredMinor) })),
    ),
  };
}

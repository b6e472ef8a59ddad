import { and, between, eq, isNotNull, sql } from "drizzle-orm";
import {
  customerDailyRollups,
  customerMethodTotals,
  customers,
  promotionHolds,
  promotions,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { DayRange } from "@/server/time/local-date.logic";

const d = customerDailyRollups;

/**
 * How customers pay, from the customer roll-ups only (never the orders): over the days, the
 * orders of new and returning customers by method (each segment's mix); over all time, the
 * repeat rate, who switched from which first method to which (and the promotion that priced
 * the switching order, if one did), and the lifetime value per first method.
 */
export async function customerHabits(
  db: DbOrTx,
  merchantId: string,
  currency: string,
  range: DayRange,
) {
  const [mix, [repeat], switches, lifetime] = await Promise.all([
    db
      .select({
        methodId: d.methodId,
        isReturning: d.isReturning,
        orders: sql<number>`sum(${d.orders})::int`,
        amountMinor: sql<string>`sum(${d.amountMinor})::text`,
      })
      .from(d)
      .where(
        and(
          eq(d.merchantId, merchantId),
          eq(d.currency, currency),
          between(d.day, range.from, range.to),
        ),
      )
      .groupBy(d.methodId, d.isReturning),
    db
      .select({
        customers: sql<number>`count(*)::int`,
        returning: sql<number>`count(*) filter (where ${customers.orders} > 1)::int`,
      })
      .from(customers)
      .where(eq(customers.merchantId, merchantId)),
    // The switch's order tells which promotion (if any) priced it: its spent discount line.
    db
      .select({
        fromMethodId: customers.firstMethodId,
        toMethodId: customers.switchedToMethodId,
        promotionId: promotions.id,
        promotionName: promotions.name,
        customers: sql<number>`count(*)::int`,
      })
      .from(customers)
      .leftJoin(
        promotionHolds,
        and(
          eq(promotionHolds.orderId, customers.switchedOrderId),
          eq(promotionHolds.status, "consumed"),
        ),
      )
      .leftJoin(promotions, eq(promotions.id, promotionHolds.promotionId))
      .where(and(eq(customers.merchantId, merchantId), isNotNull(customers.switchedAt)))
      .groupBy(
        customers.firstMethodId,
        customers.switchedToMethodId,
        promotions.id,
        promotions.name,
      ),
    db
      .select({
        firstMethodId: customers.firstMethodId,
        customers: sql<number>`count(distinct ${customers.id})::int`,
        amountMinor: sql<string>`coalesce(sum(${customerMethodTotals.amountMinor}), 0)::text`,
      })
      .from(customers)
      .innerJoin(
        customerMethodTotals,
        and(
          eq(customerMethodTotals.customerId, customers.id),
          eq(customerMethodTotals.currency, currency),
        ),
      )
      .where(eq(customers.merchantId, merchantId))
      .groupBy(customers.firstMethodId),
  ]);
  const segment = (returning: boolean) =>
    mix
      .filter((m) => m.isReturning === returning)
      .map((m) => ({
        methodId: m.methodId,
        orders: Number(m.orders),
        amountMinor: BigInt(m.amountMinor),
      }));
  const total = (rows: { orders: number }[]) => rows.reduce((n, r) => n + r.orders, 0);
  const fresh = segment(false);
  const back = segment(true);
  const known = Number(repeat?.customers ?? 0);
  return {
    currency,
    newOrders: total(fresh),
    returningOrders: total(back),
    mix: { new: fresh, returning: back },
    customers: known,
    repeatRate: known > 0 ? Number(repeat?.returning ?? 0) / known : null,
    switches: switches
      .map((s) => ({ ...s, customers: Number(s.customers) }))
      .sort((a, b) => b.customers - a.customers),
    lifetimeByFirstMethod: lifetime.map((l) => {
      const n = Number(l.customers);
      const amount = BigInt(l.amountMinor);
      return {
        firstMethodId: l.firstMethodId,
        customers: n,
        amountMinor: amount,
        perCustomerMinor: n > 0 ? amount / BigInt(n) : null,
      };
    }),
  };
}

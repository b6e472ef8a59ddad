import { and, between, eq, sql } from "drizzle-orm";
import {
  customerDailyRollups,
  customerFirstMethodRollups,
  customerLifetimeRollups,
  customerSwitchRollups,
  promotions,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { DayRange } from "@/server/time/local-date.logic";

const d = customerDailyRollups;
const f = customerFirstMethodRollups;
const sw = customerSwitchRollups;
const l = customerLifetimeRollups;

/**
 * How customers pay, from the shop's customer roll-ups only (never the orders nor the
 * customers' rows, so the cost does not grow with them): over the days, the orders of new and
 * returning customers by method (each segment's mix); over all time, the repeat rate, who
 * switched from which first method to which (and the promotion that priced the switching
 * order, if one did), and the lifetime value per first method.
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
        customers: sql<number>`coalesce(sum(${f.customers}), 0)::int`,
        returning: sql<number>`coalesce(sum(${f.returned}), 0)::int`,
      })
      .from(f)
      .where(eq(f.merchantId, merchantId)),
    db
      .select({
        fromMethodId: sw.fromMethodId,
        toMethodId: sw.toMethodId,
        promotionId: promotions.id,
        promotionName: promotions.name,
        customers: sw.customers,
      })
      .from(sw)
      .leftJoin(promotions, eq(promotions.id, sw.promotionId))
      .where(eq(sw.merchantId, merchantId)),
    db
      .select({
        firstMethodId: l.firstMethodId,
        customers: l.customers,
        amountMinor: sql<string>`${l.amountMinor}::text`,
      })
      .from(l)
      .where(and(eq(l.merchantId, merchantId), eq(l.currency, currency))),
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

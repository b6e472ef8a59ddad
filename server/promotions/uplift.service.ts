import { and, eq, sql } from "drizzle-orm";
import { merchants, promotionHolds } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { selectRows } from "@/server/analytics/rollup.service";
import { addDays, daysIn, localDate } from "@/server/time/local-date.logic";
import { one } from "@/db/one";
import type { PromotionRow } from "./promotion.service";
import { upliftReport, type UpliftDay } from "./uplift.logic";

/**
 * The windows compared: the promotion's days so far, and as many days the same number of
 * whole weeks earlier (so both hold the same weekdays), ending before it started.
 */
export function upliftWindows(p: { startsOn: string; endsOn: string }, today: string) {
  const duringTo = p.endsOn < today ? p.endsOn : today;
  if (duringTo < p.startsOn) return null;
  const days = daysIn({ from: p.startsOn, to: duringTo });
  const weeks = Math.ceil(days / 7);
  const beforeFrom = addDays(p.startsOn, -7 * weeks);
  return {
    before: { from: beforeFrom, to: addDays(beforeFrom, days - 1) },
    during: { from: p.startsOn, to: duringTo },
  };
}

interface Row {
  day: string;
  promoted: boolean;
  offered: number;
  paid: number;
  gross: string;
  fee: string;
  discount: string;
}

/**
 * The promotion's uplift (uplift.logic.ts) from the hourly roll-ups: its stores, its local
 * hours, the same weekdays before it; the promoted methods against the merchant's others.
 */
export async function promotionUplift(db: DbOrTx, merchantId: string, p: PromotionRow) {
  const { timeZone } = one(
    await db
      .select({ timeZone: merchants.timeZone })
      .from(merchants)
      .where(eq(merchants.id, merchantId)),
    "merchant",
  );
  const usage = one(
    await db
      .select({ orders: sql<number>`count(*)::int` })
      .from(promotionHolds)
      .where(and(eq(promotionHolds.promotionId, p.id), eq(promotionHolds.status, "consumed"))),
    "usage",
  );
  const windows = upliftWindows(p, localDate(new Date(), timeZone));
  if (!windows) return { windows: null, orders: usage.orders, report: null };
  const promotedMethod = p.anyWallet
    ? sql`m.kind <> 'cash'`
    : sql`r.method_id = any(${sql.param(p.methodIds)}::uuid[])`;
  const stores =
    p.storeIds.length > 0 ? sql`r.store_id = any(${sql.param(p.storeIds)}::uuid[])` : sql`true`;
  const rows = await selectRows<Row>(
    db,
    sql`select r.day::text as day, ${promotedMethod} as promoted,
        sum(r.method_orders_offered)::int as offered, sum(r.paid_orders)::int as paid,
        sum(r.gross_minor)::text as gross, sum(r.fee_minor)::text as fee,
        sum(r.discount_minor)::text as discount
      from payment_rollups r join payment_methods m on m.id = r.method_id
      where r.merchant_id = ${merchantId} and r.currency = ${p.currency}
        and ((r.day between ${windows.before.from} and ${windows.before.to})
          or (r.day between ${windows.during.from} and ${windows.during.to}))
        and r.hour >= ${p.hourFrom} and r.hour < ${p.hourTo} and ${stores}
      group by 1, 2 order by 1`,
  );
  const byDay = new Map<string, UpliftDay>();
  for (const r of rows) {
    const day =
      byDay.get(r.day) ??
      ({
        day: r.day,
        phase: r.day >= windows.during.from ? "during" : "before",
        promoted: { offered: 0, paid: 0, grossMinor: 0n, feeMinor: 0n, discountMinor: 0n },
        others: { offered: 0, paid: 0, grossMinor: 0n, feeMinor: 0n, discountMinor: 0n },
      } satisfies UpliftDay);
    day[r.promoted ? "promoted" : "others"] = {
      offered: Number(r.offered),
      paid: Number(r.paid),
      grossMinor: BigInt(r.gross),
      feeMinor: BigInt(r.fee),
      discountMinor: BigInt(r.discount),
    };
    byDay.set(r.day, day);
  }
  const report = upliftReport([...byDay.values()], {
    providerShareBps: p.providerShareBps,
    costMinor: p.spentMinor,
  });
  return { windows, orders: usage.orders, report };
}

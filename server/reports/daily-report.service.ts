import { and, eq, gte, inArray, isNotNull, lt, sql, type SQLWrapper } from "drizzle-orm";
import {
  cashShifts,
  merchants,
  orders,
  paymentAttempts,
  paymentFailures,
  paymentMethods,
  refunds,
  shiftPaidOuts,
  stores,
  voucherRedemptions,
  vouchers,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { DomainError } from "@/server/errors";
import {
  dayBounds,
  figuresByCurrency,
  type DrawerFigures,
  type MethodMoney,
} from "./daily-report.logic";
import type { DailyReportInput } from "./daily-report.schema";

/** Failures about a payment (not an unverifiable notification nor a refund the provider refused). */
const paymentFailureKinds = ["failed", "expired", "amount_mismatch"] as const;

const countInt = sql<number>`count(*)::int`;
const sumText = (column: SQLWrapper) => sql<string>`coalesce(sum(${column}), 0)::text`;
/**
 * Counts and sums leaving out duplicate payments (to be given back, as in the roll-ups). In
 * the aggregate rather than the WHERE: there, `not is_duplicate` would let the planner walk the
 * whole one-success-per-order index instead of the day's range of the per-method one.
 */
const notDuplicate = sql`not ${paymentAttempts.isDuplicate}`;
const countKept = sql<number>`(count(*) filter (where ${notDuplicate}))::int`;
const sumKept = (column: SQLWrapper) =>
  sql<string>`coalesce(sum(${column}) filter (where ${notDuplicate}), 0)::text`;

/**
 * The day's report (日结) of one store, or of all the shop's stores, for a local day in the
 * shop's zone. Read from the rows themselves, each query bounded to the shop, the store and
 * the day's instants on an index (see daily-report.service.test.ts for the plans): the
 * roll-ups bucket a payment by the hour its request was made and a refund by its payment,
 * while a day's report counts money on the day it moved.
 */
export async function dailyReport(db: DbOrTx, merchantId: string, input: DailyReportInput) {
  const [shop] = await db
    .select({ name: merchants.name, timeZone: merchants.timeZone })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  if (!shop) throw new DomainError("NOT_FOUND", "merchantNotFound", "Shop not found");
  let storeName: string | null = null;
  if (input.storeId) {
    const [store] = await db
      .select({ name: stores.name })
      .from(stores)
      .where(and(eq(stores.id, input.storeId), eq(stores.merchantId, merchantId)));
    if (!store) throw new DomainError("NOT_FOUND", "storeNotFound", "Store not found");
    storeName = store.name;
  }
  const { start, end } = dayBounds(input.day, shop.timeZone);
  const storeId = input.storeId ?? null;

  const methods = await db
    .select({ id: paymentMethods.id, label: paymentMethods.label, kind: paymentMethods.kind })
    .from(paymentMethods)
    .where(eq(paymentMethods.merchantId, merchantId));
  const methodIds = methods.map((m) => m.id);
  const methodOf = new Map(methods.map((m) => [m.id, m]));
  const toMoney = (r: {
    methodId: string;
    currency: string;
    count: number;
    amount: string;
    fee: string;
  }): MethodMoney => ({
    methodId: r.methodId,
    label: methodOf.get(r.methodId)?.label ?? "",
    kind: methodOf.get(r.methodId)?.kind ?? "",
    currency: r.currency,
    count: Number(r.count),
    amountMinor: BigInt(r.amount),
    feeMinor: BigInt(r.fee),
  });

  const q = dayQueries(db, { merchantId, storeId, start, end, methodIds });
  const [orderCounts, paidOrders, payments, refundRows, issued, redeemed, failures] =
    await Promise.all([q.created, q.paid, q.payments, q.refunds, q.issued, q.redeemed, q.failures]);
  const [paidOuts, closedShifts] = await Promise.all([q.paidOuts, q.shiftsClosed]);
  const drawerCurrencies = [...new Set([...paidOuts, ...closedShifts].map((r) => r.currency))];
  const drawers: DrawerFigures[] = drawerCurrencies.map((currency) => {
    const out = paidOuts.find((r) => r.currency === currency);
    const closed = closedShifts.find((r) => r.currency === currency);
    return {
      currency,
      paidOutMinor: BigInt(out?.amount ?? 0),
      shiftsClosed: Number(closed?.count ?? 0),
      countedMinor: BigInt(closed?.counted ?? 0),
      differenceMinor: BigInt(closed?.difference ?? 0),
    };
  });

  const byStatus = (wanted: string[]) =>
    orderCounts.filter((r) => wanted.includes(r.status)).reduce((n, r) => n + Number(r.count), 0);
  return {
    day: input.day,
    timeZone: shop.timeZone,
    shopName: shop.name,
    storeId,
    storeName,
    from: start,
    to: end,
    orders: {
      created: byStatus([
        "pending",
        "paid",
        "partially_refunded",
        "refunded",
        "cancelled",
        "expired",
      ]),
      paid: Number(paidOrders[0]?.count ?? 0),
      cancelled: byStatus(["cancelled"]),
      expired: byStatus(["expired"]),
      open: byStatus(["pending"]),
    },
    currencies: figuresByCurrency(
      // A method whose only successes that day were duplicates has nothing to show.
      payments.filter((r) => Number(r.count) > 0).map(toMoney),
      refundRows.filter((r) => Number(r.count) > 0).map(toMoney),
      issued.map((v) => ({
        currency: v.currency,
        count: Number(v.count),
        valueMinor: BigInt(v.value),
      })),
      drawers,
    ),
    vouchers: {
      issued: issued.reduce((n, v) => n + Number(v.count), 0),
      redeemed: Number(redeemed[0]?.count ?? 0),
    },
    failures: {
      count: Number(failures[0]?.count ?? 0),
      recovered: Number(failures[0]?.recovered ?? 0),
    },
  };
}

/** What bounds every query of a day's report: the shop, maybe a store, the day's instants. */
export interface DayScope {
  merchantId: string;
  storeId: string | null;
  start: Date;
  end: Date;
  /** The shop's payment methods: the payments' and refunds' indexes are per method. */
  methodIds: string[];
}

/**
 * The report's queries, unexecuted (the service runs them, the plan test explains them).
 * Every one is bounded to the shop, the store and the day's instants on an index.
 */
export function dayQueries(db: DbOrTx, q: DayScope) {
  const ofStore = q.storeId ? eq(orders.storeId, q.storeId) : undefined;
  return {
    // The day's orders and what has become of them since.
    created: db
      .select({ status: orders.status, count: countInt })
      .from(orders)
      .where(
        and(
          eq(orders.merchantId, q.merchantId),
          ofStore,
          gte(orders.createdAt, q.start),
          lt(orders.createdAt, q.end),
        ),
      )
      .groupBy(orders.status),
    // Orders paid in full that day, whenever they were made.
    paid: db
      .select({ count: countInt })
      .from(orders)
      .where(
        and(
          eq(orders.merchantId, q.merchantId),
          ofStore,
          isNotNull(orders.paidAt),
          gte(orders.paidAt, q.start),
          lt(orders.paidAt, q.end),
        ),
      ),
    // Money taken, per attempt (an order paid in several parts counts each part under its
    // method); a duplicate success is left out, as it is given back (as in the roll-ups).
    payments: db
      .select({
        methodId: paymentAttempts.methodId,
        currency: paymentAttempts.currency,
        count: countKept,
        amount: sumKept(paymentAttempts.amountMinor),
        fee: sumKept(paymentAttempts.feeMinor),
      })
      .from(paymentAttempts)
      .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
      .where(
        and(
          inArray(paymentAttempts.methodId, q.methodIds),
          eq(paymentAttempts.status, "succeeded"),
          gte(paymentAttempts.succeededAt, q.start),
          lt(paymentAttempts.succeededAt, q.end),
          ofStore,
        ),
      )
      .groupBy(paymentAttempts.methodId, paymentAttempts.currency),
    // Money given back that day, with the fees the providers returned; a duplicate's refund
    // is left out with the duplicate.
    refunds: db
      .select({
        methodId: refunds.methodId,
        currency: refunds.currency,
        count: countKept,
        amount: sumKept(refunds.amountMinor),
        fee: sumKept(refunds.feeRefundedMinor),
      })
      .from(refunds)
      .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
      .innerJoin(orders, eq(orders.id, refunds.orderId))
      .where(
        and(
          inArray(refunds.methodId, q.methodIds),
          eq(refunds.status, "succeeded"),
          gte(refunds.succeededAt, q.start),
          lt(refunds.succeededAt, q.end),
          ofStore,
        ),
      )
      .groupBy(refunds.methodId, refunds.currency),
    // Vouchers issued: a voucher belongs to the store of its order.
    issued: db
      .select({
        currency: vouchers.currency,
        count: countInt,
        value: sumText(vouchers.valueMinor),
      })
      .from(vouchers)
      .innerJoin(orders, eq(orders.id, vouchers.orderId))
      .where(
        and(
          eq(vouchers.merchantId, q.merchantId),
          gte(vouchers.createdAt, q.start),
          lt(vouchers.createdAt, q.end),
          ofStore,
        ),
      )
      .groupBy(vouchers.currency),
    // Redemptions made at this counter that day and not reversed since.
    redeemed: db
      .select({ count: countInt })
      .from(voucherRedemptions)
      .where(
        and(
          eq(voucherRedemptions.merchantId, q.merchantId),
          q.storeId ? eq(voucherRedemptions.storeId, q.storeId) : undefined,
          gte(voucherRedemptions.redeemedAt, q.start),
          lt(voucherRedemptions.redeemedAt, q.end),
          sql`${voucherRedemptions.reversedAt} is null`,
        ),
      ),
    // Payment failures of the day, and how many of them the same order paid later.
    failures: db
      .select({
        count: countInt,
        recovered: sql<number>`(count(*) filter (where ${paymentFailures.recoveredAt} is not null))::int`,
      })
      .from(paymentFailures)
      .where(
        and(
          eq(paymentFailures.merchantId, q.merchantId),
          q.storeId ? eq(paymentFailures.storeId, q.storeId) : undefined,
          gte(paymentFailures.occurredAt, q.start),
          lt(paymentFailures.occurredAt, q.end),
          inArray(paymentFailures.kind, [...paymentFailureKinds]),
        ),
      ),
    // Cash paid out of the drawers that day (a supplier, petty cash), by the shift's store.
    paidOuts: db
      .select({ currency: shiftPaidOuts.currency, amount: sumText(shiftPaidOuts.amountMinor) })
      .from(shiftPaidOuts)
      .innerJoin(cashShifts, eq(cashShifts.id, shiftPaidOuts.shiftId))
      .where(
        and(
          eq(shiftPaidOuts.merchantId, q.merchantId),
          q.storeId ? eq(cashShifts.storeId, q.storeId) : undefined,
          gte(shiftPaidOuts.createdAt, q.start),
          lt(shiftPaidOuts.createdAt, q.end),
        ),
      )
      .groupBy(shiftPaidOuts.currency),
    // The shifts closed that day: what their drawers counted, and over or short by how much.
    shiftsClosed: db
      .select({
        currency: cashShifts.currency,
        count: countInt,
        counted: sumText(cashShifts.countedMinor),
        difference: sumText(cashShifts.differenceMinor),
      })
      .from(cashShifts)
      .where(
        and(
          eq(cashShifts.merchantId, q.merchantId),
          q.storeId ? eq(cashShifts.storeId, q.storeId) : undefined,
          gte(cashShifts.closedAt, q.start),
          lt(cashShifts.closedAt, q.end),
        ),
      )
      .groupBy(cashShifts.currency),
  };
}

export type DailyReport = Awaited<ReturnType<typeof dailyReport>>;

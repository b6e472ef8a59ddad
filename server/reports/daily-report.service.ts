import { and, eq, gte, inArray, isNotNull, lt, sql, type SQLWrapper } from "drizzle-orm";
import {
  merchants,
  orders,
  paymentAttempts,
  paymentFailures,
  paymentMethods,
  refunds,
  stores,
  voucherRedemptions,
  vouchers,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { DomainError } from "@/server/errors";
import { dayBounds, figuresByCurrency, type MethodMoney } from "./daily-report.logic";
import type { DailyReportInput } from "./daily-report.schema";

/** Failures about a payment (not an unverifiable notification nor a refund the provider refused). */
const paymentFailureKinds = ["failed", "expired", "amount_mismatch"] as const;

const countInt = sql<number>`count(*)::int`;
const sumText = (column: SQLWrapper) => sql<string>`coalesce(sum(${column}), 0)::text`;

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
  const ofStore = storeId ? eq(orders.storeId, storeId) : undefined;

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

  const [orderCounts, paidOrders, payments, refundRows, issued, redeemed, failures] =
    await Promise.all([
      // The day's orders and what has become of them since.
      db
        .select({ status: orders.status, count: countInt })
        .from(orders)
        .where(
          and(
            eq(orders.merchantId, merchantId),
            ofStore,
            gte(orders.createdAt, start),
            lt(orders.createdAt, end),
          ),
        )
        .groupBy(orders.status),
      // Orders paid in full that day, whenever they were made.
      db
        .select({ count: countInt })
        .from(orders)
        .where(
          and(
            eq(orders.merchantId, merchantId),
            ofStore,
            isNotNull(orders.paidAt),
            gte(orders.paidAt, start),
            lt(orders.paidAt, end),
          ),
        ),
      // Money taken, per attempt (an order paid in several parts counts each part under its
      // method); a duplicate success is left out, as it is given back (as in the roll-ups).
      methodIds.length === 0
        ? []
        : db
            .select({
              methodId: paymentAttempts.methodId,
              currency: paymentAttempts.currency,
              count: countInt,
              amount: sumText(paymentAttempts.amountMinor),
              fee: sumText(paymentAttempts.feeMinor),
            })
            .from(paymentAttempts)
            .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
            .where(
              and(
                inArray(paymentAttempts.methodId, methodIds),
                eq(paymentAttempts.status, "succeeded"),
                eq(paymentAttempts.isDuplicate, false),
                gte(paymentAttempts.succeededAt, start),
                lt(paymentAttempts.succeededAt, end),
                ofStore,
              ),
            )
            .groupBy(paymentAttempts.methodId, paymentAttempts.currency),
      // Money given back that day, with the fees the providers returned; a duplicate's refund
      // is left out with the duplicate.
      methodIds.length === 0
        ? []
        : db
            .select({
              methodId: refunds.methodId,
              currency: refunds.currency,
              count: countInt,
              amount: sumText(refunds.amountMinor),
              fee: sumText(refunds.feeRefundedMinor),
            })
            .from(refunds)
            .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
            .innerJoin(orders, eq(orders.id, refunds.orderId))
            .where(
              and(
                inArray(refunds.methodId, methodIds),
                eq(refunds.status, "succeeded"),
                gte(refunds.succeededAt, start),
                lt(refunds.succeededAt, end),
                eq(paymentAttempts.isDuplicate, false),
                ofStore,
              ),
            )
            .groupBy(refunds.methodId, refunds.currency),
      // Vouchers issued: a voucher belongs to the store of its order.
      db
        .select({
          currency: vouchers.currency,
          count: countInt,
          value: sumText(vouchers.valueMinor),
        })
        .from(vouchers)
        .innerJoin(orders, eq(orders.id, vouchers.orderId))
        .where(
          and(
            eq(vouchers.merchantId, merchantId),
            gte(vouchers.createdAt, start),
            lt(vouchers.createdAt, end),
            ofStore,
          ),
        )
        .groupBy(vouchers.currency),
      // Redemptions made at this counter that day and not reversed since.
      db
        .select({ count: countInt })
        .from(voucherRedemptions)
        .where(
          and(
            eq(voucherRedemptions.merchantId, merchantId),
            storeId ? eq(voucherRedemptions.storeId, storeId) : undefined,
            gte(voucherRedemptions.redeemedAt, start),
            lt(voucherRedemptions.redeemedAt, end),
            sql`${voucherRedemptions.reversedAt} is null`,
          ),
        ),
      // Payment failures of the day, and how many of them the same order paid later.
      db
        .select({
          count: countInt,
          recovered: sql<number>`(count(*) filter (where ${paymentFailures.recoveredAt} is not null))::int`,
        })
        .from(paymentFailures)
        .where(
          and(
            eq(paymentFailures.merchantId, merchantId),
            storeId ? eq(paymentFailures.storeId, storeId) : undefined,
            gte(paymentFailures.occurredAt, start),
            lt(paymentFailures.occurredAt, end),
            inArray(paymentFailures.kind, [...paymentFailureKinds]),
          ),
        ),
    ]);

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
      payments.map(toMoney),
      refundRows.map(toMoney),
      issued.map((v) => ({
        currency: v.currency,
        count: Number(v.count),
        valueMinor: BigInt(v.value),
      })),
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

export type DailyReport = Awaited<ReturnType<typeof dailyReport>>;

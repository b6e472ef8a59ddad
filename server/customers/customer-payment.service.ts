import { and, eq, sql } from "drizzle-orm";
import {
  customerDailyRollups,
  customerMethodTotals,
  customers,
  merchants,
  orders,
} from "@/db/schema";
import { writeAtCommit } from "@/db/commit-hooks";
import type { Tx } from "@/db/types";
import { one } from "@/db/one";
import { localDate } from "@/server/time/local-date.logic";
import { customerHash, identityOf } from "./customer-key.logic";
import { customerKeyOf } from "./customer-key";
import { bumpCustomerRollups } from "./customer-rollups.service";

export interface CustomerPayment {
  /** Read under the order's lock (every payer holds it), so its contact is the current one. */
  order: {
    id: string;
    merchantId: string;
    amountMinor: bigint;
    currency: string;
    customerContact: string | null;
  };
  /** The method of the part that paid the order in full (a split bill counts under it). */
  method: { id: string; kind: string };
  buyerId: string | null;
  at: Date;
}

/**
 * Recognises the customer of an order just paid, in the payment's transaction: finds or makes
 * their row by keyed hash, links the order to it, and moves the per-customer figures (orders,
 * amount per method, the first switch of method), the day's new/returning roll-up and the
 * shop's all-time roll-ups (customer-rollups.service.ts). An order with neither a buyer id
 * nor a contact is left anonymous.
 */
export async function recordCustomerPayment(tx: Tx, p: CustomerPayment, key = customerKeyOf) {
  // An anonymous payment (the common case at a counter) costs no query at all.
  const identity = identityOf(p.buyerId, p.method.kind, p.order.customerContact);
  if (!identity) return null;
  const merchant = one(
    await tx
      .select({ timeZone: merchants.timeZone })
      .from(merchants)
      .where(eq(merchants.id, p.order.merchantId)),
    "merchant",
  );
  const keyHash = customerHash(key(p.order.merchantId), identity);
  const customer = one(
    await tx
      .insert(customers)
      .values({
        merchantId: p.order.merchantId,
        keyHash,
        firstMethodId: p.method.id,
        firstSeenAt: p.at,
        lastSeenAt: p.at,
        orders: 1,
      })
      .onConflictDoUpdate({
        target: [customers.merchantId, customers.keyHash],
        set: {
          orders: sql`${customers.orders} + 1`,
          lastSeenAt: sql`greatest(${customers.lastSeenAt}, excluded.last_seen_at)`,
        },
      })
      .returning({
        id: customers.id,
        orders: customers.orders,
        firstMethodId: customers.firstMethodId,
        switchedAt: customers.switchedAt,
      }),
    "customer",
  );
  const isReturning = customer.orders > 1;
  const switches =
    isReturning && customer.switchedAt === null && customer.firstMethodId !== p.method.id;
  if (switches) {
    await tx
      .update(customers)
      .set({ switchedOrderId: p.order.id, switchedToMethodId: p.method.id, switchedAt: p.at })
      .where(and(eq(customers.id, customer.id), sql`${customers.switchedAt} is null`));
  }
  await tx.update(orders).set({ customerId: customer.id }).where(eq(orders.id, p.order.id));
  const [methodTotal] = await tx
    .insert(customerMethodTotals)
    .values({
      customerId: customer.id,
      merchantId: p.order.merchantId,
      methodId: p.method.id,
      currency: p.order.currency,
      orders: 1,
      amountMinor: p.order.amountMinor,
    })
    .onConflictDoUpdate({
      target: [
        customerMethodTotals.customerId,
        customerMethodTotals.methodId,
        customerMethodTotals.currency,
      ],
      set: {
        orders: sql`${customerMethodTotals.orders} + 1`,
        amountMinor: sql`${customerMethodTotals.amountMinor} + excluded.amount_minor`,
      },
    })
    .returning({ orders: customerMethodTotals.orders });
  if (customer.firstMethodId !== null)
    await bumpCustomerRollups(tx, {
      merchantId: p.order.merchantId,
      customerId: customer.id,
      firstMethodId: customer.firstMethodId,
      orders: customer.orders,
      currency: p.order.currency,
      amountMinor: p.order.amountMinor,
      methodOrders: methodTotal?.orders ?? 1,
      methodId: p.method.id,
      switched: switches ? { orderId: p.order.id, toMethodId: p.method.id } : null,
    });
  // The day's row is every customer payment's of the shop: written at commit, like the
  // payment roll-ups, so it does not make the shop's payments wait for one another.
  const day = localDate(p.at, merchant.timeZone);
  const rowKey = ["customer-day", p.order.merchantId, p.order.currency, day, p.method.id];
  await writeAtCommit(tx, [...rowKey, isReturning].join("|"), () =>
    tx
      .insert(customerDailyRollups)
      .values({
        merchantId: p.order.merchantId,
        currency: p.order.currency,
        day,
        methodId: p.method.id,
        isReturning,
        orders: 1,
        amountMinor: p.order.amountMinor,
      })
      .onConflictDoUpdate({
        target: [
          customerDailyRollups.merchantId,
          customerDailyRollups.currency,
          customerDailyRollups.day,
          customerDailyRollups.methodId,
          customerDailyRollups.isReturning,
        ],
        set: {
          orders: sql`${customerDailyRollups.orders} + 1`,
          amountMinor: sql`${customerDailyRollups.amountMinor} + excluded.amount_minor`,
        },
      }),
  );
  return { customerId: customer.id, isReturning };
}

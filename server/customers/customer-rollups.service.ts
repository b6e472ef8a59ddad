import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import {
  customerFirstMethodRollups,
  customerLifetimeRollups,
  customerMethodTotals,
  customerSwitchRollups,
} from "@/db/schema";
import { writeAtCommit } from "@/db/commit-hooks";
import type { DbOrTx, Tx } from "@/db/types";

/** What one customer payment changed of its customer's row (recordCustomerPayment). */
export interface CustomerStep {
  merchantId: string;
  customerId: string;
  firstMethodId: string;
  /** The customer's orders, this one included. */
  orders: number;
  currency: string;
  amountMinor: bigint;
  /** This payment's orders on its method and currency for the customer, this one included. */
  methodOrders: number;
  methodId: string;
  /** This order is the customer's first with another method than their first. */
  switched: { orderId: string; toMethodId: string } | null;
}

/**
 * Moves the shop's all-time customer roll-ups (db/schema/customers.ts) by one payment, in the
 * payment's transaction and at its commit (writeAtCommit), like the day's roll-up: the rows
 * are every payment's of the shop. What rebuildCustomerRollups says in SQL.
 */
export async function bumpCustomerRollups(tx: Tx, s: CustomerStep) {
  const newCustomer = s.orders === 1 ? 1 : 0;
  const cameBack = s.orders === 2 ? 1 : 0;
  if (newCustomer + cameBack > 0) {
    const f = customerFirstMethodRollups;
    await writeAtCommit(tx, ["customer-first", s.merchantId, s.firstMethodId].join("|"), () =>
      tx
        .insert(f)
        .values({
          merchantId: s.merchantId,
          firstMethodId: s.firstMethodId,
          customers: newCustomer,
          returned: cameBack,
        })
        .onConflictDoUpdate({
          target: [f.merchantId, f.firstMethodId],
          set: {
            customers: sql`${f.customers} + excluded.customers`,
            returned: sql`${f.returned} + excluded.returned`,
          },
        }),
    );
  }
  // Their first order in this currency: the first on this method, and none on another.
  const firstInCurrency =
    s.orders === 1 || (s.methodOrders === 1 && !(await paidInCurrencyOtherwise(tx, s)));
  const l = customerLifetimeRollups;
  await writeAtCommit(
    tx,
    ["customer-lifetime", s.merchantId, s.currency, s.firstMethodId].join("|"),
    () =>
      tx
        .insert(l)
        .values({
          merchantId: s.merchantId,
          currency: s.currency,
          firstMethodId: s.firstMethodId,
          customers: firstInCurrency ? 1 : 0,
          amountMinor: s.amountMinor,
        })
        .onConflictDoUpdate({
          target: [l.merchantId, l.currency, l.firstMethodId],
          set: {
            customers: sql`${l.customers} + excluded.customers`,
            amountMinor: sql`${l.amountMinor} + excluded.amount_minor`,
          },
        }),
  );
  const switched = s.switched;
  if (!switched) return;
  // Read at commit: the order's discount lines are spent after its change to paid, later in
  // this transaction (settlePromotionHolds), and a consumed line is what names the promotion.
  const key = ["customer-switch", s.merchantId, s.firstMethodId, switched.toMethodId];
  await writeAtCommit(tx, key.join("|"), () =>
    tx.execute(sql`
      insert into ${customerSwitchRollups} (merchant_id, from_method_id, to_method_id,
        promotion_id, customers)
      select ${s.merchantId}::uuid, ${s.firstMethodId}::uuid, ${switched.toMethodId}::uuid,
        h.promotion_id, count(*)
      from (select 1) one
      left join promotion_holds h on h.order_id = ${switched.orderId} and h.status = 'consumed'
      group by h.promotion_id
      on conflict (merchant_id, from_method_id, to_method_id, promotion_id)
      do update set customers = ${customerSwitchRollups}.customers + excluded.customers`),
  );
}

async function paidInCurrencyOtherwise(tx: Tx, s: CustomerStep) {
  const t = customerMethodTotals;
  const [other] = await tx
    .select({ methodId: t.methodId })
    .from(t)
    .where(
      and(eq(t.customerId, s.customerId), eq(t.currency, s.currency), ne(t.methodId, s.methodId)),
    )
    .limit(1);
  return other !== undefined;
}

/**
 * Recomputes the all-time customer roll-ups of a merchant (every merchant's when null) from
 * the customers' rows, their totals per method and the switching orders' spent discount
 * lines: in the caller's transaction, for the roll-up rebuild and history written in bulk.
 */
export async function rebuildCustomerRollups(tx: DbOrTx, merchantId: string | null) {
  const only = (column: SQL) => (merchantId ? sql`${column} = ${merchantId}` : sql`true`);
  for (const table of [customerFirstMethodRollups, customerLifetimeRollups, customerSwitchRollups])
    await tx.execute(sql`delete from ${table} where ${only(sql`merchant_id`)}`);
  // A customer's first method is null only once that method is gone, and its rows with it.
  const known = sql`c.first_method_id is not null and ${only(sql`c.merchant_id`)}`;
  await tx.execute(sql`
    insert into ${customerFirstMethodRollups} (merchant_id, first_method_id, customers, returned)
    select c.merchant_id, c.first_method_id, count(*), count(*) filter (where c.orders > 1)
    from customers c where ${known}
    group by 1, 2`);
  await tx.execute(sql`
    insert into ${customerLifetimeRollups} (merchant_id, currency, first_method_id, customers,
      amount_minor)
    select c.merchant_id, t.currency, c.first_method_id, count(distinct c.id), sum(t.amount_minor)
    from customers c join customer_method_totals t on t.customer_id = c.id
    where ${known}
    group by 1, 2, 3`);
  await tx.execute(sql`
    insert into ${customerSwitchRollups} (merchant_id, from_method_id, to_method_id,
      promotion_id, customers)
    select c.merchant_id, c.first_method_id, c.switched_to_method_id, h.promotion_id, count(*)
    from customers c
    left join promotion_holds h on h.order_id = c.switched_order_id and h.status = 'consumed'
    where ${known} and c.switched_to_method_id is not null
    group by 1, 2, 3, 4`);
}

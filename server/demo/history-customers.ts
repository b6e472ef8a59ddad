import { eq, sql } from "drizzle-orm";
import { customerDailyRollups, customerMethodTotals, customers, merchants } from "@/db/schema";
import type { Db } from "@/db/types";
import { one } from "@/db/one";
import { selectRows } from "@/server/analytics/rollup.service";
import { customerHash, normaliseContact } from "@/server/customers/customer-key.logic";
import { rebuildCustomerRollups } from "@/server/customers/customer-rollups.service";
import { localDate } from "@/server/time/local-date.logic";

/** The demo's regulars: this many phone numbers, a few orders each over the history. */
const regulars = 60;

interface PaidRow {
  id: string;
  contact: string;
  method_id: string;
  currency: string;
  amount_minor: string;
  paid_at: string | Date;
}

/**
 * Gives the demo café regulars, so the customers analytics has something to show: one paid
 * order in three gets the phone number of one of `regulars` customers, each mostly paying
 * with their own method (one order in eight with another: a switch). Then their rows and
 * roll-ups are made from those orders, as the payments would have kept them (the history is
 * written in bulk, past recordCustomerPayment). Runs on the demo's fresh history only.
 */
export async function seedDemoCustomers(db: Db, merchantId: string, key: Buffer) {
  const { timeZone } = one(
    await db
      .select({ timeZone: merchants.timeZone })
      .from(merchants)
      .where(eq(merchants.id, merchantId)),
    "merchant",
  );
  await db.transaction(async (tx) => {
    await tx.execute(sql`update orders set customer_id = null where merchant_id = ${merchantId}`);
    await tx.delete(customers).where(eq(customers.merchantId, merchantId));
    await tx.delete(customerDailyRollups).where(eq(customerDailyRollups.merchantId, merchantId));
    // A regular per order, from its id (no generator state to disturb); kept when the order's
    // method is theirs (method index ≡ regular's index), or one time in eight regardless.
    await tx.execute(sql`
      with paid as (
        select distinct on (o.id) o.id, a.method_id,
          abs(hashtext(o.id::text)) % ${regulars} as regular,
          abs(hashtext(o.id::text || 'switch')) % 8 = 0 as switching
        from orders o
        join payment_attempts a on a.order_id = o.id and a.status = 'succeeded' and not a.is_duplicate
        where o.merchant_id = ${merchantId} and o.paid_at is not null
          and abs(hashtext(o.id::text || 'contact')) % 3 = 0
        order by o.id, a.succeeded_at
      ), methods as (
        select id, row_number() over (order by created_at, id) - 1 as n, count(*) over () as total
        from payment_methods where merchant_id = ${merchantId}
      )
      update orders o set customer_contact = '+86 139 ' || lpad(p.regular::text, 4, '0') || ' 2026'
      from paid p join methods m on m.id = p.method_id
      where o.id = p.id and (p.regular % m.total = m.n or p.switching)`);
  });
  const rows = await selectRows<PaidRow>(
    db,
    sql`select distinct on (o.id) o.id, o.customer_contact as contact, a.method_id, o.currency,
        o.amount_minor::text, o.paid_at
      from orders o
      join payment_attempts a on a.order_id = o.id and a.status = 'succeeded' and not a.is_duplicate
      where o.merchant_id = ${merchantId} and o.paid_at is not null and o.customer_contact is not null
      order by o.id, a.succeeded_at`,
  );
  rows.sort((a, b) => new Date(a.paid_at).getTime() - new Date(b.paid_at).getTime());
  const people = new Map<
    string,
    {
      first: PaidRow;
      last: PaidRow;
      orders: string[];
      switched: PaidRow | null;
      totals: Map<string, { orders: number; amount: bigint; methodId: string; currency: string }>;
    }
  >();
  const days = new Map<string, { orders: number; amount: bigint }>();
  for (const r of rows) {
    const contact = normaliseContact(r.contact);
    if (!contact) continue;
    const hash = customerHash(key, { kind: "contact", value: contact });
    let p = people.get(hash);
    const returning = p !== undefined;
    if (!p) {
      p = { first: r, last: r, orders: [], switched: null, totals: new Map() };
      people.set(hash, p);
    }
    p.last = r;
    p.orders.push(r.id);
    if (!p.switched && r.method_id !== p.first.method_id) p.switched = r;
    const t = `${r.method_id}|${r.currency}`;
    const total = p.totals.get(t) ?? {
      orders: 0,
      amount: 0n,
      methodId: r.method_id,
      currency: r.currency,
    };
    p.totals.set(t, {
      ...total,
      orders: total.orders + 1,
      amount: total.amount + BigInt(r.amount_minor),
    });
    const d = `${r.currency}|${localDate(new Date(r.paid_at), timeZone)}|${r.method_id}|${returning}`;
    const day = days.get(d) ?? { orders: 0, amount: 0n };
    days.set(d, { orders: day.orders + 1, amount: day.amount + BigInt(r.amount_minor) });
  }
  await db.transaction(async (tx) => {
    for (const [hash, p] of people) {
      const [row] = await tx
        .insert(customers)
        .values({
          merchantId,
          keyHash: hash,
          firstMethodId: p.first.method_id,
          firstSeenAt: new Date(p.first.paid_at),
          lastSeenAt: new Date(p.last.paid_at),
          orders: p.orders.length,
          switchedOrderId: p.switched?.id ?? null,
          switchedToMethodId: p.switched?.method_id ?? null,
          switchedAt: p.switched ? new Date(p.switched.paid_at) : null,
        })
        .returning({ id: customers.id });
      await tx.execute(
        sql`update orders set customer_id = ${row!.id} where id in (${sql.join(
          p.orders.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      );
      await tx.insert(customerMethodTotals).values(
        [...p.totals.values()].map((t) => ({
          customerId: row!.id,
          merchantId,
          methodId: t.methodId,
          currency: t.currency,
          orders: t.orders,
          amountMinor: t.amount,
        })),
      );
    }
    if (days.size > 0)
      await tx.insert(customerDailyRollups).values(
        [...days].map(([k, v]) => {
          const [currency, day, methodId, returning] = k.split("|") as [
            string,
            string,
            string,
            string,
          ];
          return {
            merchantId,
            currency,
            day,
            methodId,
            isReturning: returning === "true",
            orders: v.orders,
            amountMinor: v.amount,
          };
        }),
      );
    await rebuildCustomerRollups(tx, merchantId);
  });
  return { customers: people.size, orders: rows.length };
}

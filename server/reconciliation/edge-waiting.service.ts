import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/types";
import { selectRows } from "@/server/analytics/rollup.service";
import { addDays, localDayStart } from "@/server/time/local-date.logic";
import { daysSpan, edgeWindows, type Period } from "./statement-coverage.logic";
import { importedPeriods } from "./statement-coverage.service";

/**
 * A payment or refund of ours that no imported line matched, this close to an edge of what the
 * method's statements cover that the statement on the other side of the edge may list it: it
 * is neither matched nor reported missing until that statement is in.
 */
export interface WaitingAtEdge {
  kind: "payment" | "refund";
  id: string;
  methodId: string;
  /** Its local day in the shop's zone. */
  day: string;
  at: Date;
  orderNumber: string;
  currency: string;
  amountMinor: bigint;
}

interface Row {
  kind: "payment" | "refund";
  id: string;
  method_id: string;
  day: string;
  at: string | Date;
  order_number: string;
  currency: string;
  amount_minor: string;
}

/**
 * What waits at the edges of the method's (each method's without `methodId`) statements among
 * the local days `range`, in time order. Reads only the instants around the edges, through the
 * (method, succeeded_at) indexes, whatever the number of days.
 */
export async function waitingAtEdges(
  db: DbOrTx,
  merchantId: string,
  timeZone: string,
  range: { from: string; to: string },
  methodId?: string,
): Promise<WaitingAtEdge[]> {
  const periods = await importedPeriods(db, merchantId, methodId, daysSpan(range, timeZone));
  const start = localDayStart(range.from, timeZone).getTime();
  const end = localDayStart(addDays(range.to, 1), timeZone).getTime();
  const windows: (Period & { methodId: string })[] = [];
  for (const [method, list] of periods) {
    for (const w of edgeWindows(list)) {
      const from = Math.max(w.from.getTime(), start);
      const to = Math.min(w.to.getTime(), end);
      if (from < to) windows.push({ methodId: method, from: new Date(from), to: new Date(to) });
    }
  }
  if (windows.length === 0) return [];
  const list = (pick: (w: (typeof windows)[number]) => string) => windows.map(pick).join(",");
  const w = sql`unnest(
    string_to_array(${list((x) => x.methodId)}, ',')::uuid[],
    string_to_array(${list((x) => x.from.toISOString())}, ',')::timestamptz[],
    string_to_array(${list((x) => x.to.toISOString())}, ',')::timestamptz[]) w(method_id, f, u)`;
  // Matched by a line, or settled by a person (a difference resolved under an older rule).
  const settled = (column: string, id: string) =>
    sql.raw(`(exists (select 1 from statement_lines l join statements s on s.id = l.statement_id
      where l.${column} = ${id} and s.status = 'imported')
      or exists (select 1 from recon_differences d where d.${column} = ${id}
        and d.status = 'resolved'))`);
  const rows = await selectRows<Row>(
    db,
    sql`
    select 'payment' as kind, a.id, a.method_id, a.succeeded_at as at, o.number as order_number,
      a.currency, a.amount_minor::text as amount_minor,
      (a.succeeded_at at time zone ${timeZone})::date::text as day
    from ${w}
    join payment_attempts a on a.method_id = w.method_id and a.succeeded_at >= w.f
      and a.succeeded_at < w.u
    join orders o on o.id = a.order_id
    where a.merchant_id = ${merchantId} and a.status = 'succeeded' and not a.is_duplicate
      and not ${settled("attempt_id", "a.id")}
    union all
    select 'refund', r.id, r.method_id, r.succeeded_at, o.number, r.currency,
      r.amount_minor::text, (r.succeeded_at at time zone ${timeZone})::date::text
    from ${w}
    join refunds r on r.method_id = w.method_id and r.succeeded_at >= w.f and r.succeeded_at < w.u
    join orders o on o.id = r.order_id
    where r.merchant_id = ${merchantId} and r.status = 'succeeded'
      and not ${settled("refund_id", "r.id")}
    order by at, id`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    methodId: r.method_id,
    day: r.day,
    at: new Date(r.at),
    orderNumber: r.order_number,
    currency: r.currency,
    amountMinor: BigInt(r.amount_minor),
  }));
}

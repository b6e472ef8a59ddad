import { sql } from "drizzle-orm";
import {
  paymentAmountMonthlyRollups,
  paymentAmountRollups,
  paymentDailyRollups,
  paymentFailureRollups,
  paymentRecoveryRollups,
  paymentRollups,
} from "@/db/schema";
import type { Db } from "@/db/types";
import { columnName, rollupShape } from "./rollup-write";
import { selectRows } from "./rollup.service";
import { monthOf } from "./month-span.logic";

/** The striped roll-ups, each with its rows of periods wholly before the day `before`. */
const stripedRollups = [
  ...[
    paymentRollups,
    paymentDailyRollups,
    paymentFailureRollups,
    paymentAmountRollups,
    paymentRecoveryRollups,
  ].map((table) => ({ table, past: (before: string) => sql`day < ${before}::date` })),
  {
    table: paymentAmountMonthlyRollups,
    past: (before: string) => sql`month < ${monthOf(before)}::date`,
  },
];

/**
 * Folds the roll-up rows of past days (and months) spread over stripes (rollup-write.ts) back
 * into one row per key, stripe 0, so a reader sums one row per key for all but the last days. One key per
 * transaction: it holds that key's rows alone, so it can wait for a payment's transaction but
 * a payment's transaction (which adds to one stripe per key) never waits for a row it holds
 * while holding one it needs. The shop's row first, FOR KEY SHARE, as a payment's roll-up writes
 * take it: a rebuild holding it (rollup-rebuild.service.ts) is waited for before any row is
 * taken. `before`: the first day left alone (by default yesterday, UTC:
 * a shop's own today or yesterday in every time zone). Returns the keys folded.
 */
export async function foldRollupStripes(
  db: Db,
  opts: { before?: string; limit?: number } = {},
): Promise<number> {
  const before = opts.before ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const limit = opts.limit ?? 1000;
  let folded = 0;
  for (const { table, past } of stripedRollups) {
    const { key, counters } = rollupShape(table);
    const keyNames = key.map((c) => sql.identifier(columnName(c.name)));
    const keyList = sql.join(keyNames, sql`, `);
    const counterNames = counters.map((c) => sql.identifier(columnName(c.name)));
    const keys = await selectRows<Record<string, string>>(
      db,
      sql`select distinct ${sql.join(
        key.map(
          (c) => sql`${sql.identifier(columnName(c.name))}::text as ${sql.identifier(c.name)}`,
        ),
        sql`, `,
      )}
        from ${table} where stripe <> 0 and ${past(before)} limit ${limit - folded}`,
    );
    for (const k of keys) {
      const match = sql.join(
        key.map((c, i) => sql`${keyNames[i]} = ${k[c.name]}`),
        sql` and `,
      );
      await db.transaction(async (tx) => {
        await tx.execute(sql`
          with shop as materialized (
            select 1 from merchants where id = ${k.merchantId}::uuid for key share),
          moved as (
            delete from ${table} where ${match} and stripe <> 0
              and (select count(*) from shop) >= 0
            returning ${keyList}, ${sql.join(counterNames, sql`, `)})
          insert into ${table} (${keyList}, stripe, ${sql.join(counterNames, sql`, `)})
          select ${keyList}, 0, ${sql.join(
            counterNames.map((n) => sql`sum(${n})`),
            sql`, `,
          )}
          from moved group by ${keyList}
          on conflict (${keyList}, stripe) do update set ${sql.join(
            counterNames.map((n) => sql`${n} = ${table}.${n} + excluded.${n}`),
            sql`, `,
          )}`);
      });
    }
    folded += keys.length;
    if (folded >= limit) break;
  }
  return folded;
}

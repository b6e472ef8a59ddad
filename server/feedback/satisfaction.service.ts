import { and, between, eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import {
  merchants,
  paymentMethods,
  receiptFeedback,
  satisfactionRollups,
  stores,
  users,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { personLabel } from "@/server/team/person-label";
import type { DayRange } from "@/server/time/local-date.logic";
import { localDay } from "@/server/analytics/rollup.service";
import { lowScoreAtMost, meanScore } from "./feedback.logic";

const r = satisfactionRollups;

/** The counts of a group of roll-up rows, as figures. */
const sums = {
  answers: sql<number>`coalesce(sum(${r.answers}), 0)::int`,
  scoreSum: sql<number>`coalesce(sum(${r.scoreSum}), 0)::int`,
  lowScores: sql<number>`coalesce(sum(${r.lowScores}), 0)::int`,
};

export interface SatisfactionFigures {
  answers: number;
  /** Mean score 1–5, null with no answers. */
  average: number | null;
  /** Share of answers of 1 or 2. */
  lowShare: number | null;
}

function figures(row: {
  answers: number;
  scoreSum: number;
  lowScores: number;
}): SatisfactionFigures {
  const answers = Number(row.answers);
  return {
    answers,
    average: meanScore(Number(row.scoreSum), answers),
    lowShare: answers > 0 ? Number(row.lowScores) / answers : null,
  };
}

/**
 * Satisfaction over local days, read from the roll-up only (never the answers): the whole,
 * per method, per store, per cashier and per day.
 */
export async function satisfactionOver(
  db: DbOrTx,
  merchantId: string,
  range: DayRange,
  storeId: string | null,
) {
  const where: SQL = and(
    eq(r.merchantId, merchantId),
    between(r.day, range.from, range.to),
    storeId ? eq(r.storeId, storeId) : undefined,
  ) as SQL;
  const [[total], byMethod, byStore, byCashier, byDay] = await Promise.all([
    db.select(sums).from(r).where(where),
    db
      .select({ methodId: r.methodId, label: paymentMethods.label, ...sums })
      .from(r)
      .leftJoin(paymentMethods, eq(paymentMethods.id, r.methodId))
      .where(where)
      .groupBy(r.methodId, paymentMethods.label),
    db
      .select({ storeId: r.storeId, name: stores.name, ...sums })
      .from(r)
      .innerJoin(stores, eq(stores.id, r.storeId))
      .where(where)
      .groupBy(r.storeId, stores.name),
    db
      .select({ cashierId: r.cashierId, name: personLabel(users), ...sums })
      .from(r)
      .leftJoin(users, eq(users.id, r.cashierId))
      .where(where)
      .groupBy(r.cashierId, users.name, users.email),
    db
      .select({ day: sql<string>`${r.day}::text`, ...sums })
      .from(r)
      .where(where)
      .groupBy(r.day)
      .orderBy(r.day),
  ]);
  const byName = <T extends { name: string | null }>(a: T, b: T) =>
    (a.name ?? "").localeCompare(b.name ?? "");
  return {
    total: figures(total ?? { answers: 0, scoreSum: 0, lowScores: 0 }),
    methods: byMethod
      .map((m) => ({ methodId: m.methodId, name: m.label, ...figures(m) }))
      .sort(byName),
    stores: byStore.map((s) => ({ storeId: s.storeId, name: s.name, ...figures(s) })).sort(byName),
    cashiers: byCashier
      .map((c) => ({ cashierId: c.cashierId, name: c.name, ...figures(c) }))
      .sort(byName),
    trend: byDay.map((d) => ({ day: d.day, ...figures(d) })),
  };
}

/**
 * Moves a shop's answers (every shop's when `merchantId` is null) and their roll-up rows to the
 * local days of the zone the shop has now, in the caller's transaction: satisfaction's part of
 * a zone's roll-up rebuild (rollup-rebuild.service). An answer erased at the customer's request
 * (customer-erasure) left its counts in the roll-up, anonymous, and no time to move them by:
 * they stay on the day they were counted on. Idempotent.
 */
export async function rebucketSatisfaction(tx: DbOrTx, merchantId: string | null) {
  const only = (column: SQLWrapper) => (merchantId ? sql`${column} = ${merchantId}` : sql`true`);
  const f = receiptFeedback;
  const counts = sql`count(*)::int, sum(${f.score})::int,
    (count(*) filter (where ${f.score} <= ${lowScoreAtMost}))::int`;
  const key = sql`${f.merchantId}, ${f.day}, ${f.storeId}, ${f.methodId}, ${f.cashierId}`;
  // What is left in the roll-up once the answers still held are taken out of it: the erased.
  await tx.execute(sql`
    update ${r} set answers = ${r.answers} - h.answers, score_sum = ${r.scoreSum} - h.score_sum,
      low_scores = ${r.lowScores} - h.low_scores
    from (select ${key}, ${counts} from ${f} where ${only(f.merchantId)} group by ${key})
      as h(merchant_id, day, store_id, method_id, cashier_id, answers, score_sum, low_scores)
    where ${r.merchantId} = h.merchant_id and ${r.day} = h.day and ${r.storeId} = h.store_id
      and ${r.methodId} is not distinct from h.method_id
      and ${r.cashierId} is not distinct from h.cashier_id`);
  await tx.execute(sql`
    update ${f} set day = ${localDay(sql`${f.createdAt}`, sql`${merchants.timeZone}`)}
    from ${merchants}
    where ${merchants.id} = ${f.merchantId} and ${only(f.merchantId)}
      and ${f.day} <> ${localDay(sql`${f.createdAt}`, sql`${merchants.timeZone}`)}`);
  // The answers held, back in on their days now.
  await tx.execute(sql`
    insert into ${r} (merchant_id, day, store_id, method_id, cashier_id, answers, score_sum,
      low_scores)
    select ${key}, ${counts} from ${f} where ${only(f.merchantId)} group by ${key}
    on conflict on constraint satisfaction_rollups_bucket do update
    set answers = ${r.answers} + excluded.answers, score_sum = ${r.scoreSum} + excluded.score_sum,
      low_scores = ${r.lowScores} + excluded.low_scores`);
  await tx.execute(sql`delete from ${r} where ${only(r.merchantId)} and ${r.answers} = 0`);
}

import { and, eq, sql, type SQL } from "drizzle-orm";
import { one } from "@/db/one";
import { merchants, statementLines } from "@/db/schema";
import type { DbOrTx, Tx } from "@/db/types";
import { selectRows } from "@/server/analytics/rollup.service";
import { DomainError } from "@/server/errors";
import { addDays, localDayStart } from "@/server/time/local-date.logic";
import { daysSpan, judgedSpans } from "./statement-coverage.logic";
import { importedPeriods } from "./statement-coverage.service";

/*
 * Matching is set-based: each step is one statement over all the lines in scope (a batch being
 * written, a whole statement, or one line when a person asks to match it again), so 200,000
 * lines cost a handful of joins, never a query per line. A line is linked and judged as it is
 * written (most lines are matched then and never written again); what is left `pending` is
 * judged when the import finishes, in the order of precedence: ignored, repeat, the verdict.
 */

/** The merchant's zone, read by the query itself: a line's or a payment's local day. */
const zoneOf = (merchantId: string) =>
  sql`(select time_zone from merchants where id = ${merchantId})`;

/**
 * A line another imported statement already brought (same method, kind, provider id and
 * amount: an ALL bill and a SUCCESS bill of one day) is a `repeat`: not matched, not counted.
 */
function markRepeats(tx: Tx, scope: SQL, idColumn: "provider_txn_id" | "provider_refund_id") {
  const id = sql.raw(idColumn);
  const kind = sql.raw(idColumn === "provider_txn_id" ? "'payment'" : "'refund'");
  return tx.execute(sql`
    update statement_lines l set state = 'repeat', attempt_id = null, refund_id = null
    where ${scope} and l.state in ('pending', 'matched') and l.kind = ${kind}
      and l.${id} is not null
      and exists (
        select 1 from statement_lines o join statements s on s.id = o.statement_id
        where o.method_id = l.method_id and o.${id} = l.${id} and o.kind = l.kind
          and o.amount_minor = l.amount_minor and o.statement_id <> l.statement_id
          and o.state <> 'repeat' and s.status = 'imported')`);
}

/*
 * The link and the verdict, shared by the lines being written and the lines judged later. `l`
 * is a line (kind, method_id and the four references); `x` a linked line (with attempt_id,
 * refund_id, statement_id, line_no, currency, amounts), `a` and `r` its attempt and refund.
 */

/** A line's reference as our refund's id when it is a uuid, else null (the primary key serves it). */
const refundRefAsId = sql`(case when l.merchant_refund_ref
  ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  then l.merchant_refund_ref::uuid end)`;

/**
 * The line's attempt and refund: the provider's id first, then our reference (out_trade_no is
 * the attempt's token, out_refund_no our refund's id).
 */
const linkColumns = (merchantId: string) => sql`
  (case when l.kind = 'payment' then coalesce(
    (select a.id from payment_attempts a where a.merchant_id = ${merchantId}
      and a.provider_txn_id = l.provider_txn_id and a.method_id = l.method_id limit 1),
    (select a.id from payment_attempts a where a.token = l.merchant_ref
      and a.merchant_id = ${merchantId} and a.method_id = l.method_id)) end) as attempt_id,
  (case when l.kind = 'refund' then coalesce(
    (select r.id from refunds r where r.merchant_id = ${merchantId}
      and r.provider_refund_id = l.provider_refund_id and r.method_id = l.method_id limit 1),
    (select r.id from refunds r where r.id = ${refundRefAsId}
      and r.merchant_id = ${merchantId} and r.method_id = l.method_id)) end) as refund_id`;

/** The one kind of difference a linked line shows, in order of precedence; null when none. */
const verdict = sql`(case
  when x.kind = 'payment' then case
    -- A later line of the statement for the same payment: among the lines judged together,
    -- or among the statement's lines judged before them.
    when x.attempt_id is not null and (
      row_number() over (partition by x.statement_id, x.attempt_id order by x.line_no) > 1
      or exists (select 1 from statement_lines e
        where e.attempt_id = x.attempt_id and e.statement_id = x.statement_id
          and e.kind = 'payment' and e.state <> 'repeat' and e.line_no < x.line_no))
      then 'duplicate_line'
    when a.id is null or a.status <> 'succeeded' then 'missing_here'
    when a.currency <> x.currency or a.amount_minor <> x.amount_minor then 'amount_mismatch'
    when coalesce(a.fee_minor, 0) <> x.fee_minor then 'fee_mismatch'
  end
  when x.kind = 'refund' then case
    -- The same for a refund: one refund given back twice in one bill is not two matches.
    when x.refund_id is not null and (
      row_number() over (partition by x.statement_id, x.refund_id order by x.line_no) > 1
      or exists (select 1 from statement_lines e
        where e.refund_id = x.refund_id and e.statement_id = x.statement_id
          and e.kind = 'refund' and e.state <> 'repeat' and e.line_no < x.line_no))
      then 'duplicate_line'
    when r.id is null or r.status <> 'succeeded' or r.currency <> x.currency
      or r.amount_minor <> x.amount_minor then 'refund_mismatch'
  end
end)::recon_difference_kind`;

/**
 * The linked attempt and refund of each line `x`, one primary-key probe a line. A plain join
 * lets a planner that misjudges the batch (PGlite has no autovacuum to refresh statistics)
 * hash the whole payments table for every batch, a cost that grows with the shop's history.
 */
const ourRecords = sql`
  left join lateral (select a.id, a.status, a.currency, a.amount_minor, a.fee_minor, a.order_id
    from payment_attempts a where a.id = x.attempt_id limit 1) a on true
  left join lateral (select r.id, r.status, r.currency, r.amount_minor, r.order_id
    from refunds r where r.id = x.refund_id limit 1) r on true`;

/** One line of a batch, as it is written (ids, link and state are added by the INSERT). */
export interface LineRow {
  line_no: number;
  kind: string;
  occurred_at: string;
  day: string;
  provider_txn_id: string | null;
  merchant_ref: string | null;
  provider_refund_id: string | null;
  merchant_refund_ref: string | null;
  currency: string;
  amount_minor: string;
  fee_minor: string;
  provider_status: string | null;
  raw: string;
}

/**
 * The batch as JSON bytes, built a line at a time. One JSON.stringify of the whole batch gives a
 * string of megabytes made of pieces, which V8 copies into one when the driver first reads it;
 * strings that large are born in the old generation and wait there for a full collection (about
 * 190 MB of them for 200,000 lines). The bytes go to both engines as a bytea parameter.
 */
function batchJson(rows: LineRow[]): Buffer {
  const parts = rows.map((row, i) => Buffer.from((i === 0 ? "[" : ",") + JSON.stringify(row)));
  parts.push(Buffer.from(rows.length === 0 ? "[]" : "]"));
  return Buffer.concat(parts);
}

/**
 * Writes a batch of a statement's lines in one INSERT with one parameter (the batch as JSON: a
 * multi-row VALUES list of 17 parameters a line costs far more to build and to parse), each
 * linked to our attempt or refund and `matched` when it shows no difference, `ignored` when it
 * moves no money we keep, else `pending` for the import's last step. Lines come in file order,
 * so a duplicate of a line in an earlier batch is found among the lines already written.
 */
export function writeLines(
  db: DbOrTx,
  ids: { statementId: string; merchantId: string; methodId: string },
  rows: LineRow[],
) {
  return db.execute(sql`
    with l as (
      select ${ids.statementId}::uuid as statement_id, ${ids.methodId}::uuid as method_id,
        b.line_no, b.kind::statement_line_kind as kind, b.occurred_at::timestamptz as occurred_at,
        b.day::date as day, b.provider_txn_id, b.merchant_ref, b.provider_refund_id,
        b.merchant_refund_ref, b.currency, b.amount_minor::bigint as amount_minor,
        b.fee_minor::bigint as fee_minor, b.provider_status, b.raw
      from json_to_recordset(convert_from(${batchJson(rows)}::bytea, 'UTF8')::json) as b(line_no int, kind text,
        occurred_at text, day text, provider_txn_id text, merchant_ref text,
        provider_refund_id text, merchant_refund_ref text, currency text, amount_minor text,
        fee_minor text, provider_status text, raw text)
    ), x as materialized (
      select l.*, ${linkColumns(ids.merchantId)} from l
    ), v as (
      select x.*, ${verdict} as difference
      from x ${ourRecords}
    )
    insert into statement_lines (statement_id, merchant_id, method_id, line_no, kind,
      occurred_at, day, provider_txn_id, merchant_ref, provider_refund_id, merchant_refund_ref,
      currency, amount_minor, fee_minor, provider_status, raw, attempt_id, refund_id, state)
    select statement_id, ${ids.merchantId}::uuid, method_id, line_no, kind, occurred_at, day,
      provider_txn_id, merchant_ref, provider_refund_id, merchant_refund_ref, currency,
      amount_minor, fee_minor, provider_status, raw, attempt_id, refund_id,
      (case when kind = 'other' then 'ignored' when difference is null then 'matched'
        else 'pending' end)::statement_line_state
    from v`);
}

/**
 * Gives each pending payment or refund line in scope its link and verdict: no difference
 * (matched), or the one kind it shows. The difference is recorded once per kind and line (a
 * cleared one opens again; a resolved one is never touched), and with `clearOthers` (matching
 * one line again) the line's open differences of other kinds are cleared.
 */
async function judgeLines(tx: Tx, merchantId: string, scope: SQL, opts: { clearOthers: boolean }) {
  const clear = opts.clearOthers
    ? sql`, cleared as (
        update recon_differences d set status = 'cleared', updated_at = now() from v
        where d.line_id = v.id and d.status = 'open' and (v.kind is null or d.kind <> v.kind))`
    : sql``;
  await tx.execute(sql`
    with x as materialized (
      select l.id, l.statement_id, l.line_no, l.kind, l.merchant_id, l.method_id, l.day,
        l.currency, l.amount_minor, l.fee_minor, ${linkColumns(merchantId)}
      from statement_lines l
      where ${scope} and l.state = 'pending' and l.kind in ('payment', 'refund')
    ), v as (
      select x.id, x.merchant_id, x.method_id, x.day, x.currency, x.amount_minor, x.fee_minor,
        x.attempt_id, x.refund_id, coalesce(a.order_id, r.order_id) as order_id,
        coalesce(a.amount_minor, r.amount_minor) as our_amount, a.fee_minor as our_fee,
        ${verdict} as kind
      from x ${ourRecords}
    ), found as (
      insert into recon_differences (merchant_id, method_id, day, kind, subject_key, line_id,
        attempt_id, refund_id, order_id, currency, our_amount_minor, their_amount_minor,
        our_fee_minor, their_fee_minor)
      select merchant_id, method_id, day, kind, 'line:' || id, id, attempt_id, refund_id,
        order_id, currency, our_amount, amount_minor, our_fee, fee_minor
      from v where kind is not null
      on conflict (method_id, kind, subject_key) do update set status = 'open',
        our_amount_minor = excluded.our_amount_minor, our_fee_minor = excluded.our_fee_minor,
        attempt_id = excluded.attempt_id, refund_id = excluded.refund_id,
        order_id = excluded.order_id, updated_at = now()
      where recon_differences.status = 'cleared'
    )${clear}
    update statement_lines l
    set attempt_id = v.attempt_id, refund_id = v.refund_id,
      state = (case when v.kind is null then 'matched' else 'difference' end)::statement_line_state
    from v where l.id = v.id`);
}

async function matchLines(tx: Tx, merchantId: string, scope: SQL, opts: { clearOthers: boolean }) {
  await tx.execute(sql`
    update statement_lines l set state = 'ignored'
    where ${scope} and l.state = 'pending' and l.kind = 'other'`);
  await markRepeats(tx, scope, "provider_txn_id");
  await markRepeats(tx, scope, "provider_refund_id");
  await judgeLines(tx, merchantId, scope, opts);
}

/**
 * Matches every pending line of one statement to our attempts and refunds and records the
 * line differences (missing here, amount, fee, refund, duplicate line). Runs inside the
 * import's matching transaction; refreshDifferences then looks at the days it covers.
 */
export async function matchStatement(tx: Tx, merchantId: string, statementId: string) {
  await matchLines(
    tx,
    merchantId,
    sql`l.statement_id = ${statementId} and l.merchant_id = ${merchantId}`,
    { clearOthers: false },
  );
}

/**
 * Matches one line again from scratch (after "query and apply" brought the lost payment in),
 * clearing the differences it no longer shows, and what that changes for our side of the day.
 * Returns the line's new state.
 */
export async function rematchLine(tx: Tx, merchantId: string, lineId: string) {
  const [line] = await tx
    .update(statementLines)
    .set({ state: "pending", attemptId: null, refundId: null })
    .where(and(eq(statementLines.id, lineId), eq(statementLines.merchantId, merchantId)))
    .returning({ methodId: statementLines.methodId, day: statementLines.day });
  if (!line) {
    throw new DomainError("NOT_FOUND", "statementLineNotFound", "Statement line not found");
  }
  await matchLines(tx, merchantId, sql`l.id = ${lineId}`, { clearOthers: true });
  await refreshDifferences(tx, merchantId, line.methodId, [line.day]);
  const after = await tx
    .select({ state: statementLines.state })
    .from(statementLines)
    .where(eq(statementLines.id, lineId));
  return one(after, "line").state;
}

/**
 * Our side of the days among `days`: every succeeded, non-duplicate payment of those local days
 * that no line of any imported statement matched is `missing_there` when its time falls where
 * the method's statements speak (judgedSpans: inside their periods, away from the edges by the
 * tolerance); every succeeded refund likewise a `refund_mismatch`. Open differences of our side
 * that a line now matches (on whatever day the line stood) are `cleared`, and so are those of
 * these days whose time falls where the statements do not speak (found under an older rule: see
 * edge-rejudge.service). Resolved differences are never touched. Idempotent. Returns the days on
 * which a difference was found (new, or open again) and how many were cleared as not judged.
 */
export async function refreshDifferences(
  tx: Tx,
  merchantId: string,
  methodId: string,
  days: string[],
): Promise<{ foundOn: string[]; clearedUnjudged: number }> {
  const found = new Set<string>();
  const tz = zoneOf(merchantId);
  const reopen = sql`on conflict (method_id, kind, subject_key) do update
    set status = 'open', updated_at = now() where recon_differences.status = 'cleared'`;
  const matched = (column: SQL, id: SQL) => sql`exists (
    select 1 from statement_lines l join statements s on s.id = l.statement_id
    where l.${column} = ${id} and s.status = 'imported')`;

  const spans = await judgedSpansOfDays(tx, merchantId, methodId, days);
  const [firstSpan, lastSpan] = [spans[0], spans.at(-1)];
  // The whole range too, so the index on (method, succeeded_at) reads only those instants'
  // payments instead of every payment the method ever took.
  const inSpans = (at: SQL) =>
    firstSpan && lastSpan
      ? sql`${at} >= ${firstSpan.from.toISOString()}::timestamptz
      and ${at} < ${lastSpan.to.toISOString()}::timestamptz
      and exists (select 1 from unnest(
        string_to_array(${spans.map((p) => p.from.toISOString()).join(",")}, ',')::timestamptz[],
        string_to_array(${spans.map((p) => p.to.toISOString()).join(",")}, ',')::timestamptz[]) j(f, u)
        where ${at} >= j.f and ${at} < j.u)`
      : sql`false`;
  if (firstSpan && lastSpan) {
    const payments = await selectRows<{ day: string }>(
      tx,
      sql`
      insert into recon_differences (merchant_id, method_id, day, kind, subject_key,
        attempt_id, order_id, currency, our_amount_minor, our_fee_minor)
      select a.merchant_id, a.method_id, (a.succeeded_at at time zone ${tz})::date,
        'missing_there', 'attempt:' || a.id, a.id, a.order_id, a.currency, a.amount_minor,
        a.fee_minor
      from payment_attempts a
      where a.merchant_id = ${merchantId} and a.method_id = ${methodId}
        and a.status = 'succeeded' and not a.is_duplicate
        and ${inSpans(sql`a.succeeded_at`)}
        and not ${matched(sql.raw("attempt_id"), sql`a.id`)}
      ${reopen} returning day::text as day`,
    );
    const refundRows = await selectRows<{ day: string }>(
      tx,
      sql`
      insert into recon_differences (merchant_id, method_id, day, kind, subject_key,
        refund_id, attempt_id, order_id, currency, our_amount_minor, our_fee_minor)
      select r.merchant_id, r.method_id, (r.succeeded_at at time zone ${tz})::date,
        'refund_mismatch', 'refund:' || r.id, r.id, r.attempt_id, r.order_id, r.currency,
        r.amount_minor, r.fee_refunded_minor
      from refunds r
      where r.merchant_id = ${merchantId} and r.method_id = ${methodId}
        and r.status = 'succeeded'
        and ${inSpans(sql`r.succeeded_at`)}
        and not ${matched(sql.raw("refund_id"), sql`r.id`)}
      ${reopen} returning day::text as day`,
    );
    for (const r of [...payments, ...refundRows]) found.add(r.day);
  }
  await tx.execute(sql`
    update recon_differences d set status = 'cleared', updated_at = now()
    where d.merchant_id = ${merchantId} and d.method_id = ${methodId} and d.status = 'open'
      and ((d.kind = 'missing_there' and ${matched(sql.raw("attempt_id"), sql`d.attempt_id`)})
        or (d.kind = 'refund_mismatch' and d.subject_key like 'refund:%'
          and ${matched(sql.raw("refund_id"), sql`d.refund_id`)}))`);
  const unjudged =
    days.length === 0
      ? []
      : await selectRows<{ id: string }>(
          tx,
          sql`
    update recon_differences d set status = 'cleared', updated_at = now()
    where d.merchant_id = ${merchantId} and d.method_id = ${methodId} and d.status = 'open'
      and d.day = any(string_to_array(${days.join(",")}, ',')::date[])
      and ((d.kind = 'missing_there' and d.subject_key like 'attempt:%' and not exists (
          select 1 from payment_attempts a where a.id = d.attempt_id
            and ${inSpans(sql`a.succeeded_at`)}))
        or (d.kind = 'refund_mismatch' and d.subject_key like 'refund:%' and not exists (
          select 1 from refunds r where r.id = d.refund_id and ${inSpans(sql`r.succeeded_at`)})))
    returning d.id`,
        );
  return { foundOn: [...found], clearedUnjudged: unjudged.length };
}

/** The judged spans (statement-coverage.logic) within the local days `days`, in time order. */
async function judgedSpansOfDays(tx: Tx, merchantId: string, methodId: string, days: string[]) {
  const { timeZone } = one(
    await tx
      .select({ timeZone: merchants.timeZone })
      .from(merchants)
      .where(eq(merchants.id, merchantId)),
    "merchant",
  );
  const sorted = [...days].sort();
  const [first, last] = [sorted[0], sorted.at(-1)];
  if (!first || !last) return [];
  const range = { from: first, to: last };
  const periods = await importedPeriods(tx, merchantId, methodId, daysSpan(range, timeZone));
  const start = localDayStart(range.from, timeZone).getTime();
  const end = localDayStart(addDays(range.to, 1), timeZone).getTime();
  return judgedSpans(periods.get(methodId) ?? [])
    .map((p) => ({
      from: new Date(Math.max(p.from.getTime(), start)),
      to: new Date(Math.min(p.to.getTime(), end)),
    }))
    .filter((p) => p.from.getTime() < p.to.getTime());
}

/** A statement's counts by line state, for its audit row and summary. */
export async function lineStateCounts(tx: Tx, statementId: string) {
  const rows = await tx
    .select({ state: statementLines.state, count: sql<number>`count(*)::int` })
    .from(statementLines)
    .where(eq(statementLines.statementId, statementId))
    .groupBy(statementLines.state);
  return Object.fromEntries(rows.map((r) => [r.state, r.count]));
}

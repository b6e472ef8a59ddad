import { and, eq, sql, type SQL } from "drizzle-orm";
import { allOf } from "@/db/one";
import {
  merchants,
  orders,
  paymentAttempts,
  paymentMethods,
  reconDifferences,
  refunds,
  statementLines,
  statementMappings,
  statements,
  users,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { DomainError } from "@/server/errors";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { selectRows } from "@/server/analytics/rollup.service";
import {
  listStatementLinesInput,
  listStatementsInput,
  type ListStatementLinesInput,
  type ListStatementsInput,
} from "./statement.schema";
import { personLabel } from "@/server/team/person-label";
import { failStalledImports } from "./statement-transition.service";
import type { StatementFormat } from "./parsers/types";
import { providerDayZone, wholeDaysIn, type Period } from "./statement-coverage.logic";

const newestFirst: Keyset = {
  key: statements.createdAt,
  id: statements.id,
  kind: "instant",
  descending: true,
};

/** Open differences of a statement's lines (one per line at most counts as one). */
const openLineDifferences = sql<number>`(
  select count(*)::int from ${statementLines} l
  where l.statement_id = ${statements.id} and l.state = 'difference'
    and exists (select 1 from ${reconDifferences} d
      where d.method_id = l.method_id and d.subject_key = 'line:' || l.id and d.status = 'open'))`;

/**
 * Fails the merchant's imports cut off by a stopped server before they are shown: they would
 * read "importing" until the shop's next import swept them (rows a live import holds are
 * skipped, never waited for).
 */
const sweepStalledImports = (db: DbOrTx, merchantId: string) =>
  db.transaction((tx) => failStalledImports(tx, merchantId));

/** A merchant's statements, newest first, keyset-paginated on (created_at, id). */
export async function listStatements(db: DbOrTx, merchantId: string, raw: ListStatementsInput) {
  const input = listStatementsInput.parse(raw);
  await sweepStalledImports(db, merchantId);
  const rows = await db
    .select({
      id: statements.id,
      methodId: statements.methodId,
      methodLabel: paymentMethods.label,
      methodKind: paymentMethods.kind,
      format: statements.format,
      status: statements.status,
      source: statements.source,
      fileName: statements.fileName,
      currency: statements.currency,
      firstDay: statements.firstDay,
      lastDay: statements.lastDay,
      lineCount: statements.lineCount,
      paymentsMinor: statements.paymentsMinor,
      refundsMinor: statements.refundsMinor,
      errorKey: statements.errorKey,
      errorDetails: statements.errorDetails,
      createdAt: statements.createdAt,
      importedAt: statements.importedAt,
      differencesOpen: openLineDifferences,
    })
    .from(statements)
    .innerJoin(paymentMethods, eq(paymentMethods.id, statements.methodId))
    .where(
      allOf(
        eq(statements.merchantId, merchantId),
        input.methodId ? eq(statements.methodId, input.methodId) : undefined,
        keysetAfter(newestFirst, input.cursor),
      ),
    )
    .orderBy(...keysetOrderBy(newestFirst))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (r) => [r.createdAt, r.id]);
}

async function statementOf(db: DbOrTx, merchantId: string, statementId: string) {
  const [row] = await db
    .select({
      statement: statements,
      methodLabel: paymentMethods.label,
      importedByName: personLabel(users),
      timeZone: merchants.timeZone,
    })
    .from(statements)
    .innerJoin(paymentMethods, eq(paymentMethods.id, statements.methodId))
    .innerJoin(merchants, eq(merchants.id, statements.merchantId))
    .leftJoin(users, eq(users.id, statements.importedBy))
    .where(and(eq(statements.id, statementId), eq(statements.merchantId, merchantId)));
  if (!row) throw new DomainError("NOT_FOUND", "statementNotFound", "Statement not found");
  return row;
}

/**
 * The period a statement speaks for, as instants (shown in the shop's zone), and the provider's
 * days it is when the provider's day is not the shop's (a Beijing day in a London shop).
 */
function coveredBy(format: StatementFormat, period: Period, timeZone: string) {
  const zone = providerDayZone(format);
  const days = zone && zone !== timeZone ? wholeDaysIn(period, zone) : null;
  return { ...period, providerDays: days && zone ? { zone, ...days } : null };
}

/** A declared total beside the counted one; a mismatch only where the file states one. */
function compare<T extends number | bigint>(declared: T | null, counted: T) {
  return { declared, counted, isMismatch: declared !== null && declared !== counted };
}

interface KindRow {
  kind: string;
  count: number;
  open: number;
  theirs: string | null;
  ours: string | null;
}

/**
 * A statement's summary: the file's totals beside the lines' sums (flagged where they
 * differ), its lines by state, and the differences it shows by kind with their totals against
 * ours. The differences are its lines' and our side's within its period (missing there).
 */
export async function getStatement(db: DbOrTx, merchantId: string, statementId: string) {
  await sweepStalledImports(db, merchantId);
  const {
    statement: s,
    methodLabel,
    importedByName,
    timeZone,
  } = await statementOf(db, merchantId, statementId);
  const byState = await db
    .select({
      state: statementLines.state,
      count: sql<number>`count(*)::int`,
      amountMinor: sql<string>`coalesce(sum(${statementLines.amountMinor}), 0)::text`,
    })
    .from(statementLines)
    .where(eq(statementLines.statementId, statementId))
    .groupBy(statementLines.state);
  // Our side's differences (a payment or refund of ours the statements do not list) are this
  // statement's when their time falls in its period: a day it covers only in part holds
  // another statement's too. The day bounds, a day wider for a zone changed since either was
  // dated, only let the (method, day) index find the candidates.
  const { coveredFrom: from, coveredUntil: until } = s;
  const inPeriod = (column: SQL) =>
    sql`${column} >= ${from?.toISOString()}::timestamptz
      and ${column} < ${until?.toISOString()}::timestamptz`;
  const ourSide =
    from && until && s.firstDay && s.lastDay && s.status === "imported"
      ? sql`or (d.method_id = ${s.methodId}
          and d.day between ${s.firstDay}::date - 1 and ${s.lastDay}::date + 1
          and ((d.subject_key like 'attempt:%' and exists (select 1 from payment_attempts a
              where a.id = d.attempt_id and ${inPeriod(sql`a.succeeded_at`)}))
            or (d.subject_key like 'refund:%' and exists (select 1 from refunds r
              where r.id = d.refund_id and ${inPeriod(sql`r.succeeded_at`)}))))`
      : sql``;
  const kinds = await selectRows<KindRow>(
    db,
    sql`select d.kind, count(*)::int as count,
        (count(*) filter (where d.status = 'open'))::int as open,
        sum(d.their_amount_minor)::text as theirs, sum(d.our_amount_minor)::text as ours
      from recon_differences d
      where d.merchant_id = ${merchantId} and (d.line_id in (
        select id from statement_lines where statement_id = ${statementId}) ${ourSide})
      group by d.kind order by d.kind`,
  );
  const big = (v: string | null) => (v === null ? null : BigInt(v));
  return {
    id: s.id,
    methodId: s.methodId,
    methodLabel,
    format: s.format,
    status: s.status,
    source: s.source,
    fileName: s.fileName,
    byteSize: s.byteSize,
    encoding: s.encoding,
    currency: s.currency,
    firstDay: s.firstDay,
    lastDay: s.lastDay,
    covered:
      s.coveredFrom && s.coveredUntil
        ? coveredBy(s.format, { from: s.coveredFrom, to: s.coveredUntil }, timeZone)
        : null,
    errorKey: s.errorKey,
    errorDetails: s.errorDetails,
    createdAt: s.createdAt,
    importedAt: s.importedAt,
    importedByName,
    totals: {
      lineCount: compare(s.declaredLineCount, s.lineCount),
      paymentsMinor: compare(s.declaredPaymentsMinor, s.paymentsMinor),
      refundsMinor: compare(s.declaredRefundsMinor, s.refundsMinor),
      feesMinor: compare(s.declaredFeesMinor, s.feesMinor),
    },
    lines: byState.map((r) => ({ ...r, amountMinor: BigInt(r.amountMinor) })),
    differences: kinds.map((k) => ({
      kind: k.kind,
      count: k.count,
      open: k.open,
      theirAmountMinor: big(k.theirs),
      ourAmountMinor: big(k.ours),
    })),
  };
}

const byLineNo: Keyset = {
  key: statementLines.lineNo,
  id: statementLines.id,
  kind: "integer",
  descending: false,
};

/** A statement's lines in file order, keyset on (line_no, id), with the order each matched. */
export async function listStatementLines(
  db: DbOrTx,
  merchantId: string,
  raw: ListStatementLinesInput,
) {
  const input = listStatementLinesInput.parse(raw);
  await statementOf(db, merchantId, input.statementId);
  const rows = await db
    .select({
      id: statementLines.id,
      lineNo: statementLines.lineNo,
      kind: statementLines.kind,
      occurredAt: statementLines.occurredAt,
      day: statementLines.day,
      providerTxnId: statementLines.providerTxnId,
      merchantRef: statementLines.merchantRef,
      providerRefundId: statementLines.providerRefundId,
      merchantRefundRef: statementLines.merchantRefundRef,
      currency: statementLines.currency,
      amountMinor: statementLines.amountMinor,
      feeMinor: statementLines.feeMinor,
      providerStatus: statementLines.providerStatus,
      raw: statementLines.raw,
      state: statementLines.state,
      attemptId: statementLines.attemptId,
      refundId: statementLines.refundId,
      orderId: orders.id,
      orderNumber: orders.number,
    })
    .from(statementLines)
    .leftJoin(paymentAttempts, eq(paymentAttempts.id, statementLines.attemptId))
    .leftJoin(refunds, eq(refunds.id, statementLines.refundId))
    .leftJoin(orders, sql`${orders.id} = coalesce(${paymentAttempts.orderId}, ${refunds.orderId})`)
    .where(
      allOf(
        eq(statementLines.statementId, input.statementId),
        eq(statementLines.merchantId, merchantId),
        input.state ? eq(statementLines.state, input.state) : undefined,
        keysetAfter(byLineNo, input.cursor),
      ),
    )
    .orderBy(...keysetOrderBy(byLineNo))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit, (r) => [BigInt(r.lineNo), r.id]);
}

/** The saved generic CSV mapping of one of the merchant's methods, or null. */
export async function getStatementMapping(db: DbOrTx, merchantId: string, methodId: string) {
  const [method] = await db
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.merchantId, merchantId)));
  if (!method) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  const [row] = await db
    .select({ mapping: statementMappings.mapping, updatedAt: statementMappings.updatedAt })
    .from(statementMappings)
    .where(eq(statementMappings.methodId, methodId));
  return row ?? null;
}

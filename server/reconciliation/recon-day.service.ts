import { and, eq, inArray, ne, sql, type AnyColumn } from "drizzle-orm";
import { allOf, one } from "@/db/one";
import {
  merchants,
  orders,
  paymentAttempts,
  paymentMethods,
  reconDays,
  reconDifferences,
  refunds,
  statementLines,
  statements,
  stores,
  users,
} from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { eachDay } from "@/server/time/local-date.logic";
import { closeFigures, dayState, monthRange, type CloseFigures } from "./recon-day.logic";
import { differencesOfDay } from "./recon-difference.service";
import { waitingAtEdges } from "./edge-waiting.service";
import { dayCoverage, daysSpan } from "./statement-coverage.logic";
import { importedPeriods } from "./statement-coverage.service";
import {
  listDaysInput,
  methodDayInput,
  type ListDaysInput,
  type MethodDayInput,
} from "./recon.schema";
import { personLabel } from "@/server/team/person-label";

/** A day's lines count once they are in a statement that finished importing. */
const importedLines = and(
  eq(statements.id, statementLines.statementId),
  eq(statements.status, "imported"),
);

async function methodOf(db: DbOrTx, merchantId: string, methodId: string) {
  const [method] = await db
    .select({
      id: paymentMethods.id,
      label: paymentMethods.label,
      kind: paymentMethods.kind,
      settlementDelayDays: paymentMethods.settlementDelayDays,
      timeZone: merchants.timeZone,
    })
    .from(paymentMethods)
    .innerJoin(merchants, eq(merchants.id, paymentMethods.merchantId))
    .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.merchantId, merchantId)));
  if (!method) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  return method;
}

/**
 * What stands between a day and its close: coverage by an imported statement, open
 * differences, lines not yet matched. Read beside the method's row, in one query.
 */
async function dayChecks(
  db: DbOrTx,
  merchantId: string,
  method: { id: string; timeZone: string },
  day: string,
) {
  const methodId = method.id;
  const periods = await importedPeriods(
    db,
    merchantId,
    methodId,
    daysSpan({ from: day, to: day }, method.timeZone),
  );
  const open = db
    .select({ count: sql`count(*)::int` })
    .from(reconDifferences)
    .where(
      and(
        eq(reconDifferences.methodId, methodId),
        eq(reconDifferences.day, day),
        eq(reconDifferences.merchantId, merchantId),
        eq(reconDifferences.status, "open"),
      ),
    );
  const pending = db
    .select({ count: sql`count(*)::int` })
    .from(statementLines)
    .innerJoin(statements, importedLines)
    .where(
      and(
        eq(statementLines.merchantId, merchantId),
        eq(statementLines.methodId, methodId),
        eq(statementLines.day, day),
        eq(statementLines.state, "pending"),
      ),
    );
  const [row] = await db
    .select({
      differences: sql<number>`(${open})`,
      pending: sql<number>`(${pending})`,
    })
    .from(paymentMethods)
    .where(eq(paymentMethods.id, methodId));
  return {
    coverage: dayCoverage(periods.get(methodId) ?? [], day, method.timeZone),
    differences: row?.differences ?? 0,
    pending: row?.pending ?? 0,
  };
}

/**
 * The provider's money of a day, from its statement lines (a line brought again by a later
 * statement, `repeat`, counts once; `ignored` lines move nothing we keep): payments, the
 * provider's fees (given back on refunds: negative), refunds; and our fees for the same lines —
 * the fee we computed on the attempts they matched, less what we gave back on the refunds.
 */
async function daySums(db: DbOrTx, merchantId: string, methodId: string, day: string) {
  const counted = allOf(
    eq(statementLines.merchantId, merchantId),
    eq(statementLines.methodId, methodId),
    eq(statementLines.day, day),
    inArray(statementLines.state, ["matched", "difference"]),
    ne(statementLines.kind, "other"),
  );
  const [sums] = await db
    .select({
      lineCount: sql<number>`count(*)::int`,
      currencies: sql<number>`count(distinct ${statementLines.currency})::int`,
      currency: sql<string | null>`min(${statementLines.currency})`,
      grossMinor: sql<string>`coalesce(sum(${statementLines.amountMinor}) filter (where ${statementLines.kind} = 'payment'), 0)::text`,
      theirFeesMinor: sql<string>`coalesce(sum(${statementLines.feeMinor}), 0)::text`,
      refundsMinor: sql<string>`coalesce(sum(${statementLines.amountMinor}) filter (where ${statementLines.kind} = 'refund'), 0)::text`,
      attemptFeesMinor: sql<string>`coalesce(sum(${paymentAttempts.feeMinor}) filter (where ${statementLines.kind} = 'payment'), 0)::text`,
      feesBackMinor: sql<string>`coalesce(sum(${refunds.feeRefundedMinor}) filter (where ${statementLines.kind} = 'refund'), 0)::text`,
    })
    .from(statementLines)
    .innerJoin(statements, importedLines)
    .leftJoin(paymentAttempts, eq(paymentAttempts.id, statementLines.attemptId))
    .leftJoin(refunds, eq(refunds.id, statementLines.refundId))
    .where(counted);
  const s = one(sums ? [sums] : [], "sums");
  return {
    currency: s.currency,
    currencies: s.currencies,
    lineCount: s.lineCount,
    grossMinor: BigInt(s.grossMinor),
    theirFeesMinor: BigInt(s.theirFeesMinor),
    ourFeesMinor: BigInt(s.attemptFeesMinor) - BigInt(s.feesBackMinor),
    refundsMinor: BigInt(s.refundsMinor),
  };
}

/**
 * Closes a method's day (日结): refused while no imported statement covers it, or it has open
 * differences or lines not yet matched; then its figures are kept on the day with who closed it.
 * The insert-or-update only touches a day still open, so two closes at once make one close.
 * Payments waiting at an edge (edge-waiting.service) do not hold it: the figures are the
 * statement lines', which they are not among, and the neighbouring statement's import opens the
 * day again should one of them turn out missing. The audit row keeps how many waited.
 */
export async function closeDay(db: Db, actor: Actor, merchantId: string, rawInput: MethodDayInput) {
  const { methodId, day } = methodDayInput.parse(rawInput);
  return db.transaction(async (tx) => {
    const method = await methodOf(tx, merchantId, methodId);
    const [existing] = await tx
      .select({ status: reconDays.status })
      .from(reconDays)
      .where(and(eq(reconDays.methodId, methodId), eq(reconDays.day, day)));
    if (existing?.status === "closed") throw alreadyClosed(day);
    const checks = await dayChecks(tx, merchantId, method, day);
    if (checks.coverage === "none") {
      throw new DomainError(
        "INVALID_STATE",
        "reconDayNotCovered",
        `No imported statement of this method covers ${day}`,
        { day },
      );
    }
    if (checks.coverage === "partial") {
      throw new DomainError(
        "INVALID_STATE",
        "reconDayPartlyCovered",
        `The imported statements of this method cover only part of ${day}`,
        { day },
      );
    }
    if (checks.differences > 0 || checks.pending > 0) {
      throw new DomainError(
        "INVALID_STATE",
        "reconDayNotReady",
        `${day} still has ${checks.differences} open differences and ${checks.pending} unmatched lines`,
        { day, differences: checks.differences, lines: checks.pending },
      );
    }
    const sums = await daySums(tx, merchantId, methodId, day);
    if (sums.currencies > 1) {
      throw new DomainError(
        "INVALID_STATE",
        "reconDayMixedCurrencies",
        `The lines of ${day} are in more than one currency`,
        { day },
      );
    }
    const figures = closeFigures(sums, day, method.settlementDelayDays);
    const waiting = await waitingAtEdges(
      tx,
      merchantId,
      method.timeZone,
      { from: day, to: day },
      methodId,
    );
    const now = new Date();
    const values = {
      status: "closed" as const,
      currency: sums.currency,
      ...figures,
      closedBy: actor.userId,
      closedAt: now,
      updatedAt: now,
    };
    const [closed] = await tx
      .insert(reconDays)
      .values({ merchantId, methodId, day, ...values })
      .onConflictDoUpdate({
        target: [reconDays.methodId, reconDays.day],
        set: values,
        setWhere: eq(reconDays.status, "open"),
      })
      .returning();
    if (!closed) throw alreadyClosed(day);
    await recordAudit(tx, actor, {
      merchantId,
      action: "recon.day_closed",
      entityType: "recon_day",
      entityId: `${methodId}:${day}`,
      after: {
        methodId,
        day,
        currency: sums.currency,
        lineCount: figures.lineCount,
        grossMinor: figures.grossMinor.toString(),
        theirFeesMinor: figures.theirFeesMinor.toString(),
        ourFeesMinor: figures.ourFeesMinor.toString(),
        refundsMinor: figures.refundsMinor.toString(),
        netMinor: figures.netMinor.toString(),
        expectedSettlementDay: figures.expectedSettlementDay,
        waitingAtEdges: waiting.length,
      },
    });
    return closed;
  });
}

function alreadyClosed(day: string) {
  return new DomainError("INVALID_STATE", "reconDayAlreadyClosed", `${day} is already closed`, {
    day,
  });
}

/**
 * The calendar: for each method (cash has no provider statement) and each day of the month,
 * its state, open differences, unmatched lines and, once closed, the close's net. Four
 * grouped queries over the month, whatever the number of days.
 */
export async function listDays(db: DbOrTx, merchantId: string, rawInput: ListDaysInput) {
  const input = listDaysInput.parse(rawInput);
  const range = monthRange(input.month);
  const methods = await db
    .select({ id: paymentMethods.id, label: paymentMethods.label, kind: paymentMethods.kind })
    .from(paymentMethods)
    .where(
      allOf(
        eq(paymentMethods.merchantId, merchantId),
        ne(paymentMethods.kind, "cash"),
        input.methodId ? eq(paymentMethods.id, input.methodId) : undefined,
      ),
    )
    .orderBy(paymentMethods.createdAt, paymentMethods.id);
  const inMonth = (column: AnyColumn) =>
    sql`${column} between ${range.from}::date and ${range.to}::date`;
  const methodFilter = (column: AnyColumn) =>
    input.methodId ? eq(column, input.methodId) : undefined;

  const { timeZone } = one(
    await db
      .select({ timeZone: merchants.timeZone })
      .from(merchants)
      .where(eq(merchants.id, merchantId)),
    "merchant",
  );
  const periods = await importedPeriods(db, merchantId, input.methodId, daysSpan(range, timeZone));
  const waiting = await waitingAtEdges(db, merchantId, timeZone, range, input.methodId);
  const differences = await db
    .select({
      methodId: reconDifferences.methodId,
      day: reconDifferences.day,
      count: sql<number>`count(*)::int`,
    })
    .from(reconDifferences)
    .where(
      allOf(
        eq(reconDifferences.merchantId, merchantId),
        eq(reconDifferences.status, "open"),
        inMonth(reconDifferences.day),
        methodFilter(reconDifferences.methodId),
      ),
    )
    .groupBy(reconDifferences.methodId, reconDifferences.day);
  const pending = await db
    .select({
      methodId: statementLines.methodId,
      day: statementLines.day,
      count: sql<number>`count(*)::int`,
    })
    .from(statementLines)
    .innerJoin(statements, importedLines)
    .where(
      allOf(
        eq(statementLines.merchantId, merchantId),
        eq(statementLines.state, "pending"),
        inMonth(statementLines.day),
        methodFilter(statementLines.methodId),
      ),
    )
    .groupBy(statementLines.methodId, statementLines.day);
  const days = await db
    .select()
    .from(reconDays)
    .where(
      allOf(
        eq(reconDays.merchantId, merchantId),
        inMonth(reconDays.day),
        methodFilter(reconDays.methodId),
      ),
    );

  const key = (methodId: string, day: string) => `${methodId}:${day}`;
  const counts = (rows: { methodId: string; day: string; count: number }[]) =>
    new Map(rows.map((r) => [key(r.methodId, r.day), r.count]));
  const waitingByDay = new Map<string, number>();
  for (const w of waiting) {
    const k = key(w.methodId, w.day);
    waitingByDay.set(k, (waitingByDay.get(k) ?? 0) + 1);
  }
  const openByDay = counts(differences);
  const pendingByDay = counts(pending);
  const dayRows = new Map(days.map((d) => [key(d.methodId, d.day), d]));
  const monthDays = eachDay(range, 31);

  return {
    month: input.month,
    methods: methods.map((m) => ({
      methodId: m.id,
      label: m.label,
      kind: m.kind,
      days: monthDays.map((day) => {
        const row = dayRows.get(key(m.id, day));
        const openDifferences = openByDay.get(key(m.id, day)) ?? 0;
        const pendingLines = pendingByDay.get(key(m.id, day)) ?? 0;
        return {
          day,
          state: dayState({
            closed: row?.status === "closed",
            coverage: dayCoverage(periods.get(m.id) ?? [], day, timeZone),
            openDifferences,
            pendingLines,
          }),
          openDifferences,
          pendingLines,
          waitingAtEdges: waitingByDay.get(key(m.id, day)) ?? 0,
          currency: row?.currency ?? null,
          netMinor: row?.status === "closed" ? row.netMinor : null,
          reopenedReason: row?.status === "open" ? row.reopenedReason : null,
        };
      }),
    })),
  };
}

/**
 * One method's day: its state, the close's figures (kept ones once closed, else as the lines
 * stand now), every difference of the day, what waits at the edges of the statements for the
 * neighbouring one, and the matched payments split by store (through the attempts' orders).
 */
export async function getDayClose(db: DbOrTx, merchantId: string, rawInput: MethodDayInput) {
  const { methodId, day } = methodDayInput.parse(rawInput);
  const method = await methodOf(db, merchantId, methodId);
  const [found] = await db
    .select({ day: reconDays, closedByName: personLabel(users) })
    .from(reconDays)
    .leftJoin(users, eq(users.id, reconDays.closedBy))
    .where(
      and(
        eq(reconDays.methodId, methodId),
        eq(reconDays.day, day),
        eq(reconDays.merchantId, merchantId),
      ),
    );
  const row = found?.day;
  const checks = await dayChecks(db, merchantId, method, day);
  const closed = row?.status === "closed";
  let currency: string | null;
  let figures: CloseFigures;
  if (closed) {
    currency = row.currency;
    figures = {
      lineCount: row.lineCount ?? 0,
      grossMinor: row.grossMinor ?? 0n,
      theirFeesMinor: row.theirFeesMinor ?? 0n,
      ourFeesMinor: row.ourFeesMinor ?? 0n,
      refundsMinor: row.refundsMinor ?? 0n,
      netMinor: row.netMinor ?? 0n,
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a close always keeps it
      expectedSettlementDay: row.expectedSettlementDay!,
    };
  } else {
    const sums = await daySums(db, merchantId, methodId, day);
    currency = sums.currency;
    figures = closeFigures(sums, day, method.settlementDelayDays);
  }
  const byStore = await db
    .select({
      storeId: stores.id,
      storeName: stores.name,
      lineCount: sql<number>`count(*)::int`,
      grossMinor: sql<string>`sum(${statementLines.amountMinor})::text`,
    })
    .from(statementLines)
    .innerJoin(statements, importedLines)
    .innerJoin(paymentAttempts, eq(paymentAttempts.id, statementLines.attemptId))
    .innerJoin(orders, eq(orders.id, paymentAttempts.orderId))
    .leftJoin(stores, eq(stores.id, orders.storeId))
    .where(
      and(
        eq(statementLines.merchantId, merchantId),
        eq(statementLines.methodId, methodId),
        eq(statementLines.day, day),
        eq(statementLines.kind, "payment"),
        eq(statementLines.state, "matched"),
      ),
    )
    .groupBy(stores.id, stores.name)
    .orderBy(stores.name);
  return {
    methodId,
    methodLabel: method.label,
    methodKind: method.kind,
    day,
    state: dayState({
      closed,
      coverage: checks.coverage,
      openDifferences: checks.differences,
      pendingLines: checks.pending,
    }),
    openDifferences: checks.differences,
    pendingLines: checks.pending,
    currency,
    figures,
    closedAt: closed ? row.closedAt : null,
    closedBy: closed ? row.closedBy : null,
    closedByName: closed ? (found?.closedByName ?? null) : null,
    reopenedReason: row?.reopenedReason ?? null,
    reopenedAt: row?.reopenedAt ?? null,
    byStore: byStore.map((s) => ({ ...s, grossMinor: BigInt(s.grossMinor) })),
    differences: await differencesOfDay(db, merchantId, methodId, day),
    waitingAtEdges: await waitingAtEdges(
      db,
      merchantId,
      method.timeZone,
      { from: day, to: day },
      methodId,
    ),
  };
}

/** The latest difference a line shows (cleared ones stopped holding), one column of it. */
const lineDifference = (column: string) =>
  sql.raw(`(select d.${column} from recon_differences d
    where d.line_id = statement_lines.id and d.status <> 'cleared'
    order by d.created_at desc limit 1)`);

const lineColumns = {
  id: statementLines.id,
  lineNo: statementLines.lineNo,
  statementFileName: statements.fileName,
  occurredAt: statementLines.occurredAt,
  kind: statementLines.kind,
  state: statementLines.state,
  providerTxnId: statementLines.providerTxnId,
  merchantRef: statementLines.merchantRef,
  providerRefundId: statementLines.providerRefundId,
  merchantRefundRef: statementLines.merchantRefundRef,
  currency: statementLines.currency,
  amountMinor: statementLines.amountMinor,
  feeMinor: statementLines.feeMinor,
  orderNumber: orders.number,
  storeName: stores.name,
  differenceKind: sql<string | null>`${lineDifference("kind")}`,
  differenceStatus: sql<string | null>`${lineDifference("status")}`,
  resolution: sql<string | null>`${lineDifference("resolution")}`,
  resolutionNote: sql<string | null>`${lineDifference("resolution_note")}`,
};

const linesInTimeOrder: Keyset = {
  key: statementLines.occurredAt,
  id: statementLines.id,
  kind: "instant",
  descending: false,
};

/**
 * A method's day's statement lines (of imported statements), in time order, in keyset pages
 * of 500, with the order each matched and the difference it shows: the close's export.
 */
export async function* dayLinePages(db: DbOrTx, merchantId: string, methodId: string, day: string) {
  let cursor: string | undefined;
  do {
    const rows = await db
      .select(lineColumns)
      .from(statementLines)
      .innerJoin(statements, importedLines)
      .leftJoin(paymentAttempts, eq(paymentAttempts.id, statementLines.attemptId))
      .leftJoin(refunds, eq(refunds.id, statementLines.refundId))
      .leftJoin(
        orders,
        eq(orders.id, sql`coalesce(${paymentAttempts.orderId}, ${refunds.orderId})`),
      )
      .leftJoin(stores, eq(stores.id, orders.storeId))
      .where(
        and(
          eq(statementLines.merchantId, merchantId),
          eq(statementLines.methodId, methodId),
          eq(statementLines.day, day),
          keysetAfter(linesInTimeOrder, cursor),
        ),
      )
      .orderBy(...keysetOrderBy(linesInTimeOrder))
      .limit(501);
    const page = keysetPage(rows, 500, (r) => [r.occurredAt, r.id]);
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

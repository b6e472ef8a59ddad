import { and, eq, sql } from "drizzle-orm";
import { one } from "@/db/one";
import { merchants, paymentMethods, statementMappings, statements } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { selectRows } from "@/server/analytics/rollup.service";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import { localDate, localTimestamp } from "@/server/time/local-date.logic";
import type {
  GenericCsvMapping,
  ReadStatementOptions,
  StatementLine,
  StatementReader,
} from "./parsers/types";
import { genericCsvMapping } from "./parsers/generic-csv.schema";
import { openStatement } from "./parsers/open-statement";
import {
  daysOf,
  edgeToleranceMs,
  providerDayZone,
  statementPeriod,
  touchedDays,
  type Period,
} from "./statement-coverage.logic";
import { reopenClosedDays } from "./recon-reopen.service";
import { layoutFitsMethod } from "./statement-provider.logic";
import {
  canTransitionStatement,
  failStalledImports,
  lockStatement,
  staleImportMinutes,
  transitionStatements,
} from "./statement-transition.service";
import type { StatementSource } from "./statement-source";
import {
  lineStateCounts,
  matchStatement,
  refreshDifferences,
  writeLines,
  type LineRow,
} from "./statement-match.service";

export interface ImportStatementInput {
  methodId: string;
  fileName: string;
  source: "upload" | "download";
  file: StatementSource;
  mapping?: GenericCsvMapping;
  /** What a download asked the provider for: the period when the file states none. */
  askedPeriod?: Period;
}

export interface ImportProgress {
  phase: "reading" | "matching";
  bytes?: number;
  lines?: number;
}

/** Recognises a file and streams its lines (the parsers' openStatement). */
export type OpenReader = (
  source: AsyncIterable<Uint8Array>,
  options: ReadStatementOptions,
) => Promise<StatementReader>;

/**
 * Lines per INSERT (one short statement each, so payments keep flowing meanwhile). A batch
 * outlives a few young-generation collections while it fills, so its lines are copied into the
 * old generation, where they stay until a full collection: at 2,000 lines a 200,000-line import
 * peaked about 30 MB higher on the embedded engine (which shares the process) for 14 % less CPU.
 */
const batchSize = 250;
/**
 * Gives the lines table its first statistics, once its first batch is written. Never analyzed
 * (a shop's first import, before the nightly ANALYZE), the planner guesses that a payment has
 * many lines and probes for a repeated line with a bitmap scan, which asks for the table's size
 * on every probe: on the embedded engine a file-size call per line, a tenth of a
 * 200,000-line import. Statistics of even one batch tell it the lines of a payment are few.
 */
async function analyzeIfNeverAnalyzed(db: Db) {
  const [table] = await selectRows<{ analyzed: boolean }>(
    db,
    sql`select reltuples >= 0 as analyzed from pg_class where oid = 'statement_lines'::regclass`,
  );
  if (table && !table.analyzed) await db.execute(sql`analyze statement_lines`);
}

/** A live import moves its progress at least this often while it reads (see staleImportMinutes). */
const progressEveryMs = 10_000;

async function methodOf(db: DbOrTx, merchantId: string, methodId: string) {
  const [row] = await db
    .select({
      id: paymentMethods.id,
      kind: paymentMethods.kind,
      label: paymentMethods.label,
      timeZone: merchants.timeZone,
    })
    .from(paymentMethods)
    .innerJoin(merchants, eq(merchants.id, paymentMethods.merchantId))
    .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.merchantId, merchantId)));
  if (!row) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  return row;
}

/** The method's saved generic CSV mapping (the mapping dialog's), if any. */
async function savedMapping(db: Db, methodId: string): Promise<GenericCsvMapping | undefined> {
  const [row] = await db
    .select({ mapping: statementMappings.mapping })
    .from(statementMappings)
    .where(eq(statementMappings.methodId, methodId));
  return row ? genericCsvMapping.parse(row.mapping) : undefined;
}

/** The earlier import of the same file, named in the refusal. */
async function refuseSameFile(
  db: Db,
  merchantId: string,
  method: { id: string; timeZone: string },
  sha256: string,
) {
  const [earlier] = await db
    .select({
      fileName: statements.fileName,
      createdAt: statements.createdAt,
      status: statements.status,
    })
    .from(statements)
    .where(
      and(
        eq(statements.merchantId, merchantId),
        eq(statements.methodId, method.id),
        eq(statements.fileSha256, sha256),
        sql`${statements.status} <> 'failed'`,
      ),
    );
  if (earlier?.status === "importing")
    return new DomainError(
      "CONFLICT",
      "statementImportRunning",
      "This statement file is being imported right now",
      {
        fileName: earlier.fileName,
        startedAt: localTimestamp(earlier.createdAt, method.timeZone),
        minutes: staleImportMinutes,
      },
    );
  return new DomainError(
    "CONFLICT",
    "statementAlreadyImported",
    "This statement file was already imported",
    {
      fileName: earlier?.fileName ?? "",
      importedAt: earlier ? localTimestamp(earlier.createdAt, method.timeZone) : "",
    },
  );
}

/** A line as one element of a batch's JSON. */
function lineRow(line: StatementLine, day: string): LineRow {
  return {
    line_no: line.lineNo,
    kind: line.kind,
    occurred_at: line.occurredAt.toISOString(),
    day,
    provider_txn_id: line.providerTxnId,
    merchant_ref: line.merchantRef,
    provider_refund_id: line.providerRefundId,
    merchant_refund_ref: line.merchantRefundRef,
    currency: line.currency,
    amount_minor: line.amountMinor.toString(),
    fee_minor: line.feeMinor.toString(),
    provider_status: line.providerStatus,
    raw: line.raw,
  };
}

/**
 * Imports one statement file for a payment method: the same file (by its digest) is refused
 * while an earlier import of it runs or has landed; its lines are read once and written in
 * batches of short transactions (payments keep flowing meanwhile; the lines stay invisible to
 * matching while the statement is `importing`), then matches them, refreshes the differences
 * of the days it covers, marks it `imported` and writes the audit row last, all in one
 * transaction. A file refused while read, or any failure after the statement row exists,
 * leaves it `failed` with the reason and no lines; the error is rethrown for the user.
 */
export async function importStatement(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: ImportStatementInput,
  onProgress: (p: ImportProgress) => void = () => {},
  openReader: OpenReader = openStatement,
): Promise<{ statementId: string }> {
  const method = await methodOf(db, merchantId, input.methodId);
  const { sha256, byteSize } = input.file;
  // Any of the shop's imports cut off by a stopped server: failed, their lines removed, their
  // files free to be brought again (this one's included).
  await db.transaction((tx) => failStalledImports(tx, merchantId));

  let bytesRead = 0;
  const reader = await openReader(input.file.open(), {
    mapping: input.mapping ?? (await savedMapping(db, method.id)),
    timeZone: method.timeZone,
    onProgress: (n) => (bytesRead = n),
  });
  if (!layoutFitsMethod(method.kind, reader.format)) {
    await reader.close();
    throw new DomainError(
      "VALIDATION",
      "statementWrongProvider",
      `A ${reader.format} statement is not one of ${method.label}'s`,
      { method: method.label },
    );
  }
  const [created] = await db
    .insert(statements)
    .values({
      merchantId,
      methodId: method.id,
      format: reader.format,
      source: input.source,
      fileName: input.fileName.slice(0, 255),
      fileSha256: sha256,
      byteSize,
      encoding: reader.encoding,
      importedBy: actor.userId,
    })
    .onConflictDoNothing()
    .returning({ id: statements.id });
  if (!created) throw await refuseSameFile(db, merchantId, method, sha256);
  const statementId = created.id;

  let movedAt = Date.now();
  const moved = async () => {
    movedAt = Date.now();
    await db
      .update(statements)
      .set({ progressAt: sql`now()` })
      .where(eq(statements.id, statementId));
  };
  try {
    const ids = { statementId, merchantId, methodId: method.id };
    let batch: LineRow[] = [];
    let lines = 0;
    let first: Date | null = null;
    let last: Date | null = null;
    const flush = async () => {
      if (batch.length === 0) return;
      await writeLines(db, ids, batch);
      if (Date.now() - movedAt >= progressEveryMs) await moved();
      if (lines === 0) await analyzeIfNeverAnalyzed(db);
      lines += batch.length;
      batch = [];
      onProgress({ phase: "reading", bytes: bytesRead, lines });
    };
    for await (const line of reader.lines) {
      const at = line.occurredAt;
      if (first === null || at < first) first = at;
      if (last === null || at > last) last = at;
      batch.push(lineRow(line, localDate(at, method.timeZone)));
      if (batch.length >= batchSize) await flush();
    }
    await flush();

    const summary = reader.summary();
    const period = statementPeriod({
      stated: summary.period ?? input.askedPeriod ?? null,
      lines: first && last ? { first, last } : null,
      dayZone: providerDayZone(reader.format) ?? method.timeZone,
    });
    const range = period ? touchedDays(period, method.timeZone) : null;
    onProgress({ phase: "matching", lines });
    await moved();
    // Fresh statistics first: the planner otherwise still sees the table as it was before
    // these lines (PGlite has no autovacuum) and picks plans that grow with their square.
    await db.execute(sql`analyze statement_lines`);
    await db.transaction(async (tx) => {
      // Failed meanwhile as cut off (a matching that outlasted the margin)? Its row is locked
      // before its lines are touched, in the order a sweep of cut-off imports takes them.
      const status = await lockStatement(tx, statementId);
      if (!status || !canTransitionStatement(status, "imported"))
        throw new DomainError(
          "CONFLICT",
          "statementImportInterrupted",
          "The import was stopped: bring the file again",
        );
      await matchStatement(tx, merchantId, statementId);
      const updated = await transitionStatements(tx, eq(statements.id, statementId), "imported", {
        currency: summary.currency,
        coveredFrom: period?.from ?? null,
        coveredUntil: period?.to ?? null,
        firstDay: range?.firstDay ?? null,
        lastDay: range?.lastDay ?? null,
        lineCount: summary.counted.lineCount,
        paymentsMinor: summary.counted.paymentsMinor,
        refundsMinor: summary.counted.refundsMinor,
        feesMinor: summary.counted.feesMinor,
        declaredLineCount: summary.declared?.lineCount ?? null,
        declaredPaymentsMinor: summary.declared?.paymentsMinor ?? null,
        declaredRefundsMinor: summary.declared?.refundsMinor ?? null,
        declaredFeesMinor: summary.declared?.feesMinor ?? null,
      });
      // The days the period touches, and those whose payments near its edges it may now judge.
      const touched = period
        ? daysOf(
            touchedDays(
              {
                from: new Date(period.from.getTime() - edgeToleranceMs),
                to: new Date(period.to.getTime() + edgeToleranceMs),
              },
              method.timeZone,
            ),
          )
        : [];
      const { foundOn } = await refreshDifferences(tx, merchantId, method.id, touched);
      // A statement that speaks for a closed day may change its figures: the day opens again.
      // A neighbouring day only when a payment that waited at the edge turned out missing: a
      // day's close does not wait for the next day's statement (see edge-waiting.service).
      const spoken = period ? daysOf(touchedDays(period, method.timeZone)) : [];
      await reopenClosedDays(tx, actor, merchantId, method.id, [
        ...new Set([...spoken, ...foundOn]),
      ]);
      const row = one(updated, "statement");
      await recordAudit(tx, actor, {
        merchantId,
        action: "statement.imported",
        entityType: "statement",
        entityId: statementId,
        after: {
          methodId: method.id,
          fileName: row.fileName,
          format: row.format,
          fileSha256: sha256,
          firstDay: row.firstDay,
          lastDay: row.lastDay,
          lines: await lineStateCounts(tx, statementId),
          counted: summary.counted,
          declared: summary.declared,
        },
      });
    });
    return { statementId };
  } catch (err) {
    const error =
      err instanceof DomainError
        ? { key: err.messageKey, details: err.details ?? {} }
        : { key: "statementImportFailed", details: {} };
    await db.transaction((tx) =>
      transitionStatements(tx, eq(statements.id, statementId), "failed", {
        errorKey: error.key,
        errorDetails: error.details,
      }),
    );
    throw err;
  }
}

/** Saves the generic CSV column mapping of one of the merchant's methods (audited). */
export async function saveStatementMapping(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: { methodId: string; mapping: GenericCsvMapping },
) {
  const method = await methodOf(db, merchantId, input.methodId);
  await db.transaction(async (tx) => {
    const values = {
      mapping: { ...input.mapping },
      updatedBy: actor.userId,
      updatedAt: new Date(),
    };
    await tx
      .insert(statementMappings)
      .values({ methodId: method.id, merchantId, ...values })
      .onConflictDoUpdate({ target: statementMappings.methodId, set: values });
    await recordAudit(tx, actor, {
      merchantId,
      action: "statement.mapping_saved",
      entityType: "payment_method",
      entityId: method.id,
      after: input.mapping,
    });
  });
}

import { and, eq, sql, type SQL } from "drizzle-orm";
import { allOf, one } from "@/db/one";
import {
  orders,
  paymentAttempts,
  paymentMethods,
  reconDifferences,
  statementLines,
  statements,
  users,
} from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { checkAttemptNow } from "@/server/payments/active-query.service";
import { methodFeeRule } from "@/server/payments/method-fees.service";
import type { ProviderDeps } from "@/server/payments/provider-request.service";
import {
  differenceFilters,
  listDifferencesInput,
  resolveDifferenceInput,
  type DifferenceFilters,
  type ListDifferencesInput,
  type ResolveDifferenceInput,
} from "./recon.schema";
import { rematchLine } from "./statement-match.service";
import { personLabel } from "@/server/team/person-label";

function selectRows(db: DbOrTx) {
  return db
    .select({
      id: reconDifferences.id,
      day: reconDifferences.day,
      kind: reconDifferences.kind,
      status: reconDifferences.status,
      methodId: reconDifferences.methodId,
      methodLabel: paymentMethods.label,
      methodKind: paymentMethods.kind,
      currency: reconDifferences.currency,
      ourAmountMinor: reconDifferences.ourAmountMinor,
      theirAmountMinor: reconDifferences.theirAmountMinor,
      ourFeeMinor: reconDifferences.ourFeeMinor,
      theirFeeMinor: reconDifferences.theirFeeMinor,
      orderId: reconDifferences.orderId,
      orderNumber: orders.number,
      attemptId: reconDifferences.attemptId,
      refundId: reconDifferences.refundId,
      lineId: reconDifferences.lineId,
      statementId: statementLines.statementId,
      statementFileName: statements.fileName,
      lineNo: statementLines.lineNo,
      lineOccurredAt: statementLines.occurredAt,
      providerTxnId: statementLines.providerTxnId,
      merchantRef: statementLines.merchantRef,
      providerRefundId: statementLines.providerRefundId,
      merchantRefundRef: statementLines.merchantRefundRef,
      resolution: reconDifferences.resolution,
      resolutionNote: reconDifferences.resolutionNote,
      resolvedBy: reconDifferences.resolvedBy,
      resolvedByName: personLabel(users),
      resolvedAt: reconDifferences.resolvedAt,
      createdAt: reconDifferences.createdAt,
    })
    .from(reconDifferences)
    .innerJoin(paymentMethods, eq(paymentMethods.id, reconDifferences.methodId))
    .leftJoin(orders, eq(orders.id, reconDifferences.orderId))
    .leftJoin(statementLines, eq(statementLines.id, reconDifferences.lineId))
    .leftJoin(statements, eq(statements.id, statementLines.statementId))
    .leftJoin(users, eq(users.id, reconDifferences.resolvedBy));
}
export type DifferenceRow = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

/** The WHERE of the queue's filters; merchant, status and day ride the (merchant_id, status, day, id) index. */
function filterWhere(merchantId: string, f: DifferenceFilters): SQL {
  return allOf(
    eq(reconDifferences.merchantId, merchantId),
    f.status ? eq(reconDifferences.status, f.status) : undefined,
    f.kind ? eq(reconDifferences.kind, f.kind) : undefined,
    f.methodId ? eq(reconDifferences.methodId, f.methodId) : undefined,
    f.from ? sql`${reconDifferences.day} >= ${f.from}::date` : undefined,
    f.to ? sql`${reconDifferences.day} <= ${f.to}::date` : undefined,
  );
}

const newestDaysFirst: Keyset = {
  key: reconDifferences.day,
  id: reconDifferences.id,
  kind: "date",
  descending: true,
};

async function pageOf(db: DbOrTx, where: SQL, cursorText: string | undefined, limit: number) {
  const rows = await selectRows(db)
    .where(and(where, keysetAfter(newestDaysFirst, cursorText)))
    .orderBy(...keysetOrderBy(newestDaysFirst))
    .limit(limit + 1);
  return keysetPage(rows, limit, (r) => [r.day, r.id]);
}

/** The differences queue: newest day first, filtered in SQL, keyset-paginated on (day, id). */
export async function listDifferences(
  db: DbOrTx,
  merchantId: string,
  rawInput: ListDifferencesInput,
) {
  const input = listDifferencesInput.parse(rawInput);
  return pageOf(db, filterWhere(merchantId, input), input.cursor, input.limit);
}

/** The filtered queue in keyset pages of 500, for the export (memory stays at one page). */
export async function* differencePages(
  db: DbOrTx,
  merchantId: string,
  filters: DifferenceFilters,
): AsyncGenerator<DifferenceRow[]> {
  const where = filterWhere(merchantId, differenceFilters.parse(filters));
  let cursor: string | undefined;
  do {
    const page = await pageOf(db, where, cursor, 500);
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Every difference of one method's day (any status), oldest first: the close's page. */
export function differencesOfDay(db: DbOrTx, merchantId: string, methodId: string, day: string) {
  return selectRows(db)
    .where(
      and(
        eq(reconDifferences.merchantId, merchantId),
        eq(reconDifferences.methodId, methodId),
        eq(reconDifferences.day, day),
      ),
    )
    .orderBy(reconDifferences.createdAt, reconDifferences.id);
}

/** How many differences wait for a person: the navigation's badge, an index-only count. */
export async function countOpenDifferences(db: DbOrTx, merchantId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(reconDifferences)
    .where(and(eq(reconDifferences.merchantId, merchantId), eq(reconDifferences.status, "open")));
  return row?.count ?? 0;
}

type Difference = typeof reconDifferences.$inferSelect;

/** Refuses an action that does not fit the difference as it stands. */
function assertResolvable(d: Difference, action: ResolveDifferenceInput["action"]) {
  if (d.status !== "open") {
    throw new DomainError(
      "INVALID_STATE",
      "reconDifferenceNotOpen",
      `This difference is already ${d.status}`,
      { status: d.status },
    );
  }
  if (action === "applied_by_query" && (d.kind !== "missing_here" || !d.attemptId)) {
    throw new DomainError(
      "INVALID_STATE",
      "reconQueryNotForKind",
      "Only a payment the provider lists for one of our payment requests can be applied by query",
      { kind: d.kind },
    );
  }
  if (action === "fee_rule_corrected" && d.kind !== "fee_mismatch") {
    throw new DomainError(
      "INVALID_STATE",
      "reconFeeRuleNotForKind",
      "Only a fee difference is resolved by correcting the fee rule",
      { kind: d.kind },
    );
  }
}

async function differenceOf(db: DbOrTx, merchantId: string, id: string, lock: boolean) {
  const query = db
    .select()
    .from(reconDifferences)
    .where(and(eq(reconDifferences.id, id), eq(reconDifferences.merchantId, merchantId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) {
    throw new DomainError("NOT_FOUND", "reconDifferenceNotFound", "This difference does not exist");
  }
  return row;
}

/** Why "applied by query" left the attempt unpaid, as the provider's asking ended. */
function notApplied(asked: Awaited<ReturnType<typeof checkAttemptNow>>) {
  switch (asked) {
    case "error":
      return new DomainError(
        "INVALID_STATE",
        "reconQueryFailed",
        "The provider could not be asked now; try again later",
      );
    case "not_open":
      // Another person's query (or the job's) holds the request this very moment.
      return new DomainError(
        "INVALID_STATE",
        "reconQueryBusy",
        "The provider is being asked about this payment right now; try again in a moment",
      );
    default:
      return new DomainError(
        "INVALID_STATE",
        "reconProviderNotPaid",
        "The provider says this payment was not made: the difference stays open",
      );
  }
}

/**
 * What "applied by query" found, checked under the difference's lock: the attempt succeeded
 * (by this query, or by anyone's since) and the statement's line now matches it.
 */
async function assertAppliedByQuery(
  tx: Tx,
  merchantId: string,
  d: Difference,
  asked: Awaited<ReturnType<typeof checkAttemptNow>>,
) {
  const attempt = one(
    await tx
      .select({ status: paymentAttempts.status })
      .from(paymentAttempts)
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- assertResolvable checked it
      .where(eq(paymentAttempts.id, d.attemptId!)),
    "attempt",
  );
  if (attempt.status !== "succeeded") throw notApplied(asked);
  if (!d.lineId) return;
  if ((await rematchLine(tx, merchantId, d.lineId)) !== "matched") {
    throw new DomainError(
      "INVALID_STATE",
      "reconLineStillDiffers",
      "The payment was applied, but the statement's line still differs from it",
    );
  }
}

/**
 * The fee rule the method has now in the difference's currency, which the person says is the
 * corrected one (`amountsSet` false: that currency has no amounts set, the rate alone applies).
 */
async function feeRuleOf(tx: DbOrTx, merchantId: string, d: Difference) {
  const found = await methodFeeRule(tx, merchantId, d.methodId, d.currency);
  if (!found) throw new DomainError("NOT_FOUND", "methodNotFound", "Payment method not found");
  const { rule } = found;
  return {
    currency: d.currency,
    feeRateBps: rule.rateBps,
    amountsSet: found.amountsSet,
    feeFixedMinor: rule.fixedMinor.toString(),
    feeMinMinor: rule.minMinor?.toString() ?? null,
    feeMaxMinor: rule.maxMinor?.toString() ?? null,
    ruleUpdatedAt: found.updatedAt.toISOString(),
  };
}

export interface ResolveDeps {
  /** How this process reaches the providers, for "query and apply". */
  providers: Omit<ProviderDeps, "publicUrl">;
}

/**
 * A person resolves an open difference (audited; nothing is deleted). `applied_by_query`
 * asks the provider first, through the active query's exactly-once path, outside any
 * transaction of ours (the provider call is slow); the rest is one transaction that holds the
 * difference's row, so two people resolving it at once resolve it once.
 */
export async function resolveDifference(
  db: Db,
  actor: Actor,
  merchantId: string,
  rawInput: ResolveDifferenceInput,
  deps: ResolveDeps,
) {
  const input = resolveDifferenceInput.parse(rawInput);
  const note = input.note || null;
  if (input.action !== "applied_by_query" && !note) {
    throw new DomainError("VALIDATION", "reconNoteRequired", "Say why in a note", {
      field: "note",
    });
  }
  const before = await differenceOf(db, merchantId, input.differenceId, false);
  assertResolvable(before, input.action);
  const asked =
    input.action === "applied_by_query" && before.attemptId
      ? await checkAttemptNow(
          db,
          deps.providers,
          actor,
          { attemptId: before.attemptId, merchantId },
          { listed: true },
        )
      : null;

  return db.transaction(async (tx) => {
    const d = await differenceOf(tx, merchantId, input.differenceId, true);
    assertResolvable(d, input.action);
    if (asked) await assertAppliedByQuery(tx, merchantId, d, asked);
    const feeRule =
      input.action === "fee_rule_corrected" ? await feeRuleOf(tx, merchantId, d) : undefined;
    const now = new Date();
    const resolved = one(
      await tx
        .update(reconDifferences)
        .set({
          status: "resolved",
          resolution: input.action,
          resolutionNote: note,
          resolvedBy: actor.userId,
          resolvedAt: now,
          updatedAt: now,
        })
        .where(eq(reconDifferences.id, d.id))
        .returning(),
      "difference",
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "recon.difference_resolved",
      entityType: "recon_difference",
      entityId: d.id,
      before: { status: d.status, kind: d.kind },
      after: {
        status: "resolved",
        resolution: input.action,
        note,
        methodId: d.methodId,
        day: d.day,
        ...(d.attemptId ? { attemptId: d.attemptId } : {}),
        ...(d.refundId ? { refundId: d.refundId } : {}),
        ...(asked ? { queryResult: asked } : {}),
        ...(feeRule ? { feeRule } : {}),
      },
    });
    return resolved;
  });
}

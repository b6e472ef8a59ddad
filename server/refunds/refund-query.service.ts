import { and, eq, ilike, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { allOf } from "@/db/one";
import { merchants, orders, paymentMethods, refunds, stores, users } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { DomainError } from "@/server/errors";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { containsPattern } from "@/server/payments/order-search.logic";
import {
  listRefundsInput,
  refundFilters,
  type ListRefundsInput,
  type RefundFilters,
} from "./refund.schema";
import { personLabel } from "@/server/team/person-label";

const requester = alias(users, "requester");
const approver = alias(users, "approver");
const refuser = alias(users, "refuser");

function selectRows(db: DbOrTx) {
  return db
    .select({
      id: refunds.id,
      orderId: refunds.orderId,
      orderNumber: orders.number,
      attemptId: refunds.attemptId,
      status: refunds.status,
      amountMinor: refunds.amountMinor,
      currency: refunds.currency,
      reason: refunds.reason,
      reasonText: refunds.reasonText,
      requestedBy: refunds.requestedBy,
      requestedByName: personLabel(requester),
      approvedBy: refunds.approvedBy,
      approvedByName: personLabel(approver),
      refusedBy: refunds.refusedBy,
      refusedByName: personLabel(refuser),
      refuseReason: refunds.refuseReason,
      decidedAt: refunds.decidedAt,
      providerRefundId: refunds.providerRefundId,
      failureCode: refunds.failureCode,
      failureMessage: refunds.failureMessage,
      feeRefundedMinor: refunds.feeRefundedMinor,
      methodLabel: paymentMethods.label,
      methodKind: paymentMethods.kind,
      storeName: stores.name,
      createdAt: refunds.createdAt,
      succeededAt: refunds.succeededAt,
      failedAt: refunds.failedAt,
    })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .innerJoin(paymentMethods, eq(paymentMethods.id, refunds.methodId))
    .leftJoin(stores, eq(stores.id, orders.storeId))
    .leftJoin(requester, eq(requester.id, refunds.requestedBy))
    .leftJoin(approver, eq(approver.id, refunds.approvedBy))
    .leftJoin(refuser, eq(refuser.id, refunds.refusedBy));
}
export type RefundListRow = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

/**
 * The WHERE of the list's filters. Dates are the merchant's local days, read in its zone by
 * the query itself (one round trip); the merchant and date bounds ride the table's
 * (merchant_id, [status,] created_at, id) indexes, the number search the orders' trigram index.
 */
function filterWhere(merchantId: string, f: RefundFilters & { orderId?: string }): SQL {
  const at = refunds.createdAt;
  const tz = sql`(select ${merchants.timeZone} from ${merchants} where ${merchants.id} = ${merchantId})`;
  return allOf(
    eq(refunds.merchantId, merchantId),
    f.status ? eq(refunds.status, f.status) : undefined,
    f.orderId ? eq(refunds.orderId, f.orderId) : undefined,
    f.methodKind ? eq(paymentMethods.kind, f.methodKind) : undefined,
    f.storeId ? eq(orders.storeId, f.storeId) : undefined,
    f.from ? sql`${at} >= (${f.from}::date)::timestamp at time zone ${tz}` : undefined,
    f.to ? sql`${at} < (${f.to}::date + 1)::timestamp at time zone ${tz}` : undefined,
    f.q ? ilike(orders.number, containsPattern(f.q)) : undefined,
  );
}

const newestRefundsFirst: Keyset = {
  key: refunds.createdAt,
  id: refunds.id,
  kind: "instant",
  descending: true,
};

async function pageOf(db: DbOrTx, where: SQL, cursorText: string | undefined, limit: number) {
  const rows = await selectRows(db)
    .where(and(where, keysetAfter(newestRefundsFirst, cursorText)))
    .orderBy(...keysetOrderBy(newestRefundsFirst))
    .limit(limit + 1);
  return keysetPage(rows, limit, (r) => [r.createdAt, r.id]);
}

/** A merchant's refunds, newest first, filtered in SQL, keyset-paginated on (created_at, id). */
export async function listRefunds(db: DbOrTx, merchantId: string, rawInput: ListRefundsInput) {
  const input = listRefundsInput.parse(rawInput);
  return pageOf(db, filterWhere(merchantId, input), input.cursor, input.limit);
}

/** The filtered list in keyset pages of 500, for the export (memory stays at one page). */
export async function* refundPages(
  db: DbOrTx,
  merchantId: string,
  filters: RefundFilters,
): AsyncGenerator<RefundListRow[]> {
  const where = filterWhere(merchantId, refundFilters.parse(filters));
  let cursor: string | undefined;
  do {
    const page = await pageOf(db, where, cursor, 500);
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * How many refunds wait for a decision: the approvers' badge, asked on every page, so it is
 * an index-only count on refunds (merchant_id, status, …).
 */
export async function countAwaitingApproval(db: DbOrTx, merchantId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(refunds)
    .where(and(eq(refunds.merchantId, merchantId), eq(refunds.status, "awaiting_approval")));
  return row?.count ?? 0;
}

/** One of the merchant's refunds. */
export async function getRefund(db: DbOrTx, merchantId: string, refundId: string) {
  const [row] = await selectRows(db).where(
    and(eq(refunds.id, refundId), eq(refunds.merchantId, merchantId)),
  );
  if (!row) throw new DomainError("NOT_FOUND", "refundNotFound", "Refund not found");
  return row;
}

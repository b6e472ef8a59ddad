import { and, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { allOf } from "@/db/one";
import { merchants, orders, paymentFailures, paymentMethods, stores, users } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { seesCustomerContact, type Role } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import {
  failureFilters,
  listFailuresInput,
  type FailureFilters,
  type ListFailuresInput,
} from "./failure-log.schema";
import { personLabel } from "@/server/team/person-label";

async function merchantTimeZone(db: DbOrTx, merchantId: string) {
  const [m] = await db
    .select({ timeZone: merchants.timeZone })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  return m?.timeZone ?? "UTC";
}

/** The WHERE of the log's filters; each combination is served by one of the table's indexes. */
function filterWhere(merchantId: string, f: FailureFilters, tz: string): SQL {
  const at = paymentFailures.occurredAt;
  return allOf(
    eq(paymentFailures.merchantId, merchantId),
    f.reason ? eq(paymentFailures.reason, f.reason) : undefined,
    f.kind ? eq(paymentFailures.kind, f.kind) : undefined,
    f.methodKind ? eq(paymentFailures.methodKind, f.methodKind) : undefined,
    f.storeId ? eq(paymentFailures.storeId, f.storeId) : undefined,
    f.from ? sql`${at} >= (${f.from}::date)::timestamp at time zone ${tz}` : undefined,
    f.to ? sql`${at} < (${f.to}::date + 1)::timestamp at time zone ${tz}` : undefined,
    f.recovered === "yes" ? isNotNull(paymentFailures.recoveredAt) : undefined,
    f.recovered === "no" ? isNull(paymentFailures.recoveredAt) : undefined,
  );
}

function selectRows(db: DbOrTx, role: Role) {
  return db
    .select({
      id: paymentFailures.id,
      kind: paymentFailures.kind,
      occurredAt: paymentFailures.occurredAt,
      reason: paymentFailures.reason,
      providerCode: paymentFailures.providerCode,
      providerMessage: paymentFailures.providerMessage,
      methodKind: paymentFailures.methodKind,
      methodLabel: paymentMethods.label,
      storeName: stores.name,
      staffName: personLabel(users),
      amountMinor: paymentFailures.amountMinor,
      currency: paymentFailures.currency,
      customerContact: seesCustomerContact(role)
        ? paymentFailures.customerContact
        : sql<string | null>`null`,
      orderId: paymentFailures.orderId,
      orderNumber: orders.number,
      attemptId: paymentFailures.attemptId,
      notificationId: paymentFailures.notificationId,
      recoveredAt: paymentFailures.recoveredAt,
      recoveredAmountMinor: paymentFailures.recoveredAmountMinor,
      occurrences: paymentFailures.occurrences,
    })
    .from(paymentFailures)
    .leftJoin(paymentMethods, eq(paymentMethods.id, paymentFailures.methodId))
    .leftJoin(stores, eq(stores.id, paymentFailures.storeId))
    .leftJoin(users, eq(users.id, paymentFailures.staffUserId))
    .leftJoin(orders, eq(orders.id, paymentFailures.orderId));
}
export type FailureRow = Awaited<ReturnType<ReturnType<typeof selectRows>["execute"]>>[number];

/** Beyond this many matches the list says "10,000+" instead of counting every row. */
const countCap = 10_000;

const newestFailuresFirst: Keyset = {
  key: paymentFailures.occurredAt,
  id: paymentFailures.id,
  kind: "instant",
  descending: true,
};

/** One keyset page of the log under `where`, newest first. */
async function pageOf(
  db: DbOrTx,
  role: Role,
  where: SQL,
  cursorText: string | undefined,
  limit: number,
) {
  const rows = await selectRows(db, role)
    .where(and(where, keysetAfter(newestFailuresFirst, cursorText)))
    .orderBy(...keysetOrderBy(newestFailuresFirst))
    .limit(limit + 1);
  return keysetPage(rows, limit, (r) => [r.occurredAt, r.id]);
}

/** The failure log, newest first, filtered in SQL, keyset-paginated on (occurred_at, id). */
export async function listFailures(
  db: DbOrTx,
  merchantId: string,
  role: Role,
  rawInput: ListFailuresInput,
) {
  const input = listFailuresInput.parse(rawInput);
  const where = filterWhere(merchantId, input, await merchantTimeZone(db, merchantId));
  const page = await pageOf(db, role, where, input.cursor, input.limit);
  const [{ count } = { count: 0 }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(sql`(select 1 from ${paymentFailures} where ${where} limit ${countCap + 1}) as capped`);
  return { ...page, total: Math.min(count, countCap), totalIsCapped: count > countCap };
}

export async function getFailure(db: DbOrTx, merchantId: string, role: Role, failureId: string) {
  const [row] = await selectRows(db, role).where(
    and(eq(paymentFailures.id, failureId), eq(paymentFailures.merchantId, merchantId)),
  );
  if (!row) throw new DomainError("NOT_FOUND", "failureNotFound", "Failure record not found");
  return row;
}

/**
 * The filtered log, newest first, in keyset pages of 500 (the export streams them: memory
 * stays at one page whatever the log's size).
 */
export async function* failurePages(
  db: DbOrTx,
  merchantId: string,
  role: Role,
  filters: FailureFilters,
  timeZone: string,
): AsyncGenerator<FailureRow[]> {
  const where = filterWhere(merchantId, failureFilters.parse(filters), timeZone);
  let cursor: string | undefined;
  do {
    const page = await pageOf(db, role, where, cursor, 500);
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import {
  memberships,
  merchants,
  orders,
  stores,
  users,
  voucherRedemptions,
  vouchers,
} from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { areaAccess } from "@/server/auth/roles.logic";
import {
  keysetAfter,
  keysetOrderBy,
  keysetPage,
  type Keyset,
} from "@/server/pagination/keyset.logic";
import { listRedemptionsInput, type ListRedemptionsInput } from "./voucher.schema";
import { personLabel } from "@/server/team/person-label";

const newestRedemptionsFirst: Keyset = {
  key: voucherRedemptions.redeemedAt,
  id: voucherRedemptions.id,
  kind: "instant",
  descending: true,
};

const reverser = sql`(select ${personLabel(users)} from ${users} where ${users.id} = ${voucherRedemptions.reversedBy})`;

type RedemptionFilters = Omit<ReturnType<typeof listRedemptionsInput.parse>, "cursor" | "limit">;

async function timeZoneOf(db: DbOrTx, merchantId: string) {
  const [merchant] = await db
    .select({ timeZone: merchants.timeZone })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  return merchant?.timeZone ?? "UTC";
}

/** One keyset page of the log on (redeemed_at, id), newest first. */
async function redemptionPage(
  db: DbOrTx,
  merchantId: string,
  tz: string,
  input: RedemptionFilters,
  cursorText: string | undefined,
  limit: number,
) {
  const r = voucherRedemptions;
  const filters: (SQL | undefined)[] = [eq(r.merchantId, merchantId)];
  if (input.storeId) filters.push(eq(r.storeId, input.storeId));
  if (input.staffUserId) filters.push(eq(r.staffUserId, input.staffUserId));
  if (input.from)
    filters.push(sql`${r.redeemedAt} >= (${input.from}::date)::timestamp at time zone ${tz}`);
  if (input.to)
    filters.push(sql`${r.redeemedAt} < (${input.to}::date + 1)::timestamp at time zone ${tz}`);
  if (input.state === "active") filters.push(isNull(r.reversedAt));
  if (input.state === "reversed") filters.push(isNotNull(r.reversedAt));
  filters.push(keysetAfter(newestRedemptionsFirst, cursorText));

  const rows = await db
    .select({
      id: r.id,
      redeemedAt: r.redeemedAt,
      deviceId: r.deviceId,
      reversedAt: r.reversedAt,
      reverseReason: r.reverseReason,
      reversedByName: reverser.mapWith(String),
      staffName: personLabel(users),
      storeName: stores.name,
      code: vouchers.code,
      voucherStatus: vouchers.status,
      usesTotal: vouchers.usesTotal,
      usesLeft: vouchers.usesLeft,
      valueMinor: vouchers.valueMinor,
      currency: vouchers.currency,
      orderId: vouchers.orderId,
      orderNumber: orders.number,
    })
    .from(r)
    .innerJoin(vouchers, eq(vouchers.id, r.voucherId))
    .innerJoin(orders, eq(orders.id, vouchers.orderId))
    .innerJoin(stores, eq(stores.id, r.storeId))
    .leftJoin(users, eq(users.id, r.staffUserId))
    .where(and(...filters))
    .orderBy(...keysetOrderBy(newestRedemptionsFirst))
    .limit(limit + 1);
  const page = keysetPage(rows, limit, (row) => [row.redeemedAt, row.id]);
  return {
    ...page,
    rows: page.rows.map((row) => ({
      ...row,
      reversedByName: row.reversedAt ? row.reversedByName : null,
    })),
  };
}
export type RedemptionRow = Awaited<ReturnType<typeof redemptionPage>>["rows"][number];

/**
 * The redemption log, newest first, filtered and paged in SQL: keyset on (redeemed_at, id)
 * over the (merchant, [store | staff,] redeemed_at, id) indexes.
 */
export async function listRedemptions(
  db: DbOrTx,
  merchantId: string,
  rawInput: ListRedemptionsInput,
) {
  const { cursor, limit, ...filters } = listRedemptionsInput.parse(rawInput);
  return redemptionPage(db, merchantId, await timeZoneOf(db, merchantId), filters, cursor, limit);
}

/** The whole filtered log in keyset pages of 500, for the streamed export. */
export async function* redemptionPages(
  db: DbOrTx,
  merchantId: string,
  rawFilters: Omit<ListRedemptionsInput, "cursor" | "limit">,
): AsyncGenerator<RedemptionRow[]> {
  const { cursor: _cursor, limit: _limit, ...filters } = listRedemptionsInput.parse(rawFilters);
  const tz = await timeZoneOf(db, merchantId);
  let cursor: string | undefined;
  do {
    const page = await redemptionPage(db, merchantId, tz, filters, cursor, 500);
    if (page.rows.length > 0) yield page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * What the merchant still owes in vouchers, per currency. Outstanding: issued vouchers not
 * expired, each counted as value × uses left ÷ uses total rounded down (remainingValueMinor,
 * the same rule); breakage: issued vouchers whose expiry passed with uses left.
 * Served by the (merchant, status, expires_at) index.
 */
export async function voucherLiability(db: DbOrTx, merchantId: string) {
  const remaining = sql`${vouchers.valueMinor} * ${vouchers.usesLeft} / ${vouchers.usesTotal}`;
  const expired = sql`${vouchers.expiresAt} is not null and ${vouchers.expiresAt} <= now()`;
  const rows = await db
    .select({
      currency: vouchers.currency,
      outstandingMinor: sql<string>`coalesce(sum(${remaining}) filter (where not (${expired})), 0)::text`,
      outstandingCount: sql<number>`(count(*) filter (where not (${expired})))::int`,
      breakageMinor: sql<string>`coalesce(sum(${remaining}) filter (where ${expired}), 0)::text`,
      breakageCount: sql<number>`(count(*) filter (where ${expired}))::int`,
    })
    .from(vouchers)
    .where(
      and(
        eq(vouchers.merchantId, merchantId),
        eq(vouchers.status, "issued"),
        sql`${vouchers.usesLeft} > 0`,
      ),
    )
    .groupBy(vouchers.currency)
    .orderBy(vouchers.currency);
  return rows.map((row) => ({
    currency: row.currency,
    outstandingMinor: BigInt(row.outstandingMinor),
    outstandingCount: Number(row.outstandingCount),
    breakageMinor: BigInt(row.breakageMinor),
    breakageCount: Number(row.breakageCount),
  }));
}

/** The members who may redeem, for the log's staff filter. */
export async function listRedeemers(db: DbOrTx, merchantId: string) {
  return db
    .select({ id: users.id, name: personLabel(users) })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.merchantId, merchantId),
        inArray(memberships.role, [...areaAccess.redeem]),
      ),
    )
    .orderBy(asc(users.name));
}

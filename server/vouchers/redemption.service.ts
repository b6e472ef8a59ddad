import { and, desc, eq, gt, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { orderItems, orders, stores, users, voucherRedemptions, vouchers } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { setTo, statementTemplate, type Placeholders } from "@/db/statement-template";
import { queueAuditIn, type StatementQueued } from "@/server/audit/audit-chainer.service";
import {
  auditRowJson,
  chainStatementAudit,
  recordAudit,
  type Actor,
} from "@/server/audit/audit.service";
import type { Role } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";
import { assertNotBlocked, guardAllows, recordWrongCode } from "./code-guard.service";
import { parseCode, type ParsedCode } from "./voucher-code.logic";
import { getVoucherSettings } from "./voucher-issue.service";
import {
  nextVoucherState,
  redeemTransition,
  reverseTransition,
  usesLeftAfterRefund,
  redeemability,
  voidableFrom,
  type Redeemability,
} from "./voucher-state.logic";
import type { RedeemInput, ReverseRedemptionInput, VoidVoucherInput } from "./voucher.schema";
import { personLabel } from "@/server/team/person-label";

/**
 * The redeem screen's answer: `valid` (check: may be redeemed), `redeemed` (done, one use
 * taken), or why not. `voucher` is shown whenever the code is one of this merchant's.
 */
export type RedeemResult =
  Redeemability | "redeemed" | "not_found" | "bad_check" | "bad_format" | "bad_character";

/**
 * A correlated subquery as a selected or returned column. Nested, because drizzle writes the
 * columns at the top of a one-table query's selection without their table's name, which
 * inside the subquery would name the subquery's own table instead of the outer row's.
 */
function correlated<T>(query: SQL): SQL<T> {
  return sql<T>`(${query})`;
}

/**
 * What the cashier sees about a voucher but its last use: what it is for, its uses, expiry,
 * scope. Columns of the voucher row in hand, so a SELECT reads them and the redeeming UPDATE
 * returns them alike; order, store and items come from correlated subqueries on their keys
 * (items on the (order_id, position) index).
 */
const voucherColumns = {
  id: vouchers.id,
  code: vouchers.code,
  status: vouchers.status,
  usesTotal: vouchers.usesTotal,
  usesLeft: vouchers.usesLeft,
  expiresAt: vouchers.expiresAt,
  storeId: vouchers.storeId,
  storeName: correlated<string | null>(
    sql`select ${stores.name} from ${stores} where ${stores.id} = ${vouchers.storeId}`,
  ),
  valueMinor: vouchers.valueMinor,
  currency: vouchers.currency,
  voidReason: vouchers.voidReason,
  voidedAt: vouchers.voidedAt,
  orderId: vouchers.orderId,
  orderNumber: correlated(
    sql`select ${orders.number} from ${orders} where ${orders.id} = ${vouchers.orderId}`,
  ).mapWith(orders.number),
  paidAt: correlated(
    sql`select ${orders.paidAt} from ${orders} where ${orders.id} = ${vouchers.orderId}`,
  ).mapWith(orders.paidAt),
  items: sql<{ name: string; quantity: number }[]>`coalesce(${correlated(sql`
    select json_agg(json_build_object('name', ${orderItems.name}, 'quantity', ${orderItems.quantity})
      order by ${orderItems.position})
    from ${orderItems} where ${orderItems.orderId} = ${vouchers.orderId}`)}, '[]'::json)`,
};

/** Who took a use, when and where, as the voucher view names them. */
interface RedemptionSeen {
  id: string;
  at: Date;
  staffName: string | null;
  storeName: string;
}

/**
 * The voucher by its code with its last standing use (as JSON, on the (voucher_id,
 * redeemed_at) index), in one statement: every check shows it, so a template
 * (db/statement-template.ts).
 */
const voucherByCode = statementTemplate(
  "voucher_view_by_code",
  (db, v: Placeholders<{ code: string; merchantId: string }>) =>
    db
      .select({
        ...voucherColumns,
        lastRedemption: correlated<(Omit<RedemptionSeen, "at"> & { at: string }) | null>(sql`
        select json_build_object('id', ${voucherRedemptions.id}, 'at', ${voucherRedemptions.redeemedAt},
          'staffName', ${personLabel(users)}, 'storeName', ${stores.name})
        from ${voucherRedemptions}
        join ${stores} on ${stores.id} = ${voucherRedemptions.storeId}
        left join ${users} on ${users.id} = ${voucherRedemptions.staffUserId}
        where ${voucherRedemptions.voucherId} = ${vouchers.id} and ${voucherRedemptions.reversedAt} is null
        order by ${voucherRedemptions.redeemedAt} desc limit 1`),
      })
      .from(vouchers)
      .where(and(eq(vouchers.code, v.code), eq(vouchers.merchantId, v.merchantId))),
);

/** What the cashier sees about a voucher: voucherColumns and its last standing use. */
async function loadVoucherView(db: DbOrTx, merchantId: string, code: string) {
  const [voucher] = await voucherByCode(db, { code, merchantId });
  if (!voucher) return null;
  const last = voucher.lastRedemption;
  return {
    ...voucher,
    lastRedemption: last ? { ...last, at: new Date(last.at) } : null,
  } satisfies { lastRedemption: RedemptionSeen | null };
}
export type VoucherView = NonNullable<Awaited<ReturnType<typeof loadVoucherView>>>;
export interface Verdict {
  result: RedeemResult;
  voucher: VoucherView | null;
  /** With `bad_character`: which character, at which position (from 1), codes never use. */
  character?: { character: string; position: number };
}

/** The verdict on a code that did not parse. */
function unparsed(parsed: Exclude<ParsedCode, { ok: true }>): Verdict {
  return parsed.reason === "bad_character"
    ? {
        result: "bad_character",
        voucher: null,
        character: { character: parsed.character, position: parsed.position },
      }
    : { result: parsed.reason, voucher: null };
}

const storeOfMerchant = statementTemplate(
  "redeem_store",
  (db, v: Placeholders<{ storeId: string; merchantId: string }>) =>
    db
      .select({ id: stores.id, closedAt: stores.closedAt })
      .from(stores)
      .where(and(eq(stores.id, v.storeId), eq(stores.merchantId, v.merchantId))),
);

/** The store the counter redeems at: the merchant's, and still open (a closed one hands nothing over). */
async function assertStore(db: DbOrTx, merchantId: string, storeId: string) {
  const [store] = await storeOfMerchant(db, { storeId, merchantId });
  if (!store) throw new DomainError("NOT_FOUND", "storeNotFound", "Store not found");
  if (store.closedAt) throw new DomainError("INVALID_STATE", "storeClosed", "This store is closed");
}

/**
 * The steps a check starts with: the guard, the code's form and check character (a typo never
 * reaches the database), the store. Wrong codes are counted. `role` only chooses what a
 * blocked person is told (who can lift the block).
 */
async function readCode(db: Db, actor: Actor, merchantId: string, input: RedeemInput, role?: Role) {
  // Both reads at once (two pooled connections on PostgreSQL); a block is told before the store.
  const [guard, store] = await Promise.allSettled([
    assertNotBlocked(db, merchantId, actor, input.deviceId, role),
    assertStore(db, merchantId, input.storeId),
  ]);
  if (guard.status === "rejected") throw guard.reason;
  if (store.status === "rejected") throw store.reason;
  const parsed = parseCode(input.code);
  if (!parsed.ok && parsed.reason === "bad_check")
    await recordWrongCode(db, merchantId, actor, input.code, input.deviceId);
  return parsed;
}

async function explain(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: RedeemInput,
  code: string,
): Promise<Verdict> {
  const voucher = await loadVoucherView(db, merchantId, code);
  if (!voucher) {
    await recordWrongCode(db, merchantId, actor, code, input.deviceId);
    return { result: "not_found", voucher: null };
  }
  return {
    result: redeemability(voucher, { now: new Date(), storeId: input.storeId }),
    voucher,
  };
}

/**
 * Step one at the counter: what the voucher is for and whether it can be redeemed here.
 * Changes nothing but the guard's count of wrong codes.
 */
export async function checkVoucher(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: RedeemInput,
  role?: Role,
): Promise<Verdict> {
  const parsed = await readCode(db, actor, merchantId, input, role);
  if (!parsed.ok) return unparsed(parsed);
  return explain(db, actor, merchantId, input, parsed.code);
}

/**
 * voucherColumns as a WITH query returns them: drizzle reads a computed column of one by its
 * alias alone (unqualified), so each alias is unique in redeemStatement.
 */
const takenColumns = {
  ...voucherColumns,
  storeName: voucherColumns.storeName.as("voucher_store_name"),
  orderNumber: voucherColumns.orderNumber.as("order_number"),
  paidAt: voucherColumns.paidAt.as("paid_at"),
  items: voucherColumns.items.as("items"),
};

/**
 * A redemption in one statement (see redeemVoucher), a template (db/statement-template.ts):
 * `taken`, one use taken by a conditional UPDATE while the voucher may still be redeemed here,
 * at an open store of the merchant, by a cashier and device the guard does not block,
 * returning the cashier's view of the voucher; `redemption`,
 * its row, returning who, when and where as the view names them; `queued`, its audit row. A
 * statement is atomic, so all three are written or none, and the two INSERTs write nothing
 * when the UPDATE took nothing.
 */
const redeemStatement = statementTemplate(
  "redeem",
  (
    db,
    v: Placeholders<{
      code: string;
      merchantId: string;
      storeId: string;
      updatedAt: Date;
      staffUserId: string | null;
      deviceId: string | null;
      auditRow: string;
    }>,
  ) => {
    const taken = db.$with("taken").as(
      db
        .update(vouchers)
        .set({
          usesLeft: sql`${vouchers.usesLeft} - 1`,
          // nextVoucherState's redeem, on the row as it is when the UPDATE takes it.
          status: sql`(case when ${vouchers.usesLeft} = 1 then ${redeemTransition.lastUse}
            else ${redeemTransition.otherUse} end)::voucher_status`,
          updatedAt: setTo(v.updatedAt),
        })
        .where(
          and(
            eq(vouchers.code, v.code),
            eq(vouchers.merchantId, v.merchantId),
            eq(vouchers.status, redeemTransition.from),
            gt(vouchers.usesLeft, 0),
            or(isNull(vouchers.expiresAt), sql`${vouchers.expiresAt} > now()`),
            or(isNull(vouchers.storeId), eq(vouchers.storeId, v.storeId)),
            sql`exists (select 1 from ${stores} where ${stores.id} = ${v.storeId}
              and ${stores.merchantId} = ${v.merchantId} and ${stores.closedAt} is null)`,
            guardAllows({ merchantId: v.merchantId, userId: v.staffUserId, deviceId: v.deviceId }),
          ),
        )
        .returning(takenColumns),
    );
    const redemption = db
      .$with("redemption", {
        id: sql<string>`redemption_id`.as("redemption_id"),
        at: sql<Date>`redeemed_at`.mapWith(voucherRedemptions.redeemedAt).as("redeemed_at"),
        staffName: sql<string | null>`staff_name`.as("staff_name"),
        storeName: sql<string>`redemption_store_name`.as("redemption_store_name"),
      })
      .as(
        sql`insert into ${voucherRedemptions} (merchant_id, voucher_id, staff_user_id, store_id, device_id)
          select ${v.merchantId}::uuid, taken.id, ${v.staffUserId}::uuid, ${v.storeId}::uuid, ${v.deviceId}::text
          from taken
          returning id as redemption_id, redeemed_at,
            (select ${personLabel(users)} from ${users}
              where ${users.id} = ${voucherRedemptions.staffUserId}) as staff_name,
            (select ${stores.name} from ${stores}
              where ${stores.id} = ${voucherRedemptions.storeId}) as redemption_store_name`,
      );
    const queued = db
      .$with("queued", { row: sql<StatementQueued>`queued_row`.as("queued_row") })
      .as(
        queueAuditIn(
          v.auditRow,
          {
            entityId: sql`taken.id::text`,
            after: sql`jsonb_build_object('redemptionId', redemption.redemption_id,
              'usesLeft', taken.uses_left, 'status', taken.status)`,
          },
          sql`taken, redemption`,
        ),
      );
    return db
      .with(taken, redemption, queued)
      .select({
        ...taken._.selectedFields,
        lastRedemption: { ...redemption._.selectedFields },
        queued: queued.row,
      })
      .from(taken)
      .innerJoin(redemption, sql`true`)
      .innerJoin(queued, sql`true`);
  },
);

/**
 * Step two: takes one use, exactly once whatever the races. One conditional UPDATE decides
 * (never read-then-write): of any number of cashiers redeeming the last use at once, one
 * gets the row back and the others get nothing, then learn why. The UPDATE also holds the
 * counter's store to the merchant and open and the cashier and device to the guard, and
 * returns the cashier's view of the voucher; the redemption row (returning who, when, where:
 * the view's last use) and the audit record are written by the same statement
 * (redeemStatement), so no transaction is opened and no read comes first: one statement, one
 * round trip, where a guard read, BEGIN, three statements and COMMIT were six.
 */
export async function redeemVoucher(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: RedeemInput,
  role?: Role,
): Promise<Verdict> {
  const parsed = parseCode(input.code);
  if (parsed.ok) {
    const deviceId = input.deviceId ?? null;
    const [redeemed] = await redeemStatement(db, {
      code: parsed.code,
      merchantId,
      storeId: input.storeId,
      updatedAt: new Date(),
      staffUserId: actor.userId,
      deviceId,
      // Completed by the statement: the voucher's id, the redemption's, the uses left and status.
      auditRow: auditRowJson(actor, {
        merchantId,
        action: "voucher.redeem",
        entityType: "voucher",
        after: { storeId: input.storeId, deviceId },
      }),
    });
    if (redeemed) {
      const { queued, ...voucher } = redeemed;
      await chainStatementAudit(db, merchantId, queued);
      return { result: "redeemed", voucher };
    }
  }
  // Nothing taken, or a code that goes no further: why not is what a check says, in its
  // order (a block, then a store not the merchant's or closed, then the code and voucher).
  return checkVoucher(db, actor, merchantId, input, role);
}

/**
 * 撤销核销: a manager gives back a use taken by mistake, within the merchant's window. The
 * window and the "not reversed yet" rule sit in the UPDATE itself, so a reversal happens once.
 */
export async function reverseRedemption(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: ReverseRedemptionInput,
) {
  return db.transaction(async (tx) => {
    const { reversalWindowMinutes } = await getVoucherSettings(tx, merchantId);
    const [reversed] = await tx
      .update(voucherRedemptions)
      .set({ reversedAt: sql`now()`, reversedBy: actor.userId, reverseReason: input.reason })
      .where(
        and(
          eq(voucherRedemptions.id, input.redemptionId),
          eq(voucherRedemptions.merchantId, merchantId),
          isNull(voucherRedemptions.reversedAt),
          sql`${voucherRedemptions.redeemedAt} >= now() - make_interval(mins => ${reversalWindowMinutes})`,
        ),
      )
      .returning();
    if (!reversed)
      return explainNoReversal(tx, merchantId, input.redemptionId, reversalWindowMinutes);
    const [voucher] = await tx
      .update(vouchers)
      .set({
        usesLeft: sql`${vouchers.usesLeft} + 1`,
        status: reverseTransition.to,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(vouchers.id, reversed.voucherId),
          ne(vouchers.status, reverseTransition.notFrom),
          sql`${vouchers.usesLeft} < ${vouchers.usesTotal}`,
        ),
      )
      .returning({ id: vouchers.id, usesLeft: vouchers.usesLeft });
    if (!voucher) {
      throw new DomainError("INVALID_STATE", "voucherVoid", "The voucher was voided", {});
    }
    await recordAudit(tx, actor, {
      merchantId,
      action: "voucher.reverse",
      entityType: "voucher",
      entityId: voucher.id,
      after: { redemptionId: reversed.id, reason: input.reason, usesLeft: voucher.usesLeft },
    });
    return { redemptionId: reversed.id, usesLeft: voucher.usesLeft };
  });
}

async function explainNoReversal(
  tx: Tx,
  merchantId: string,
  redemptionId: string,
  windowMinutes: number,
): Promise<never> {
  const [row] = await tx
    .select({ reversedAt: voucherRedemptions.reversedAt })
    .from(voucherRedemptions)
    .where(
      and(eq(voucherRedemptions.id, redemptionId), eq(voucherRedemptions.merchantId, merchantId)),
    );
  if (!row) throw new DomainError("NOT_FOUND", "redemptionNotFound", "Redemption not found");
  if (row.reversedAt) throw new DomainError("INVALID_STATE", "alreadyReversed", "Already reversed");
  throw new DomainError(
    "INVALID_STATE",
    "reversalWindowPassed",
    "Too late to reverse this redemption",
    { minutes: windowMinutes },
  );
}

/**
 * Voids an order's voucher with the reason the cashier will read: by default for a refund of
 * the order (used or not), or `void_unused` for a manager withdrawing the uses not taken yet.
 * Runs in the caller's transaction; a voucher not in a status the kind of void starts from
 * (none, already void, used up for `void_unused`) is left alone and null returned.
 */
export async function voidVoucherForOrder(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  orderId: string,
  reason: string,
  kind: keyof typeof voidableFrom = "void",
) {
  const [voucher] = await tx
    .update(vouchers)
    .set({ status: "void", voidReason: reason, voidedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(vouchers.orderId, orderId),
        eq(vouchers.merchantId, merchantId),
        inArray(vouchers.status, [...voidableFrom[kind]]),
      ),
    )
    .returning({ id: vouchers.id, usesLeft: vouchers.usesLeft });
  if (!voucher) return null;
  await recordAudit(tx, actor, {
    merchantId,
    action: "voucher.void",
    entityType: "voucher",
    entityId: voucher.id,
    after: { orderId, reason, kind, usesLeft: voucher.usesLeft },
  });
  return voucher;
}

/**
 * A manager voids a voucher that still has uses (lost, disputed, given by mistake). One used
 * up is refused: what it bought was handed over, and only a refund of the order voids it.
 */
export async function voidVoucher(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: VoidVoucherInput,
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        orderId: vouchers.orderId,
        status: vouchers.status,
        usesLeft: vouchers.usesLeft,
        usesTotal: vouchers.usesTotal,
      })
      .from(vouchers)
      .where(and(eq(vouchers.id, input.voucherId), eq(vouchers.merchantId, merchantId)))
      .for("update");
    if (!row) throw new DomainError("NOT_FOUND", "voucherNotFound", "Voucher not found");
    const voided = nextVoucherState(row, "void_unused")
      ? await voidVoucherForOrder(tx, actor, merchantId, row.orderId, input.reason, "void_unused")
      : null;
    if (voided) return voided;
    if (row.status === "void")
      throw new DomainError("INVALID_STATE", "voucherAlreadyVoid", "The voucher is already void");
    throw new DomainError(
      "INVALID_STATE",
      "voucherUsedUp",
      "The voucher is used up: only a refund of its order voids it",
    );
  });
}

/**
 * A partial refund of an order withdraws the uses of its voucher the refunded money paid
 * for (usesLeftAfterRefund says how many stay, and how it rounds), in the caller's
 * transaction. A voucher left with no uses it was never used for is voided; one whose uses
 * were all taken reads as redeemed. Null when nothing changed (no voucher, void, no use to take).
 */
export async function withdrawVoucherUsesForRefund(
  tx: Tx,
  actor: Actor,
  merchantId: string,
  orderId: string,
  paid: { paidMinor: bigint; refundedMinor: bigint },
  reason: string,
) {
  const [voucher] = await tx
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.orderId, orderId), eq(vouchers.merchantId, merchantId)))
    .for("update");
  if (!voucher || voucher.status !== "issued") return null;
  const usesLeft = usesLeftAfterRefund(voucher, paid.paidMinor, paid.refundedMinor);
  if (usesLeft === voucher.usesLeft) return null;
  if (usesLeft === 0 && voucher.usesLeft === voucher.usesTotal)
    return voidVoucherForOrder(tx, actor, merchantId, orderId, reason);
  await tx
    .update(vouchers)
    .set({ usesLeft, status: usesLeft === 0 ? "redeemed" : "issued", updatedAt: new Date() })
    .where(eq(vouchers.id, voucher.id));
  await recordAudit(tx, actor, {
    merchantId,
    action: "voucher.withdraw_uses",
    entityType: "voucher",
    entityId: voucher.id,
    before: { usesLeft: voucher.usesLeft },
    after: { orderId, usesLeft, reason },
  });
  return { id: voucher.id, usesLeft };
}

/** The order's voucher uses taken and not reversed: how many, and the last (who, when). */
export async function voucherRedemptionsOf(db: DbOrTx, merchantId: string, orderId: string) {
  const rows = await db
    .select({ at: voucherRedemptions.redeemedAt, staffName: personLabel(users) })
    .from(voucherRedemptions)
    .innerJoin(vouchers, eq(vouchers.id, voucherRedemptions.voucherId))
    .leftJoin(users, eq(users.id, voucherRedemptions.staffUserId))
    .where(
      and(
        eq(vouchers.orderId, orderId),
        eq(vouchers.merchantId, merchantId),
        isNull(voucherRedemptions.reversedAt),
      ),
    )
    .orderBy(desc(voucherRedemptions.redeemedAt));
  return { count: rows.length, last: rows[0] ?? null };
}

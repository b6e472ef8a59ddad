import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql, type Placeholder, type SQL } from "drizzle-orm";
import {
  beforeCommitPart,
  commitOrder,
  defersToCommit,
  GatheredPerTransaction,
} from "@/db/commit-hooks";
import { merchants, orderVoucherTerms, voucherSettings, vouchers } from "@/db/schema";
import { runStatementParts, type StatementPart } from "@/db/statement-parts";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { generateCode } from "./voucher-code.logic";
import type { VoucherSettingsInput, VoucherTermsInput } from "./voucher.schema";

const defaults = { defaultUses: 1, validDays: null, storeOnly: false, reversalWindowMinutes: 10 };

/** The merchant's voucher rules (the defaults when never saved). */
export async function getVoucherSettings(db: DbOrTx, merchantId: string) {
  const [row] = await db
    .select({
      defaultUses: voucherSettings.defaultUses,
      validDays: voucherSettings.validDays,
      storeOnly: voucherSettings.storeOnly,
      reversalWindowMinutes: voucherSettings.reversalWindowMinutes,
    })
    .from(voucherSettings)
    .where(eq(voucherSettings.merchantId, merchantId));
  return row ?? defaults;
}

export async function updateVoucherSettings(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: VoucherSettingsInput,
) {
  return db.transaction(async (tx) => {
    const before = await getVoucherSettings(tx, merchantId);
    await tx
      .insert(voucherSettings)
      .values({ merchantId, ...input })
      .onConflictDoUpdate({
        target: voucherSettings.merchantId,
        set: { ...input, updatedAt: new Date() },
      });
    await recordAudit(tx, actor, {
      merchantId,
      action: "voucher.settings.update",
      entityType: "merchant",
      entityId: merchantId,
      before,
      after: input,
    });
    return input;
  });
}

/** The cashier chose other voucher terms for this order than the merchant's defaults. */
export async function saveOrderVoucherTerms(tx: Tx, orderId: string, terms: VoucherTermsInput) {
  await tx.insert(orderVoucherTerms).values({ orderId, ...terms });
}

/**
 * The voucher rules an order is paid under: the order's own terms when the cashier chose some,
 * else the merchant's (or the defaults: a merchant that never saved rules has no row, and every
 * column reads null). A query giving one JSON value, read as a subquery with the payment's terms
 * (server/payments/payment-outcome.service.ts): the voucher is then written at commit without
 * reading anything.
 */
export function voucherRulesQuery(
  db: DbOrTx,
  merchantId: Placeholder | SQL,
  orderId: Placeholder | SQL,
) {
  const own = sql`${orderVoucherTerms.orderId} is not null`;
  return db
    .select({
      rules: sql<VoucherRules>`json_build_object(
        'uses', coalesce(case when ${own} then ${orderVoucherTerms.uses} else ${voucherSettings.defaultUses} end, ${defaults.defaultUses}),
        'validDays', case when ${own} then ${orderVoucherTerms.validDays} else ${voucherSettings.validDays} end,
        'storeOnly', coalesce(case when ${own} then ${orderVoucherTerms.storeOnly} else ${voucherSettings.storeOnly} end, ${defaults.storeOnly}))`,
    })
    .from(merchants)
    .leftJoin(voucherSettings, eq(voucherSettings.merchantId, merchants.id))
    .leftJoin(orderVoucherTerms, eq(orderVoucherTerms.orderId, orderId))
    .where(eq(merchants.id, merchantId));
}

export interface VoucherRules {
  uses: number;
  validDays: number | null;
  storeOnly: boolean;
}

type IssuedVoucher = Pick<
  typeof vouchers.$inferSelect,
  | "id"
  | "merchantId"
  | "orderId"
  | "code"
  | "storeId"
  | "valueMinor"
  | "currency"
  | "usesTotal"
  | "usesLeft"
  | "expiresAt"
>;

const dayMs = 86_400_000;

/**
 * The order's e-voucher, issued in the transaction that marks the order paid under `rules`
 * (voucherRulesQuery): `paidAt` starts the validity period. Its row is written at commit, a part
 * of the commit's statement (writeIssued), so this sends no statement; the rest of the
 * transaction cannot read it from the table, and takes what it needs from the voucher returned
 * (the success e-mail's receipt code).
 */
export async function issueVoucherForOrder(
  tx: Tx,
  actor: Actor,
  order: { id: string; merchantId: string; storeId: string; amountMinor: bigint; currency: string },
  paidAt: Date,
  rules: VoucherRules,
): Promise<IssuedVoucher> {
  const voucher: IssuedVoucher = {
    id: randomUUID(),
    merchantId: order.merchantId,
    orderId: order.id,
    code: generateCode((n) => randomBytes(n)),
    storeId: rules.storeOnly ? order.storeId : null,
    valueMinor: order.amountMinor,
    currency: order.currency,
    usesTotal: rules.uses,
    usesLeft: rules.uses,
    // Whole days of 24 hours from the payment, whatever the time zone.
    expiresAt:
      rules.validDays === null ? null : new Date(paidAt.getTime() + rules.validDays * dayMs),
  };
  if (!defersToCommit(tx)) await runStatementParts(tx, [issuedPart([voucher])]);
  else if (issuedVouchers.add(tx, voucher)) beforeCommitPart(tx, writeIssued, commitOrder.vouchers);
  await recordAudit(tx, actor, {
    merchantId: order.merchantId,
    action: "voucher.issue",
    entityType: "voucher",
    entityId: voucher.id,
    after: {
      orderId: order.id,
      uses: voucher.usesTotal,
      expiresAt: voucher.expiresAt,
      storeId: voucher.storeId,
    },
  });
  return voucher;
}

const issuedVouchers = new GatheredPerTransaction<IssuedVoucher>();

function writeIssued(tx: Tx): StatementPart {
  return issuedPart(issuedVouchers.take(tx));
}

/** A voucher's columns as json_populate_recordset reads them. */
function voucherColumns(v: IssuedVoucher) {
  return {
    id: v.id,
    merchant_id: v.merchantId,
    order_id: v.orderId,
    code: v.code,
    store_id: v.storeId,
    value_minor: v.valueMinor.toString(),
    currency: v.currency,
    uses_total: v.usesTotal,
    uses_left: v.usesLeft,
    expires_at: v.expiresAt?.toISOString() ?? null,
  };
}

const voucherColumnList = sql.raw(
  Object.keys(voucherColumns({ valueMinor: 0n } as IssuedVoucher)).join(", "),
);

/**
 * The vouchers' insert, a part of a statement (db/statement-parts.ts): the rows as one JSON
 * array, so the text is the same for any number. The code was drawn in JS, 54 random bits: a
 * collision is all but impossible, but the unique index decides, not hope. A code already
 * taken cannot be drawn again here, as the code may have been handed on in this transaction
 * already (the success e-mail in the outbox): the insert fails on the code's unique key, which
 * rolls the whole transaction back, loudly, and the payment is applied again by its retry (a
 * provider repeats a notification that was not acknowledged; the cashier sees the error and
 * pays again) with a new code. A failure, not a result to check: the statement's COMMIT can
 * then go right behind it on PostgreSQL (db/commit-hooks.ts), one round trip fewer for every
 * payment that pays an order.
 */
function issuedPart(rows: IssuedVoucher[]): StatementPart {
  return {
    shape: "vouchers-issued",
    values: { rows: JSON.stringify(rows.map(voucherColumns)) },
    build: ({ value, cte, after }) => ({
      ctes: [
        sql`${cte("issued")} as (
          insert into ${vouchers} (${voucherColumnList})
          select ${voucherColumnList}
          from json_populate_recordset(null::${vouchers}, ${value("rows")}::json)
          where ${after}
          returning id)`,
      ],
      last: cte("issued"),
    }),
  };
}

import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { merchants, orderVoucherTerms, voucherSettings, vouchers } from "@/db/schema";
import { statementTemplate, type Placeholders } from "@/db/statement-template";
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
 * The order's voucher, with the order's terms when the cashier chose some, else the merchant's
 * (or the defaults: a merchant that never saved rules has no row, and every column reads null),
 * read by the INSERT itself (this runs on every payment); nothing when the code is taken.
 */
const insertVoucher = statementTemplate(
  "insert_voucher",
  (
    db,
    v: Placeholders<{
      merchantId: string;
      orderId: string;
      code: string;
      storeId: string;
      valueMinor: string;
      currency: string;
      paidAt: string;
    }>,
  ) => {
    const own = sql`${orderVoucherTerms.orderId} is not null`;
    const rules = db.$with("rules").as(
      db
        .select({
          uses: sql<number>`coalesce(case when ${own} then ${orderVoucherTerms.uses} else ${voucherSettings.defaultUses} end, ${defaults.defaultUses})`.as(
            "uses",
          ),
          validDays:
            sql<number>`case when ${own} then ${orderVoucherTerms.validDays} else ${voucherSettings.validDays} end`.as(
              "valid_days",
            ),
          storeOnly:
            sql<boolean>`coalesce(case when ${own} then ${orderVoucherTerms.storeOnly} else ${voucherSettings.storeOnly} end, ${defaults.storeOnly})`.as(
              "store_only",
            ),
        })
        .from(merchants)
        .leftJoin(voucherSettings, eq(voucherSettings.merchantId, merchants.id))
        .leftJoin(orderVoucherTerms, eq(orderVoucherTerms.orderId, v.orderId))
        .where(eq(merchants.id, v.merchantId)),
    );
    // Every column, in the table's order (drizzle checks it): an INSERT … SELECT names them
    // all, so those left to their defaults are given them here.
    const issued = db
      .select({
        id: sql`gen_random_uuid()`.as("id"),
        merchantId: sql`${v.merchantId}::uuid`.as("merchant_id"),
        orderId: sql`${v.orderId}::uuid`.as("order_id"),
        code: sql`${v.code}::text`.as("code"),
        storeId: sql`case when ${rules.storeOnly} then ${v.storeId}::uuid end`.as("store_id"),
        valueMinor: sql`${v.valueMinor}::bigint`.as("value_minor"),
        currency: sql`${v.currency}::char(3)`.as("currency"),
        usesTotal: rules.uses,
        usesLeft: rules.uses,
        // Whole days of 24 hours from the payment, whatever the session's time zone.
        expiresAt: sql`${v.paidAt}::timestamptz + ${rules.validDays} * interval '86400 seconds'`.as(
          "expires_at",
        ),
        status: sql`'issued'::voucher_status`.as("status"),
        voidReason: sql`null::text`.as("void_reason"),
        voidedAt: sql`null::timestamptz`.as("voided_at"),
        createdAt: sql`now()`.as("created_at"),
        updatedAt: sql`now()`.as("updated_at"),
      })
      .from(rules);
    return db
      .with(rules)
      .insert(vouchers)
      .select(issued)
      .onConflictDoNothing({ target: vouchers.code })
      .returning();
  },
);

/**
 * The order's e-voucher, issued inside the transaction that marks the order paid: the order's
 * own terms, or the merchant's defaults. `paidAt` starts the validity period.
 */
export async function issueVoucherForOrder(
  tx: Tx,
  actor: Actor,
  order: { id: string; merchantId: string; storeId: string; amountMinor: bigint; currency: string },
  paidAt: Date,
) {
  // 54 random bits: a collision is all but impossible, but the unique index decides, not hope.
  for (let tries = 0; tries < 5; tries++) {
    const [voucher] = await insertVoucher(tx, {
      merchantId: order.merchantId,
      orderId: order.id,
      code: generateCode((n) => randomBytes(n)),
      storeId: order.storeId,
      valueMinor: order.amountMinor.toString(),
      currency: order.currency,
      paidAt: paidAt.toISOString(),
    });
    if (!voucher) continue;
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
  throw new Error("Could not draw a unique voucher code");
}

import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { merchants, orderVoucherTerms, voucherSettings, vouchers } from "@/db/schema";
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
 * The order's e-voucher, issued inside the transaction that marks the order paid: the order's
 * own terms, or the merchant's defaults. `paidAt` starts the validity period.
 */
export async function issueVoucherForOrder(
  tx: Tx,
  actor: Actor,
  order: { id: string; merchantId: string; storeId: string; amountMinor: bigint; currency: string },
  paidAt: Date,
) {
  // The order's terms when the cashier chose some, else the merchant's (or the defaults: a
  // merchant that never saved rules has no row, and every column reads null), read by the
  // INSERT itself (this runs on every payment).
  const own = sql`${orderVoucherTerms.orderId} is not null`;
  const rules = tx.$with("rules").as(
    tx
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
      .leftJoin(orderVoucherTerms, eq(orderVoucherTerms.orderId, order.id))
      .where(eq(merchants.id, order.merchantId)),
  );
  // 54 random bits: a collision is all but impossible, but the unique index decides, not hope.
  for (let tries = 0; tries < 5; tries++) {
    // Every column, in the table's order (drizzle checks it): an INSERT … SELECT names them all,
    // so those left to their defaults are given them here.
    const issued = tx
      .select({
        id: sql`gen_random_uuid()`.as("id"),
        merchantId: sql`${order.merchantId}::uuid`.as("merchant_id"),
        orderId: sql`${order.id}::uuid`.as("order_id"),
        code: sql`${generateCode((n) => randomBytes(n))}`.as("code"),
        storeId: sql`case when ${rules.storeOnly} then ${order.storeId}::uuid end`.as("store_id"),
        valueMinor: sql`${order.amountMinor}::bigint`.as("value_minor"),
        currency: sql`${order.currency}`.as("currency"),
        usesTotal: rules.uses,
        usesLeft: rules.uses,
        // Whole days of 24 hours from the payment, whatever the session's time zone.
        expiresAt:
          sql`${paidAt.toISOString()}::timestamptz + ${rules.validDays} * interval '86400 seconds'`.as(
            "expires_at",
          ),
        status: sql`'issued'::voucher_status`.as("status"),
        voidReason: sql`null::text`.as("void_reason"),
        voidedAt: sql`null::timestamptz`.as("voided_at"),
        createdAt: sql`now()`.as("created_at"),
        updatedAt: sql`now()`.as("updated_at"),
      })
      .from(rules);
    const [voucher] = await tx
      .with(rules)
      .insert(vouchers)
      .select(issued)
      .onConflictDoNothing({ target: vouchers.code })
      .returning();
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

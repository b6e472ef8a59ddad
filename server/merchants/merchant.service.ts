import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { merchants, stores, users } from "@/db/schema";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { DomainError } from "@/server/errors";
import type {
  UpdateMerchantSettingsInput,
  UpdateRefundApprovalInput,
  UpdateTwoFactorRolesInput,
} from "./merchant.schema";
import { one } from "@/db/one";

const settingsColumns = {
  id: merchants.id,
  name: merchants.name,
  timeZone: merchants.timeZone,
  defaultCurrency: merchants.defaultCurrency,
  locale: merchants.locale,
  refundApprovalThresholdMinor: merchants.refundApprovalThresholdMinor,
  twoFactorRoles: merchants.twoFactorRoles,
  updatedAt: merchants.updatedAt,
};

export async function getMerchantSettings(db: DbOrTx, merchantId: string) {
  const [row] = await db
    .select(settingsColumns)
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  if (!row) throw new DomainError("NOT_FOUND", "merchantNotFound", "Merchant not found");
  return row;
}

/**
 * What the console's screens show and format with (the shop's name, zone and currency): a
 * page's data carries these, not the whole settings record.
 */
export async function getMerchantBasics(db: DbOrTx, merchantId: string) {
  const [row] = await db
    .select({
      name: merchants.name,
      timeZone: merchants.timeZone,
      defaultCurrency: merchants.defaultCurrency,
    })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  if (!row) throw new DomainError("NOT_FOUND", "merchantNotFound", "Merchant not found");
  return row;
}

export async function updateMerchantSettings(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: UpdateMerchantSettingsInput,
) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select(settingsColumns)
      .from(merchants)
      .where(eq(merchants.id, merchantId))
      .for("update");
    if (!before) throw new DomainError("NOT_FOUND", "merchantNotFound", "Merchant not found");
    const after = one(
      await tx
        .update(merchants)
        .set({
          ...input,
          updatedAt: new Date(),
          // The roll-ups are bucketed by day and hour in the shop's zone, and every later
          // payment or refund adds to its request's bucket in the new one: the history must
          // move with the zone, or a request paid after the change counts in two zones' hours.
          // The background job moves it (rebuildStaleRollups); analytics says so meanwhile.
          ...(input.timeZone !== before.timeZone && { rollupsStaleSince: sql`clock_timestamp()` }),
        })
        .where(eq(merchants.id, merchantId))
        .returning(settingsColumns),
      "updated row",
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "merchant.settings.update",
      entityType: "merchant",
      entityId: merchantId,
      before: {
        name: before.name,
        timeZone: before.timeZone,
        defaultCurrency: before.defaultCurrency,
        locale: before.locale,
      },
      after: input,
    });
    return after;
  });
}

/** The owner sets (or clears) the amount above which only the owner approves a refund. */
export async function updateRefundApproval(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: UpdateRefundApprovalInput,
) {
  return db.transaction(async (tx) => {
    const before = one(
      await tx
        .select({ thresholdMinor: merchants.refundApprovalThresholdMinor })
        .from(merchants)
        .where(eq(merchants.id, merchantId))
        .for("update"),
      "merchant",
    );
    const after = one(
      await tx
        .update(merchants)
        .set({ refundApprovalThresholdMinor: input.thresholdMinor, updatedAt: new Date() })
        .where(eq(merchants.id, merchantId))
        .returning(settingsColumns),
      "updated row",
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "merchant.refund_approval.update",
      entityType: "merchant",
      entityId: merchantId,
      before: { thresholdMinor: before.thresholdMinor?.toString() ?? null },
      after: { thresholdMinor: input.thresholdMinor?.toString() ?? null },
    });
    return after;
  });
}

/** The stores offered for new orders and in the store switcher: closed ones are left out. */
export async function listStores(db: DbOrTx, merchantId: string) {
  return db
    .select({ id: stores.id, name: stores.name, address: stores.address })
    .from(stores)
    .where(and(eq(stores.merchantId, merchantId), isNull(stores.closedAt)))
    .orderBy(asc(stores.name));
}

/**
 * The owner's choice of roles that need a second factor here. An owner who asks it of
 * owners must have set one up first, or the next page would lock them out of the settings.
 */
export async function updateTwoFactorRoles(
  db: Db,
  actor: Actor & { userId: string },
  merchantId: string,
  input: UpdateTwoFactorRolesInput,
) {
  return db.transaction(async (tx) => {
    const before = one(
      await tx
        .select({ roles: merchants.twoFactorRoles })
        .from(merchants)
        .where(eq(merchants.id, merchantId))
        .for("update"),
      "merchant",
    );
    if (input.roles.includes("owner")) {
      const me = one(
        await tx
          .select({ enabled: users.twoFactorEnabled })
          .from(users)
          .where(eq(users.id, actor.userId)),
        "user",
      );
      if (!me.enabled) {
        throw new DomainError(
          "INVALID_STATE",
          "ownTwoFactorFirst",
          "Set up your own two-factor sign-in first",
        );
      }
    }
    await tx
      .update(merchants)
      .set({ twoFactorRoles: input.roles, updatedAt: new Date() })
      .where(eq(merchants.id, merchantId));
    await recordAudit(tx, actor, {
      merchantId,
      action: "merchant.two_factor_roles.update",
      entityType: "merchant",
      entityId: merchantId,
      before: { roles: before.roles },
      after: { roles: input.roles },
    });
    return { roles: input.roles };
  });
}

import { hashPassword } from "better-auth/crypto";
import { and, eq, inArray } from "drizzle-orm";
import {
  demoShops,
  accounts,
  guideAcknowledgments,
  guideReminders,
  memberships,
  merchants,
  sessions,
  users,
} from "@/db/schema";
import { demoAccounts } from "@/server/demo/demo-accounts";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { findUserByEmail } from "@/server/auth/user.service";
import { DomainError } from "@/server/errors";
import { deleteShopHistory } from "@/server/housekeeping/shop-history.service";
import type { RemoveDemoDataInput } from "./demo-data.schema";

const demoEmails = demoAccounts.map((a) => a.email);

/**
 * The demo accounts that are members of this shop. A shop is "the demo shop" while any of
 * them is; once its demo data is removed, none is, so nothing treats it as a demo again.
 */
async function demoMembers(db: DbOrTx, merchantId: string) {
  return db
    .select({ userId: users.id, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.merchantId, merchantId), inArray(users.email, demoEmails)));
}

/** What the danger zone shows: whether there is demo data, and whether you are the demo owner. */
export async function demoDataStatus(db: DbOrTx, merchantId: string, userId: string) {
  const members = await demoMembers(db, merchantId);
  return {
    isDemoShop: members.length > 0,
    signedInAsDemoAccount: members.some((m) => m.userId === userId),
  };
}

/**
 * Turns the demo shop into the owner's own: deletes its history (`deleteShopHistory`)
 * and the other demo accounts' memberships, sign-ins and passwords; keeps the shop, its
 * settings, stores, payment methods, guides and the owner. A demo owner account keeps going
 * under the owner's own e-mail and password. After this the shop is no demo: demo seeding
 * (at start-up, or `npm run seed`) finds no demo shop and does not put anything back.
 * The audit log stays, as everywhere (its hash chain must not break).
 */
export async function removeDemoData(
  db: Db,
  actor: Actor & { userId: string },
  merchantId: string,
  input: RemoveDemoDataInput,
) {
  return db.transaction(async (tx) => {
    const [shop] = await tx
      .select({ name: merchants.name })
      .from(merchants)
      .where(eq(merchants.id, merchantId))
      .for("update");
    if (!shop) throw new DomainError("NOT_FOUND", "merchantNotFound", "Merchant not found");
    const members = await demoMembers(tx, merchantId);
    if (members.length === 0) {
      throw new DomainError("INVALID_STATE", "notDemoShop", "This shop has no demo data");
    }
    if (input.confirmName !== shop.name.trim()) {
      throw new DomainError("VALIDATION", "confirmNameMismatch", "Type the shop's name to confirm");
    }
    const actorIsDemo = members.some((m) => m.userId === actor.userId);
    if (actorIsDemo) {
      if (!input.ownerEmail || !input.ownerPassword || demoEmails.includes(input.ownerEmail)) {
        throw new DomainError(
          "VALIDATION",
          "demoOwnerNeedsOwnEmail",
          "Choose your own e-mail and password first",
        );
      }
      const taken = await findUserByEmail(tx, input.ownerEmail);
      if (taken && taken.id !== actor.userId) {
        throw new DomainError("CONFLICT", "emailTaken", "An account with this e-mail exists");
      }
    }

    const deletedOrders = await deleteShopHistory(tx, merchantId);

    // No longer a demo shop: its sandbox wallets stop taking payments (method-offer.service).
    await tx.delete(demoShops).where(eq(demoShops.merchantId, merchantId));

    // The other demo people leave the shop, and their public password stops working.
    const others = members.filter((m) => m.userId !== actor.userId).map((m) => m.userId);
    if (others.length > 0) {
      await tx
        .delete(memberships)
        .where(and(eq(memberships.merchantId, merchantId), inArray(memberships.userId, others)));
      await tx
        .delete(guideAcknowledgments)
        .where(
          and(
            eq(guideAcknowledgments.merchantId, merchantId),
            inArray(guideAcknowledgments.userId, others),
          ),
        );
      await tx
        .delete(guideReminders)
        .where(
          and(eq(guideReminders.merchantId, merchantId), inArray(guideReminders.userId, others)),
        );
      // Users stay (the audit log names them); without a password or session they cannot sign in.
      await tx.delete(accounts).where(inArray(accounts.userId, others));
      await tx.delete(sessions).where(inArray(sessions.userId, others));
    }
    if (actorIsDemo) {
      await tx
        .update(users)
        .set({
          // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the input schema requires the owner's e-mail and password when the demo owner acts
          email: input.ownerEmail!.trim().toLowerCase(),
          ...(input.ownerName ? { name: input.ownerName } : {}),
          updatedAt: new Date(),
        })
        .where(eq(users.id, actor.userId));
      await tx
        .update(accounts)
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the input schema requires the owner's e-mail and password when the demo owner acts
        .set({ password: await hashPassword(input.ownerPassword!), updatedAt: new Date() })
        .where(and(eq(accounts.userId, actor.userId), eq(accounts.providerId, "credential")));
      // Anyone signed in as the demo owner (its password was public) is signed out, the owner
      // too: they sign in again with their own e-mail and password.
      await tx.delete(sessions).where(eq(sessions.userId, actor.userId));
    }

    await recordAudit(tx, actor, {
      merchantId,
      action: "merchant.demo_data.remove",
      entityType: "merchant",
      entityId: merchantId,
      before: { demoMembers: members.map((m) => m.email) },
      after: {
        deletedOrders: deletedOrders.orders,
        removedMembers: others.length,
        ownerEmail: actorIsDemo ? input.ownerEmail : undefined,
      },
    });
    return {
      deletedOrders: deletedOrders.orders,
      removedMembers: others.length,
      signedOut: actorIsDemo,
    };
  });
}

import { eq, sql } from "drizzle-orm";
import { memberships, merchants, paymentMethods, stores, users } from "@/db/schema";
import { demoAccounts } from "@/server/demo/demo-accounts";
import type { Db, DbOrTx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { createUserWithPassword, findUserByEmail } from "@/server/auth/user.service";
import { DomainError } from "@/server/errors";
import { seedShippedGuides } from "@/server/guides/shipped-guides.service";
import type { CreateFirstShopInput } from "./setup.schema";
import { setupTokenMatches } from "./setup.logic";
import { one } from "@/db/one";

// eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the fixed demo account list has an owner
const demoOwnerEmail = demoAccounts.find((a) => a.role === "owner")!.email;

/** Shared with the demo seed: setup and demo seeding must never both create a first shop. */
const firstShopLock = 7243002;

/** True while the install has no shop at all: the only time setup is offered. */
export async function needsSetup(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ id: merchants.id }).from(merchants).limit(1);
  return rows.length === 0;
}

/**
 * What the sign-in page needs to know: whether to point to setup, and whether the demo
 * accounts still work (they stop once a shop removed its demo data).
 */
export async function installStatus(db: DbOrTx) {
  const [setup, demo] = await Promise.all([
    needsSetup(db),
    db
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.email, demoOwnerEmail))
      .limit(1),
  ]);
  return { needsSetup: setup, hasDemoAccounts: demo.length > 0 };
}

/**
 * Creates the first shop in one transaction: the merchant, its first store, the owner's
 * account and membership, cash as its first payment method and the shipped training guides,
 * each audited. Refused once any shop exists (checked under the lock, so two setups racing
 * cannot both win).
 */
export async function createFirstShop(db: Db, actor: Actor, input: CreateFirstShopInput) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${firstShopLock})`);
    if (!(await needsSetup(tx))) {
      throw new DomainError("CONFLICT", "setupDone", "This install already has a shop");
    }
    if (await findUserByEmail(tx, input.ownerEmail)) {
      throw new DomainError("CONFLICT", "emailTaken", "An account with this e-mail already exists");
    }
    const merchant = one(
      await tx
        .insert(merchants)
        .values({
          name: input.shopName,
          timeZone: input.timeZone,
          defaultCurrency: input.currency,
          locale: input.locale,
        })
        .returning({ id: merchants.id, name: merchants.name }),
      "merchant",
    );
    const merchantId = merchant.id;
    const store = one(
      await tx
        .insert(stores)
        .values({ merchantId, name: input.storeName })
        .returning({ id: stores.id, name: stores.name }),
      "store",
    );
    const owner = await createUserWithPassword(tx, {
      email: input.ownerEmail,
      name: input.ownerName,
      password: input.ownerPassword,
      locale: input.locale,
    });
    await tx.insert(memberships).values({ userId: owner.id, merchantId, role: "owner" });
    // Cash works from the first minute; wallets need the provider's keys (Payment methods).
    const cash = one(
      await tx
        .insert(paymentMethods)
        .values({
          merchantId,
          kind: "cash",
          label: input.locale === "en" ? "Cash" : "现金",
          feeRateBps: 0,
          currencies: [input.currency],
          settlementDelayDays: 0,
        })
        .returning({ id: paymentMethods.id }),
      "cash method",
    );
    await seedShippedGuides(tx, merchantId);

    // The owner did this, even though they had no account a moment ago.
    const by: Actor = { ...actor, userId: owner.id };
    await recordAudit(tx, by, {
      merchantId,
      action: "merchant.setup",
      entityType: "merchant",
      entityId: merchantId,
      after: {
        name: input.shopName,
        timeZone: input.timeZone,
        defaultCurrency: input.currency,
        locale: input.locale,
        ownerEmail: owner.email,
        via: actor.userAgent === "npm run setup" ? "command" : "web",
      },
    });
    await recordAudit(tx, by, {
      merchantId,
      action: "store.create",
      entityType: "store",
      entityId: store.id,
      after: { name: store.name },
    });
    await recordAudit(tx, by, {
      merchantId,
      action: "payment_method.create",
      entityType: "payment_method",
      entityId: cash.id,
      after: { kind: "cash" },
    });
    return { merchantId, storeId: store.id, ownerId: owner.id, ownerEmail: owner.email };
  });
}

/**
 * The public setup page's entry: the token printed in the server's log must match. A wrong
 * token and "already set up" answer alike to a stranger, so probing tells them nothing.
 */
export async function setupWithToken(
  db: Db,
  actor: Actor,
  input: CreateFirstShopInput & { token: string },
  expectedToken: string,
) {
  if (!setupTokenMatches(input.token, expectedToken)) {
    throw new DomainError("FORBIDDEN", "setupTokenWrong", "The setup token is not right");
  }
  const { token: _, ...shop } = input;
  return createFirstShop(db, actor, shop);
}

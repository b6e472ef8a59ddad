import { hashPassword } from "better-auth/crypto";
import { sql } from "drizzle-orm";
import type { Role } from "@/server/auth/roles.logic";
import { createUserWithPassword } from "@/server/auth/user.service";
import { seedShippedGuides } from "@/server/guides/shipped-guides.service";
import { initialMethodSecrets } from "@/server/payments/payment-method.service";
import { addFeeAmounts } from "@/server/payments/method-fees.service";
import { demoShops, memberships, merchants, paymentMethods, stores } from "@/db/schema";
import type { Db, Tx } from "@/db/types";
import { demoAccounts, demoMerchant, demoMethods, demoPassword } from "./demo-accounts";

/**
 * Creates the demo café, its two stores and one user per role, once, on an empty
 * database. The advisory lock keeps two instances starting together from both seeding.
 */
export async function seedDemoIfEmpty(db: Db, encryptionKey: Buffer): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7243002)`);
    const existing = await tx.select({ id: merchants.id }).from(merchants).limit(1);
    if (existing.length > 0) return false;
    await createDemoShop(tx, encryptionKey, demoAccounts, demoPassword);
    return true;
  });
}

/**
 * One demo café (a demo shop: its sandbox wallets work) with the given people, all sharing
 * one password (or its hash, made already). The install's demo shop, and the end-to-end
 * suite's shop per test.
 */
export async function createDemoShop(
  tx: Tx,
  encryptionKey: Buffer,
  people: { role: Role; email: string; name: string }[],
  password: string | { hash: string },
) {
  const [merchant] = await tx
    .insert(merchants)
    .values({
      name: demoMerchant.name,
      defaultCurrency: "CNY",
      timeZone: "Asia/Shanghai",
      locale: "zh-CN",
    })
    .returning({ id: merchants.id });
  const merchantId = merchant!.id;
  await tx.insert(demoShops).values({ merchantId });
  const shopStores = await tx
    .insert(stores)
    .values(demoMerchant.stores.map((s) => ({ ...s, merchantId })))
    .returning({ id: stores.id });
  const users: { role: Role; id: string; email: string; name: string }[] = [];
  // Hashing is slow on purpose: once for everyone who shares the password.
  const hash = typeof password === "string" ? await hashPassword(password) : password.hash;
  for (const person of people) {
    const user = await createUserWithPassword(tx, { ...person, password: { hash } });
    await tx.insert(memberships).values({ userId: user.id, merchantId, role: person.role });
    users.push({ role: person.role, ...user });
  }
  for (const { feeAmounts = {}, ...method } of demoMethods) {
    const id = crypto.randomUUID();
    await tx.insert(paymentMethods).values({
      id,
      merchantId,
      ...method,
      ...initialMethodSecrets(method.kind, id, encryptionKey),
    });
    await addFeeAmounts(tx, id, method.currencies, feeAmounts);
  }
  await seedShippedGuides(tx, merchantId);
  return { merchantId, storeIds: shopStores.map((s) => s.id), users };
}

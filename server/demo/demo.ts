import { sql } from "drizzle-orm";
import { createUserWithPassword } from "@/server/auth/user.service";
import { seedShippedGuides } from "@/server/guides/shipped-guides.service";
import { initialMethodSecrets } from "@/server/payments/payment-method.service";
import { demoShops, memberships, merchants, paymentMethods, stores } from "@/db/schema";
import type { Db } from "@/db/types";
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

    const [merchant] = await tx
      .insert(merchants)
      .values({
        name: demoMerchant.name,
        defaultCurrency: "CNY",
        timeZone: "Asia/Shanghai",
        locale: "zh-CN",
      })
      .returning({ id: merchants.id });
    await tx.insert(demoShops).values({ merchantId: merchant!.id });
    await tx
      .insert(stores)
      .values(demoMerchant.stores.map((s) => ({ ...s, merchantId: merchant!.id })));
    for (const account of demoAccounts) {
      const user = await createUserWithPassword(tx, {
        email: account.email,
        name: account.name,
        password: demoPassword,
      });
      await tx
        .insert(memberships)
        .values({ userId: user.id, merchantId: merchant!.id, role: account.role });
    }
    for (const method of demoMethods) {
      const id = crypto.randomUUID();
      await tx.insert(paymentMethods).values({
        id,
        merchantId: merchant!.id,
        ...method,
        ...initialMethodSecrets(method.kind, id, encryptionKey),
      });
    }
    await seedShippedGuides(tx, merchant!.id);
    return true;
  });
}

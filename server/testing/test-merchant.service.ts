import { randomBytes } from "node:crypto";
import { demoAccounts } from "@/server/demo/demo-accounts";
import { createDemoShop } from "@/server/demo/demo";
import type { Db } from "@/db/types";
import type { Role } from "@/server/auth/roles.logic";

export interface TestAccount {
  userId: string;
  email: string;
  name: string;
  password: string;
}

export interface TestMerchant {
  merchantId: string;
  storeIds: string[];
  accounts: Record<Role, TestAccount>;
}

/**
 * A merchant of the end-to-end suite's own: the demo café's stores, methods and guides, and
 * one person per role with e-mails no other test uses. Each test gets one, so that tests
 * run side by side and none changes what another one reads.
 */
export async function createTestMerchant(db: Db, encryptionKey: Buffer): Promise<TestMerchant> {
  const tag = randomBytes(6).toString("hex");
  const password = `e2e-${randomBytes(12).toString("base64url")}`;
  const people = demoAccounts.map((a) => ({ ...a, email: `${a.role}-${tag}@e2e.example` }));
  const shop = await db.transaction((tx) => createDemoShop(tx, encryptionKey, people, password));
  const accounts = Object.fromEntries(
    shop.users.map((u) => [u.role, { userId: u.id, email: u.email, name: u.name, password }]),
  ) as Record<Role, TestAccount>;
  return { merchantId: shop.merchantId, storeIds: shop.storeIds, accounts };
}

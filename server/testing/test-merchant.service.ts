import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { one } from "@/db/one";
import { paymentMethods } from "@/db/schema";
import { demoAccounts } from "@/server/demo/demo-accounts";
import { createDemoShop } from "@/server/demo/demo";
import type { Db } from "@/db/types";
import type { Actor } from "@/server/audit/audit.service";
import type { Role } from "@/server/auth/roles.logic";
import { providerCredentialsInput } from "@/server/connectors/credentials.schema";
import { checkMethodConnection } from "@/server/payments/connection-check.service";
import { createPaymentMethod } from "@/server/payments/payment-method.service";
import { createPaymentMethodInput } from "@/server/payments/payment-method.schema";
import { setProviderCredentials } from "@/server/payments/provider-credentials.service";

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
  /** The Stripe methods asked for (see testMerchantOptions), connected and checked. */
  stripeMethodIds: string[];
}

/**
 * What a test may ask for besides the demo café: Stripe methods (one per label) whose API
 * calls go to the test's own local stand-in for Stripe (the suite never reaches the
 * internet). Beside a real provider the sandbox wallets are not offered, so a test that
 * needs another method to switch to asks for two.
 */
export const testMerchantOptions = z.object({
  stripe: z
    .object({
      apiBaseUrl: z.url({ protocol: /^http$/, hostname: /^127\.0\.0\.1$/ }),
      publishableKey: z.string(),
      secretKey: z.string(),
      webhookSecret: z.string(),
      labels: z.array(z.string().min(1)).min(1).max(3).default(["Card (Stripe)"]),
    })
    .optional(),
});
/** What a test asks the seed route for (labels may be left out). */
export type TestMerchantOptions = z.input<typeof testMerchantOptions>;
type StripeOptions = NonNullable<z.output<typeof testMerchantOptions>["stripe"]>;

/**
 * The password of every test merchant this server process makes, and its hash, made once:
 * hashing is slow on purpose (scrypt), and hashing it again for every test was a fifth of the
 * suite's server time. The production cost is untouched: this module runs only behind the seed
 * route, and signing in still verifies against the real hash. New for each process, so no
 * password outlives the run.
 */
let sharedPassword: Promise<{ password: string; hash: string }> | undefined;
function testPassword() {
  sharedPassword ??= (async () => {
    const password = `e2e-${randomBytes(12).toString("base64url")}`;
    return { password, hash: await hashPassword(password) };
  })();
  return sharedPassword;
}

/**
 * A merchant of the end-to-end suite's own: the demo café's stores, methods and guides, and
 * one person per role with e-mails no other test uses. Each test gets one, so that tests
 * run side by side and none changes what another one reads.
 */
export async function createTestMerchant(
  db: Db,
  encryptionKey: Buffer,
  options: z.output<typeof testMerchantOptions> = {},
): Promise<TestMerchant> {
  const tag = randomBytes(6).toString("hex");
  const { password, hash } = await testPassword();
  const people = demoAccounts.map((a) => ({ ...a, email: `${a.role}-${tag}@e2e.example` }));
  const shop = await db.transaction((tx) => createDemoShop(tx, encryptionKey, people, { hash }));
  const accounts = Object.fromEntries(
    shop.users.map((u) => [u.role, { userId: u.id, email: u.email, name: u.name, password }]),
  ) as Record<Role, TestAccount>;
  const owner: Actor = { userId: accounts.owner.userId, ip: null, userAgent: "e2e seed" };
  const stripe = options.stripe;
  const stripeMethodIds: string[] = [];
  if (stripe)
    for (const label of stripe.labels)
      stripeMethodIds.push(
        await connectStripe(db, encryptionKey, shop.merchantId, owner, label, stripe),
      );
  return { merchantId: shop.merchantId, storeIds: shop.storeIds, accounts, stripeMethodIds };
}

/** A test-mode Stripe method in yuan (the demo café's currency), checked against the stand-in. */
async function connectStripe(
  db: Db,
  key: Buffer,
  merchantId: string,
  owner: Actor,
  label: string,
  stripe: StripeOptions,
) {
  const method = await createPaymentMethod(
    db,
    owner,
    merchantId,
    createPaymentMethodInput.parse({
      kind: "stripe",
      label,
      enabled: true,
      mode: "sandbox",
      currencies: ["CNY"],
      settlementDelayDays: 2,
      requestTtlSeconds: 900,
      feeRateBps: 290,
      feeAmounts: { CNY: { fixedMinor: 30, minMinor: null, maxMinor: null } },
    }),
    key,
  );
  const { apiBaseUrl, labels: _, ...keys } = stripe;
  await setProviderCredentials(
    db,
    owner,
    merchantId,
    providerCredentialsInput.parse({ id: method.id, kind: "stripe", ...keys }),
    key,
  );
  const row = one(
    await db
      .select({ config: paymentMethods.config })
      .from(paymentMethods)
      .where(eq(paymentMethods.id, method.id)),
  );
  await db
    .update(paymentMethods)
    .set({ config: { ...row.config, apiBaseUrl } })
    .where(eq(paymentMethods.id, method.id));
  const check = await checkMethodConnection(db, owner, merchantId, method.id, { key });
  if (!check.ok)
    throw new Error(`the Stripe stand-in refused the connection check: ${check.error}`);
  return method.id;
}

import { verifyPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, paymentMethods } from "@/db/schema";
import { testEncryptionKey } from "@/test/fixtures";
import { parseEnv } from "@/env";
import { setupTestDatabase } from "@/test/db";
import { passwordHashOf } from "@/server/auth/user.service";
import { sandboxAllowed } from "@/server/payments/method-offer.service";
import { seedRoute, seedTokenHeader } from "./seed-route-handler";
import { createTestMerchant } from "./test-merchant.service";

const { db } = setupTestDatabase();
const token = "t".repeat(40);

const post = (headers: Record<string, string> = {}, method = "POST") =>
  new Request("http://127.0.0.1/api/testing/merchants", { method, headers });

describe("the seed route's switch", () => {
  it("is off unless E2E_SEED_ROUTE is set, whatever token is configured", () => {
    expect(parseEnv({}).e2eSeedToken).toBeNull();
    expect(parseEnv({ E2E_SEED_TOKEN: token }).e2eSeedToken).toBeNull();
    expect(parseEnv({ E2E_SEED_ROUTE: "0", E2E_SEED_TOKEN: token }).e2eSeedToken).toBeNull();
    expect(parseEnv({ E2E_SEED_ROUTE: "1", E2E_SEED_TOKEN: token }).e2eSeedToken).toBe(token);
  });

  it("refuses to start switched on without a long enough token", () => {
    expect(() => parseEnv({ E2E_SEED_ROUTE: "1" })).toThrow(/E2E_SEED_TOKEN: required/);
    expect(() => parseEnv({ E2E_SEED_ROUTE: "1", E2E_SEED_TOKEN: "short" })).toThrow(
      /E2E_SEED_TOKEN/,
    );
  });
});

describe("the seed route", () => {
  const never = () => Promise.reject(new Error("must not create anything"));

  it("answers 404 while switched off, even with a token", async () => {
    const res = await seedRoute(post({ [seedTokenHeader]: token }), null, never);
    expect(res.status).toBe(404);
  });

  it("answers 404 without the token, with a wrong one, and to any other method", async () => {
    for (const req of [
      post(),
      post({ [seedTokenHeader]: "" }),
      post({ [seedTokenHeader]: `${token}x` }),
      post({ [seedTokenHeader]: token.slice(1) }),
      post({ [seedTokenHeader]: token }, "GET"),
    ]) {
      expect((await seedRoute(req, token, never)).status).toBe(404);
    }
  });

  it("creates a merchant with this run's token and returns it", async () => {
    const res = await seedRoute(post({ [seedTokenHeader]: token }), token, () =>
      Promise.resolve({ merchantId: "m" }),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ merchantId: "m" });
  });
});

describe("createTestMerchant", () => {
  it("makes a demo café of its own: a person per role who can sign in, cash and the sandbox wallets", async () => {
    const a = await createTestMerchant(db, testEncryptionKey);
    const b = await createTestMerchant(db, testEncryptionKey);
    expect(a.merchantId).not.toBe(b.merchantId);
    expect(a.storeIds).toHaveLength(2);
    expect(Object.keys(a.accounts).sort()).toEqual(["analyst", "manager", "owner", "staff"]);
    expect(a.accounts.staff.email).not.toBe(b.accounts.staff.email);

    const roles = await db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.merchantId, a.merchantId));
    expect(roles).toHaveLength(4);
    for (const { userId, role } of roles) {
      const account = a.accounts[role];
      expect(account.userId).toBe(userId);
      const hash = await passwordHashOf(db, userId);
      expect(await verifyPassword({ hash: hash!, password: account.password })).toBe(true);
    }

    const methods = await db
      .select({ kind: paymentMethods.kind })
      .from(paymentMethods)
      .where(eq(paymentMethods.merchantId, a.merchantId));
    expect(methods.map((m) => m.kind).sort()).toEqual(["cash", "sandbox", "sandbox"]);
    expect(await sandboxAllowed(db, a.merchantId, false)).toBe(true);
  });
});

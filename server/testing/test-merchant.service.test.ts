import { verifyPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, paymentMethods, users } from "@/db/schema";
import { testEncryptionKey } from "@/test/fixtures";
import { parseEnv } from "@/env";
import { setupTestDatabase } from "@/test/db";
import { isSessionSteppedUp } from "@/server/account/step-up.service";
import { createAuth } from "@/server/auth/auth";
import { passwordHashOf } from "@/server/auth/user.service";
import { sandboxAllowed } from "@/server/payments/method-offer.service";
import { seedRoute, seedTokenHeader } from "./seed-route-handler";
import { createTestMerchant } from "./test-merchant.service";
import { createTestSession } from "./test-session.service";

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
    // One password per server process, hashed once: every person of both shops has that hash.
    const hashes = new Set<string | null>();
    for (const { userId, role } of roles) {
      const account = a.accounts[role];
      expect(account.userId).toBe(userId);
      expect(account.password).toBe(b.accounts.staff.password);
      hashes.add(await passwordHashOf(db, userId));
    }
    hashes.add(await passwordHashOf(db, b.accounts.staff.userId));
    expect(hashes.size).toBe(1);
    const [hash] = hashes;
    expect(await verifyPassword({ hash: hash!, password: a.accounts.owner.password })).toBe(true);
    expect(await verifyPassword({ hash: hash!, password: "another-password" })).toBe(false);

    const methods = await db
      .select({ kind: paymentMethods.kind })
      .from(paymentMethods)
      .where(eq(paymentMethods.merchantId, a.merchantId));
    expect(methods.map((m) => m.kind).sort()).toEqual(["cash", "sandbox", "sandbox"]);
    expect(await sandboxAllowed(db, a.merchantId, false)).toBe(true);
  });
});

describe("createTestSession", () => {
  const auth = createAuth(db, { secret: "s".repeat(40), sessionTtl: 3600 });
  const meta = { ip: "127.0.0.1", userAgent: "e2e" };

  it("hands over a signed-in, confirmed session the auth library reads as its own", async () => {
    const { accounts } = await createTestMerchant(db, testEncryptionKey);
    const cookie = await createTestSession(db, auth, { userId: accounts.manager.userId }, meta);
    expect(cookie.name).toBe("hexiao.session_token");
    const headers = new Headers({ cookie: `${cookie.name}=${cookie.value}` });
    const session = await auth.api.getSession({ headers });
    expect(session?.user.id).toBe(accounts.manager.userId);
    expect(
      await isSessionSteppedUp(db, { id: session!.user.id, sessionId: session!.session.id }),
    ).toBe(true);
    // Signed with the secret: another install's auth does not take it.
    const other = createAuth(db, { secret: "o".repeat(40), sessionTtl: 3600 });
    expect(await other.api.getSession({ headers })).toBeNull();
  });

  it("is only for the people the seed route made", async () => {
    const [someone] = await db
      .insert(users)
      .values({ email: "owner@shop.example", name: "Owner", emailVerified: true })
      .returning({ id: users.id });
    await expect(createTestSession(db, auth, { userId: someone!.id }, meta)).rejects.toThrow(
      /not a person of a test merchant/,
    );
  });
});

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { guides, memberships, merchants, paymentMethods, stores, users } from "@/db/schema";
import { engine, setupTestDatabase } from "@/test/db";
import { listAudit, verifyAuditChain, type Actor } from "@/server/audit/audit.service";
import { createUserWithPassword } from "@/server/auth/user.service";
import { DomainError } from "@/server/errors";
import { setupTokenFor, setupTokenMatches } from "./setup.logic";
import { createFirstShopInput } from "./setup.schema";
import { needsSetup, setupWithToken } from "./setup.service";

const { db } = setupTestDatabase();

const stranger: Actor = { userId: null, ip: "198.51.100.4", userAgent: "curl" };
const token = setupTokenFor("a".repeat(44));
const shop = createFirstShopInput.parse({
  shopName: "Harbour Tea",
  timeZone: "Asia/Hong_Kong",
  currency: "hkd",
  locale: "en",
  storeName: "Central",
  ownerName: "Mei",
  ownerEmail: " Mei@Harbour.example ",
  ownerPassword: "tea-and-toast-42",
});

async function errorOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("setup token", () => {
  it("is the same for the same secret, differs between installs, forgives case and dashes", () => {
    expect(setupTokenFor("a".repeat(44))).toBe(token);
    expect(setupTokenFor("b".repeat(44))).not.toBe(token);
    expect(token).toMatch(/^[A-Z2-9]{32}$/);
    expect(setupTokenMatches(token.toLowerCase(), token)).toBe(true);
    expect(setupTokenMatches(` ${token.slice(0, 8)}-${token.slice(8)} `, token)).toBe(true);
    expect(setupTokenMatches(token.slice(0, 31), token)).toBe(false);
    expect(setupTokenMatches("", token)).toBe(false);
  });
});

describe(`first-run setup (${engine})`, () => {
  it("refuses a wrong token and creates nothing", async () => {
    expect(await needsSetup(db)).toBe(true);
    const error = await errorOf(
      setupWithToken(db, stranger, { ...shop, token: setupTokenFor("guess") }, token),
    );
    expect(error).toMatchObject({ code: "FORBIDDEN", messageKey: "setupTokenWrong" });
    expect(await needsSetup(db)).toBe(true);
  });

  it("is all or nothing: a failure after the shop row leaves no shop, store or method", async () => {
    // The owner's e-mail is taken, which is found only inside the transaction.
    const taken = await createUserWithPassword(db, {
      email: "taken@harbour.example",
      name: "Someone",
      password: "whatever-123",
    });
    const error = await errorOf(
      setupWithToken(db, stranger, { ...shop, ownerEmail: taken.email, token }, token),
    );
    expect(error).toMatchObject({ code: "CONFLICT", messageKey: "emailTaken" });
    expect(await db.select().from(merchants)).toHaveLength(0);
    expect(await db.select().from(stores)).toHaveLength(0);
    expect(await db.select().from(paymentMethods)).toHaveLength(0);
    expect(await needsSetup(db)).toBe(true);
  });

  it("creates the shop, its store, the owner, cash and the guides, each audited", async () => {
    const created = await setupWithToken(db, stranger, { ...shop, token }, token);
    expect(created.ownerEmail).toBe("mei@harbour.example");
    expect(await needsSetup(db)).toBe(false);

    const [merchant] = await db.select().from(merchants);
    expect(merchant).toMatchObject({
      name: "Harbour Tea",
      timeZone: "Asia/Hong_Kong",
      defaultCurrency: "HKD",
      locale: "en",
    });
    expect(await db.select({ name: stores.name }).from(stores)).toEqual([{ name: "Central" }]);
    const [owner] = await db
      .select({ role: memberships.role, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.merchantId, merchant!.id));
    expect(owner).toEqual({ role: "owner", email: "mei@harbour.example" });
    const methods = await db.select().from(paymentMethods);
    expect(methods).toMatchObject([{ kind: "cash", label: "Cash", currencies: ["HKD"] }]);
    expect((await db.select().from(guides)).length).toBeGreaterThan(0);

    const audit = await listAudit(db, merchant!.id);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["merchant.setup", "store.create", "payment_method.create"]),
    );
    expect(audit.find((a) => a.action === "merchant.setup")).toMatchObject({
      actorUserId: created.ownerId,
      ipAddress: "198.51.100.4",
    });
    expect(await verifyAuditChain(db, merchant!.id)).toBeNull();
  });

  it("refuses once a shop exists, even with the right token", async () => {
    const error = await errorOf(
      setupWithToken(db, stranger, { ...shop, ownerEmail: "late@harbour.example", token }, token),
    );
    expect(error).toMatchObject({ code: "CONFLICT", messageKey: "setupDone" });
    expect(await db.select().from(merchants)).toHaveLength(1);
  });
});

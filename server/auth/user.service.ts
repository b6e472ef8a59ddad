import { hashPassword } from "better-auth/crypto";
import { and, eq, sql } from "drizzle-orm";
import { accounts, users } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { one } from "@/db/one";

/** better-auth's provider id for e-mail + password accounts. */
const credentialProvider = "credential";

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  return row ?? null;
}

/**
 * Creates a user who signs in with e-mail and password, hashed the way better-auth
 * verifies it. Used by the team page and the demo seed (there is no public sign-up).
 */
export async function createUserWithPassword(
  db: DbOrTx,
  input: {
    email: string;
    name: string;
    /** The password, or its hash when several users share one (a demo or test shop). */
    password: string | { hash: string };
    locale?: "zh-CN" | "en" | null;
    /** Someone else chose this password: the user must change it at first sign-in. */
    mustChangePassword?: boolean;
  },
) {
  const user = one(
    await db
      .insert(users)
      .values({
        email: input.email.trim().toLowerCase(),
        name: input.name.trim(),
        emailVerified: true,
        locale: input.locale ?? null,
        mustChangePassword: input.mustChangePassword ?? false,
      })
      .returning({ id: users.id, name: users.name, email: users.email }),
    "user",
  );
  await db.insert(accounts).values({
    userId: user.id,
    accountId: user.id,
    providerId: credentialProvider,
    password:
      typeof input.password === "string" ? await hashPassword(input.password) : input.password.hash,
  });
  return user;
}

export async function setUserLocale(db: DbOrTx, userId: string, locale: "zh-CN" | "en") {
  await db.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** The stored password hash of the user's e-mail + password account, or null without one. */
export async function passwordHashOf(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ password: accounts.password })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.providerId, credentialProvider)));
  return row?.password ?? null;
}

/**
 * Stores a new password (hashed by the caller, outside the transaction: hashing is slow)
 * and whether the user must replace it at the next sign-in.
 */
export async function storePassword(
  tx: DbOrTx,
  userId: string,
  passwordHash: string,
  mustChangePassword: boolean,
) {
  const now = new Date();
  await tx
    .update(accounts)
    .set({ password: passwordHash, updatedAt: now })
    .where(and(eq(accounts.userId, userId), eq(accounts.providerId, credentialProvider)));
  await tx.update(users).set({ mustChangePassword, updatedAt: now }).where(eq(users.id, userId));
}

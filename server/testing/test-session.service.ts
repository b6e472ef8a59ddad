import { makeSignature } from "better-auth/crypto";
import { and, eq, like } from "drizzle-orm";
import { z } from "zod";
import { sessions, users } from "@/db/schema";
import type { Db } from "@/db/types";
import type { Auth } from "@/server/auth/auth";

/** Whom the end-to-end suite asks a session for: a person of one of its own test merchants. */
export const testSessionInput = z.object({ userId: z.uuid() });

/** The session cookie as a browser would store it from the sign-in's Set-Cookie. */
export interface TestSessionCookie {
  name: string;
  value: string;
}

/**
 * A signed-in session of a test merchant's person, already confirmed (stepped up), as the
 * suite's signIn leaves one: made by better-auth's own session store and signed with its
 * secret, so the server reads it as any other. Journeys that are not about signing in skip
 * two password checks (scrypt, slow on purpose) per page; sign-in.spec.ts, step-up.spec.ts and
 * their kin still go through the forms. Only the seed route calls this (switched off in every
 * deployment), and only for the people it made (their e-mails are @e2e.example).
 */
export async function createTestSession(
  db: Db,
  auth: Auth,
  input: z.output<typeof testSessionInput>,
  meta: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<TestSessionCookie> {
  const [person] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, input.userId), like(users.email, "%@e2e.example")));
  if (!person) throw new Error("not a person of a test merchant");
  const ctx = await auth.$context;
  const session = await ctx.internalAdapter.createSession(person.id, false, {
    ipAddress: meta.ip ?? "",
    userAgent: meta.userAgent ?? "",
  });
  await db.update(sessions).set({ steppedUpAt: now }).where(eq(sessions.id, session.id));
  // The value of better-auth's signed cookie: the token, a dot, its HMAC, URL-encoded.
  const signed = `${session.token}.${await makeSignature(session.token, ctx.secret)}`;
  return { name: ctx.authCookies.sessionToken.name, value: encodeURIComponent(signed) };
}

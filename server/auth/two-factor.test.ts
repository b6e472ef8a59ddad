import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, twoFactors, users } from "@/db/schema";
import type { SessionUser } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { engine, setupTestDatabase } from "@/test/db";
import { expectTRPCError } from "@/test/expect";
import { contextFor, seedMerchant, testAuthSecret, testPassword } from "@/test/fixtures";
import { totpFromUri } from "@/test/totp";
import { createAuth, type Auth } from "./auth";
import { handleAuthRequest } from "./handler.service";

const origin = "http://localhost:3000";
const { db } = setupTestDatabase();
let auth: Auth;

beforeAll(() => {
  auth = createAuth(db, { secret: testAuthSecret, sessionTtl: 3600, baseUrl: origin });
});

function post(path: string, body: unknown, cookie = "") {
  return handleAuthRequest(
    auth,
    db,
    new Request(`${origin}/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    }),
  );
}

/** The cookies a browser holds after these responses (later ones replace earlier ones). */
function jar(...responses: Response[]): string {
  const held = new Map<string, string>();
  for (const res of responses) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [name, ...value] = pair!.split("=");
      if (value.join("=") === "") held.delete(name!);
      else held.set(name!, value.join("="));
    }
  }
  return [...held].map(([k, v]) => `${k}=${v}`).join("; ");
}

const hasSession = (res: Response) =>
  res.headers.getSetCookie().some((c) => /^hexiao\.session_token=[^;]/.test(c));

/** A person with an authenticator set up through the endpoints, as the account page does. */
async function enrolled() {
  const seed = await seedMerchant(db, "2FA");
  const person = seed.people.manager;
  const signedIn = await post("sign-in/email", { email: person.email, password: testPassword });
  const cookie = jar(signedIn);
  const enable = await post("two-factor/enable", { password: testPassword }, cookie);
  expect(enable.status).toBe(200);
  const { totpURI, backupCodes } = (await enable.json()) as {
    totpURI: string;
    backupCodes: string[];
  };
  const confirm = await post("two-factor/verify-totp", { code: totpFromUri(totpURI) }, cookie);
  expect(confirm.status).toBe(200);
  return { seed, person, totpURI, backupCodes };
}

describe(`two-factor sign-in (${engine})`, () => {
  it("computes RFC 6238's own test vector (the test's authenticator is right)", () => {
    const uri = "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8";
    expect(totpFromUri(uri, 59_000)).toBe("94287082");
    expect(totpFromUri(uri, 1_111_111_109_000)).toBe("07081804");
  });

  it("turns on only after a first code from the app, audited in the person's shop", async () => {
    const seed = await seedMerchant(db, "2FA");
    const person = seed.people.staff;
    const cookie = jar(
      await post("sign-in/email", { email: person.email, password: testPassword }),
    );
    expect((await post("two-factor/enable", { password: "wrong-password" }, cookie)).status).toBe(
      400,
    );
    const enable = await post("two-factor/enable", { password: testPassword }, cookie);
    const { totpURI, backupCodes } = (await enable.json()) as {
      totpURI: string;
      backupCodes: string[];
    };
    expect(totpURI).toMatch(/^otpauth:\/\/totp\/Hexiao:/);
    expect(backupCodes).toHaveLength(10);
    const [pending] = await db.select().from(users).where(eq(users.id, person.id));
    expect(pending!.twoFactorEnabled).toBe(false);
    // The secret is stored encrypted, never as the app's base32 text.
    const [row] = await db.select().from(twoFactors).where(eq(twoFactors.userId, person.id));
    expect(totpURI).not.toContain(row!.secret);

    expect((await post("two-factor/verify-totp", { code: "000000" }, cookie)).status).toBe(401);
    const confirm = await post("two-factor/verify-totp", { code: totpFromUri(totpURI) }, cookie);
    expect(confirm.status).toBe(200);
    const [on] = await db.select().from(users).where(eq(users.id, person.id));
    expect(on!.twoFactorEnabled).toBe(true);
    const audit = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.merchantId, seed.merchant.id), eq(auditLog.entityId, person.id)));
    expect(audit.map((a) => a.action)).toContain("account.two_factor.enable");
  });

  it("asks for the code after the password: no session until it is right", async () => {
    const { person, totpURI } = await enrolled();
    const first = await post("sign-in/email", { email: person.email, password: testPassword });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ twoFactorRedirect: true });
    expect(hasSession(first)).toBe(false);
    const challenge = jar(first);

    const wrong = await post("two-factor/verify-totp", { code: "123456" }, challenge);
    expect(wrong.status).toBe(401);
    expect(hasSession(wrong)).toBe(false);
    const right = await post("two-factor/verify-totp", { code: totpFromUri(totpURI) }, challenge);
    expect(right.status).toBe(200);
    expect(hasSession(right)).toBe(true);
    // The challenge is spent: the same cookie cannot open a second session.
    const again = await post("two-factor/verify-totp", { code: totpFromUri(totpURI) }, challenge);
    expect(hasSession(again)).toBe(false);
    // One sign-in recorded for this one, once the second factor completed it (the password alone
    // is not one); the sign-in before the factor was set up is the other row.
    const signIns = await db
      .select({ after: auditLog.after, actorUserId: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, person.id), eq(auditLog.action, "account.sign_in")));
    expect(signIns.filter((r) => r.after !== null)).toEqual([
      { after: { secondFactor: "totp" }, actorUserId: person.id },
    ]);
  });

  it("confirms it's you (step-up) with a code from the app, or a backup code once", async () => {
    const { person, totpURI, backupCodes } = await enrolled();
    const now = new Date();
    const user = { ...person, twoFactorEnabled: true };
    // The fixture's session stepped up at seed time; ask again as if much later.
    const later = new Date(now.getTime() + 3_600_000);
    const callerLater = createCaller({ ...contextFor(db, user), now: () => later });
    const wrong = await expectTRPCError(callerLater.account.stepUp({ code: "000000" }));
    expect(wrong.cause).toMatchObject({ messageKey: "wrongStepUpCode" });
    await callerLater.account.stepUp({ code: totpFromUri(totpURI, now.getTime()) });
    const [row] = await db
      .select({ steppedUpAt: sessions.steppedUpAt })
      .from(sessions)
      .where(eq(sessions.id, person.sessionId!));
    expect(row!.steppedUpAt).toEqual(later);
    // A backup code works once, here as at sign-in.
    await callerLater.account.stepUp({ code: backupCodes[0]! });
    const again = await expectTRPCError(callerLater.account.stepUp({ code: backupCodes[0]! }));
    expect(again.cause).toMatchObject({ messageKey: "wrongStepUpCode" });
    const used = await post("sign-in/email", { email: person.email, password: testPassword });
    const atSignIn = await post(
      "two-factor/verify-backup-code",
      { code: backupCodes[0] },
      jar(used),
    );
    expect(atSignIn.status).not.toBe(200);
  });

  it("takes each backup code once", async () => {
    const { person, backupCodes } = await enrolled();
    const code = backupCodes[0]!;
    const challenge = jar(
      await post("sign-in/email", { email: person.email, password: testPassword }),
    );
    const used = await post("two-factor/verify-backup-code", { code }, challenge);
    expect(used.status).toBe(200);
    expect(hasSession(used)).toBe(true);
    const next = jar(await post("sign-in/email", { email: person.email, password: testPassword }));
    const reused = await post("two-factor/verify-backup-code", { code }, next);
    expect(reused.status).toBe(401);
  });

  it("locks the second factor after five wrong codes, even across new challenges", async () => {
    const { person, totpURI } = await enrolled();
    for (let i = 0; i < 5; i++) {
      const challenge = jar(
        await post("sign-in/email", { email: person.email, password: testPassword }),
      );
      expect((await post("two-factor/verify-totp", { code: "999999" }, challenge)).status).toBe(
        401,
      );
    }
    const challenge = jar(
      await post("sign-in/email", { email: person.email, password: testPassword }),
    );
    const locked = await post("two-factor/verify-totp", { code: totpFromUri(totpURI) }, challenge);
    expect(locked.status).toBe(429);
    expect(hasSession(locked)).toBe(false);
  });

  it("turns off with the password, audited", async () => {
    const { seed, person, totpURI } = await enrolled();
    const challenge = jar(
      await post("sign-in/email", { email: person.email, password: testPassword }),
    );
    const signedIn = await post(
      "two-factor/verify-totp",
      { code: totpFromUri(totpURI) },
      challenge,
    );
    const cookie = jar(signedIn);
    expect((await post("two-factor/disable", { password: "nope-nope" }, cookie)).status).toBe(400);
    expect((await post("two-factor/disable", { password: testPassword }, cookie)).status).toBe(200);
    const [off] = await db.select().from(users).where(eq(users.id, person.id));
    expect(off!.twoFactorEnabled).toBe(false);
    const actions = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.merchantId, seed.merchant.id));
    expect(actions.map((a) => a.action)).toContain("account.two_factor.disable");
  });
});

describe(`two-factor required by the shop (${engine})`, () => {
  const callerFor = (user: SessionUser) => createCaller(contextFor(db, user));

  it("lets a role without a second factor reach only the account until it sets one up", async () => {
    const seed = await seedMerchant(db, "Require");
    const owner = callerFor(seed.people.owner);
    // The owner cannot ask it of owners before having one.
    const early = await owner.merchant
      .updateTwoFactorRoles({ roles: ["owner", "staff"] })
      .catch((e: unknown) => e);
    expect((early as TRPCError).code).toBe("PRECONDITION_FAILED");
    await owner.merchant.updateTwoFactorRoles({ roles: ["staff", "staff"] });
    expect((await owner.merchant.settings()).twoFactorRoles).toEqual(["staff"]);

    const staff = callerFor(seed.people.staff);
    const refused = await staff.orders.list({}).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    expect((await staff.me.get()).merchant).toMatchObject({ twoFactorRequired: true });
    expect(await staff.account.sessions()).toMatchObject([{ isCurrent: true }]);

    const enrolledStaff = callerFor({ ...seed.people.staff, twoFactorEnabled: true });
    expect((await enrolledStaff.orders.list({})).rows).toEqual([]);
    // Other roles are not asked.
    expect((await callerFor(seed.people.manager).orders.list({})).rows).toEqual([]);

    const manager = await callerFor(seed.people.manager)
      .merchant.updateTwoFactorRoles({ roles: [] })
      .catch((e: unknown) => e);
    expect((manager as TRPCError).code).toBe("FORBIDDEN");
  });

  it("lets the owner remove a member's lost authenticator, signing them out", async () => {
    const { seed, person } = await enrolled();
    await post("sign-in/email", { email: person.email, password: testPassword });
    const team = await callerFor(seed.people.owner).team.list();
    const member = team.find((m) => m.userId === person.id)!;
    expect(member.twoFactorEnabled).toBe(true);

    const byManager = await callerFor(seed.people.manager)
      .team.resetTwoFactor({ membershipId: member.membershipId })
      .catch((e: unknown) => e);
    expect((byManager as TRPCError).code).toBe("FORBIDDEN");

    await callerFor(seed.people.owner).team.resetTwoFactor({ membershipId: member.membershipId });
    const [user] = await db.select().from(users).where(eq(users.id, person.id));
    expect(user!.twoFactorEnabled).toBe(false);
    expect(await db.select().from(twoFactors).where(eq(twoFactors.userId, person.id))).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([]);
    const again = await callerFor(seed.people.owner)
      .team.resetTwoFactor({ membershipId: member.membershipId })
      .catch((e: unknown) => e);
    expect((again as TRPCError).code).toBe("PRECONDITION_FAILED");
    // The password alone signs in again.
    const res = await post("sign-in/email", { email: person.email, password: testPassword });
    expect(hasSession(res)).toBe(true);
  });
});

import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { memberships, merchants, sessions, users } from "@/db/schema";
import type { Role } from "@/server/auth/roles.logic";
import { cookieNames } from "@/server/http/cookie-names";
import { resolveMembership } from "@/server/team/membership.service";
import { engine, setupTestDatabase } from "@/test/db";
import { joinOtherShop, seedMerchant, testPassword } from "@/test/fixtures";
import { createAuth, type Auth } from "./auth";
import { handleAuthRequest } from "./handler.service";
import { listenForSessionChanges, SessionCache, sessionKeptMs } from "./session-cache.service";
import { cookieValue } from "@/server/http/cookie-names";
import {
  findLiveSession,
  preferredMerchantOf,
  readRequestSession,
  verifiedToken,
  type LiveSession,
  type SessionCookieRules,
} from "./session.service";

const origin = "http://localhost:3000";
const database = setupTestDatabase();
const { db } = database;
const ttl = 3600;
let auth: Auth;
let rules: SessionCookieRules;

beforeAll(async () => {
  auth = createAuth(db, { secret: "x".repeat(40), sessionTtl: ttl, baseUrl: origin });
  const context = await auth.$context;
  rules = {
    cookieName: context.authCookies.sessionToken.name,
    secret: context.secret,
    expiresIn: context.sessionConfig.expiresIn,
    updateAge: context.sessionConfig.updateAge,
  };
});

/** A new person signed in through the auth endpoint: the Cookie header their browser sends back. */
async function signedIn() {
  const { people, merchant } = await seedMerchant(db, "Session", { signedIn: false });
  const res = await handleAuthRequest(
    auth,
    db,
    new Request(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email: people.staff.email, password: testPassword }),
    }),
  );
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
  return { user: people.staff, cookie, merchant, owner: people.owner };
}

/** A new person signed in, who has since joined a second shop with `role` there. */
async function signedInToTwoShops(role?: Role) {
  const first = await signedIn();
  const other = await seedMerchant(db, "Other", { signedIn: false });
  const shop = { merchantId: other.merchant.id, ownerId: other.people.owner.id };
  await joinOtherShop(db, shop, first.user, role);
  return { ...first, other };
}

describe(`a request's session, read in one statement (${engine})`, () => {
  it("opens the session better-auth opens, with the user's flags", async () => {
    const { user, cookie } = await signedIn();
    await db
      .update(users)
      .set({ locale: "en", mustChangePassword: true, twoFactorEnabled: true })
      .where(eq(users.id, user.id));
    const live = await findLiveSession(db, rules, `theme=dark; ${cookie}`);
    const theirs = await auth.api.getSession({ headers: new Headers({ cookie }) });
    expect(live).toEqual({
      sessionId: theirs!.session.id,
      expiresAt: theirs!.session.expiresAt,
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        locale: "en",
        mustChangePassword: true,
        twoFactorEnabled: true,
      },
      membership: await resolveMembership(db, user.id, null),
    });
  });

  it("knows none without a cookie, with a forged one or one signed with another secret", async () => {
    const { cookie } = await signedIn();
    expect(await findLiveSession(db, rules, null)).toBe("none");
    expect(await findLiveSession(db, rules, "theme=dark")).toBe("none");
    expect(await findLiveSession(db, rules, `${rules.cookieName}=forged.signature`)).toBe("none");
    expect(await findLiveSession(db, { ...rules, secret: "y".repeat(40) }, cookie)).toBe("none");
    const token = verifiedToken(cookieValue(cookie, rules.cookieName)!, rules.secret)!;
    const otherToken = `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`;
    const signature = cookieValue(cookie, rules.cookieName)!.split(".").at(-1)!;
    expect(await findLiveSession(db, rules, `${rules.cookieName}=${otherToken}.${signature}`)).toBe(
      "none",
    );
  });

  it("leaves a signed-out, revoked or expired session to better-auth, which refuses it", async () => {
    for (const end of [
      (token: string) => db.delete(sessions).where(eq(sessions.token, token)),
      (token: string) =>
        db
          .update(sessions)
          .set({ expiresAt: new Date(Date.now() - 1000) })
          .where(eq(sessions.token, token)),
    ]) {
      const { cookie } = await signedIn();
      const token = verifiedToken(cookieValue(cookie, rules.cookieName)!, rules.secret)!;
      expect(await findLiveSession(db, rules, cookie)).not.toBe("ask-auth");
      await end(token);
      expect(await findLiveSession(db, rules, cookie)).toBe("ask-auth");
      expect(await auth.api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
    }
  });

  it("leaves a session due for its refresh to better-auth, which pushes its expiry on", async () => {
    const { cookie } = await signedIn();
    const token = verifiedToken(cookieValue(cookie, rules.cookieName)!, rules.secret)!;
    // Signed in a third of its lifetime ago: past better-auth's refresh age (a quarter).
    const expiresAt = new Date(Date.now() + (ttl * 1000 * 2) / 3);
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.token, token));
    expect(await findLiveSession(db, rules, cookie)).toBe("ask-auth");
    const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
    expect(session!.session.expiresAt.getTime()).toBeGreaterThan(expiresAt.getTime());
    expect(await findLiveSession(db, rules, cookie)).toMatchObject({
      sessionId: session!.session.id,
    });
  });
});

describe(`the membership read with the session, as resolveMembership chooses it (${engine})`, () => {
  async function expectSameChoice(cookie: string, userId: string, preferred: string | null) {
    const live = await findLiveSession(db, rules, cookie, preferred);
    if (typeof live === "string") throw new Error(`no live session: ${live}`);
    const theirs = await resolveMembership(db, userId, preferred);
    expect(live.membership).toEqual(theirs);
    return theirs;
  }

  it("takes the chosen merchant while the user belongs to it, else their oldest", async () => {
    const { user, cookie, merchant, other } = await signedInToTwoShops("manager");
    const chosen = await expectSameChoice(cookie, user.id, other.merchant.id);
    expect(chosen).toMatchObject({ merchantId: other.merchant.id, role: "manager" });
    const first = await expectSameChoice(cookie, user.id, null);
    expect(first).toMatchObject({ merchantId: merchant.id, role: "staff" });
    // A merchant they do not belong to (or no longer exists) falls back to the oldest.
    const stranger = await seedMerchant(db, "Stranger", { signedIn: false });
    expect(await expectSameChoice(cookie, user.id, stranger.merchant.id)).toEqual(first);
  });

  it("falls back once the chosen membership is removed, and knows none when none is left", async () => {
    const { user, cookie, merchant, other } = await signedInToTwoShops();
    await db.delete(memberships).where(eq(memberships.merchantId, merchant.id));
    expect(await expectSameChoice(cookie, user.id, merchant.id)).toMatchObject({
      merchantId: other.merchant.id,
    });
    await db.delete(memberships).where(eq(memberships.userId, user.id));
    expect(await expectSameChoice(cookie, user.id, other.merchant.id)).toBeNull();
    expect(await expectSameChoice(cookie, user.id, null)).toBeNull();
  });

  it("takes the merchant cookie's choice, and falls back to the oldest on a malformed one", async () => {
    const { user, cookie, merchant, other } = await signedInToTwoShops();
    const choosing = (value: string) => `${cookie}; ${cookieNames.merchant}=${value}`;
    expect(preferredMerchantOf(choosing(other.merchant.id))).toBe(other.merchant.id);
    expect(preferredMerchantOf(choosing(`"${encodeURIComponent(other.merchant.id)}"`))).toBe(
      other.merchant.id,
    );
    // A broken percent escape (decodeURIComponent throws on it) or no id at all: no choice,
    // and the request acts for the oldest membership instead of failing.
    for (const malformed of ["%E0%A4%A", "%", "not-a-merchant", ""]) {
      const header = choosing(malformed);
      const preferred = preferredMerchantOf(header);
      expect(preferred).toBeNull();
      expect(await expectSameChoice(header, user.id, preferred)).toMatchObject({
        merchantId: merchant.id,
      });
    }
  });

  it("carries the shop's two-factor rule for the role", async () => {
    const { user, cookie, merchant } = await signedIn();
    await db
      .update(merchants)
      .set({ twoFactorRoles: ["staff"] })
      .where(eq(merchants.id, merchant.id));
    expect(await expectSameChoice(cookie, user.id, merchant.id)).toMatchObject({
      twoFactorRequired: true,
    });
  });
});

describe(`a session due for its refresh, and the browser's cookie (${engine})`, () => {
  /** A signed-in person whose session was opened a third of its lifetime ago. */
  async function dueForRefresh() {
    const { cookie, user } = await signedIn();
    const token = verifiedToken(cookieValue(cookie, rules.cookieName)!, rules.secret)!;
    const expiresAt = new Date(Date.now() + (ttl * 1000 * 2) / 3);
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.token, token));
    const storedExpiry = async () =>
      (await db.select().from(sessions).where(eq(sessions.token, token)))[0]?.expiresAt;
    return { headers: new Headers({ cookie }), user, expiresAt, storedExpiry };
  }

  it("is pushed on with its cookie when the response can carry the cookie", async () => {
    const { headers, user, expiresAt, storedExpiry } = await dueForRefresh();
    const read = await readRequestSession(auth, db, headers, { refresh: true });
    expect(read.user?.id).toBe(user.id);
    expect((await storedExpiry())!.getTime()).toBeGreaterThan(expiresAt.getTime());
    const [sessionCookie] = read.setCookies.filter((c) => c.startsWith(`${rules.cookieName}=`));
    expect(sessionCookie).toMatch(new RegExp(`Max-Age=${ttl}\\b`));
  });

  it("is left as it is when the response cannot carry the cookie (a page being rendered)", async () => {
    const { headers, user, expiresAt, storedExpiry } = await dueForRefresh();
    const read = await readRequestSession(auth, db, headers, { refresh: false });
    expect(read.user?.id).toBe(user.id);
    expect(read.setCookies).toEqual([]);
    // Left due: the next call that can carry the cookie refreshes both.
    expect((await storedExpiry())!.getTime()).toBe(expiresAt.getTime());
    expect(await findLiveSession(db, rules, headers.get("cookie"))).toBe("ask-auth");
  });

  it("clears the browser's cookie once the session has ended", async () => {
    const { headers } = await dueForRefresh();
    const token = verifiedToken(
      cookieValue(headers.get("cookie"), rules.cookieName)!,
      rules.secret,
    )!;
    await db.delete(sessions).where(eq(sessions.token, token));
    const read = await readRequestSession(auth, db, headers, { refresh: true });
    expect(read.user).toBeNull();
    expect(read.setCookies.find((c) => c.startsWith(`${rules.cookieName}=`))).toMatch(
      /Max-Age=0\b/,
    );
  });
});

/** A process's kept sessions that counts what it answered and the changes it heard. */
class WatchedCache extends SessionCache<LiveSession> {
  answered = 0;
  heard = 0;
  hearingNow = false;
  override get(key: string, now: number) {
    const session = super.get(key, now);
    if (session) this.answered++;
    return session;
  }
  override changed() {
    this.heard++;
    super.changed();
  }
  override hearing(on: boolean) {
    this.hearingNow = on;
    super.hearing(on);
  }
}

describe(`sessions kept by the process, and every change to them heard (${engine})`, () => {
  const cache = new WatchedCache();
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ stop } = await listenForSessionChanges(database.opened, cache));
  });
  afterAll(() => stop());

  const readKept = (cookie: string) =>
    readRequestSession(auth, db, new Headers({ cookie }), { refresh: true, cache });
  const readFresh = (cookie: string) =>
    readRequestSession(auth, db, new Headers({ cookie }), { refresh: true });

  /** Runs `change`, waits until the listener has heard it, then reads the session kept and fresh. */
  async function afterChange(cookie: string, change: () => Promise<unknown>) {
    const heard = cache.heard;
    await change();
    await vi.waitFor(() => expect(cache.heard).toBeGreaterThan(heard), { timeout: 60_000 });
    return { kept: await readKept(cookie), fresh: await readFresh(cookie) };
  }

  it("answers a device's next calls without reading its session again", async () => {
    const { cookie, user } = await signedIn();
    const first = await readKept(cookie);
    const answered = cache.answered;
    const again = await readKept(cookie);
    expect(cache.answered).toBe(answered + 1);
    expect(again).toEqual(first);
    expect(again.user?.id).toBe(user.id);
  });

  it("keeps each merchant choice apart: switching shops is never answered from the other", async () => {
    const { cookie, merchant, other } = await signedInToTwoShops("manager");
    const choosing = (id: string) => `${cookie}; ${cookieNames.merchant}=${id}`;
    expect((await readKept(choosing(merchant.id))).membership?.merchantId).toBe(merchant.id);
    expect((await readKept(choosing(other.merchant.id))).membership).toMatchObject({
      merchantId: other.merchant.id,
      role: "manager",
    });
  });

  it("refuses a revoked or signed-out device once the change is heard", async () => {
    const { cookie } = await signedIn();
    expect((await readKept(cookie)).user).not.toBeNull();
    const token = verifiedToken(cookieValue(cookie, rules.cookieName)!, rules.secret)!;
    const { kept } = await afterChange(cookie, () =>
      db.delete(sessions).where(eq(sessions.token, token)),
    );
    expect(kept.user).toBeNull();
  });

  it("follows a change of role, a removal, a password reset, a second factor and the shop's rule", async () => {
    const { cookie, user, merchant, other } = await signedInToTwoShops();
    const changes = [
      () =>
        db
          .update(memberships)
          .set({ role: "analyst" })
          .where(and(eq(memberships.userId, user.id), eq(memberships.merchantId, merchant.id))),
      () =>
        db
          .update(merchants)
          .set({ twoFactorRoles: ["analyst"] })
          .where(eq(merchants.id, merchant.id)),
      () => db.update(users).set({ twoFactorEnabled: true }).where(eq(users.id, user.id)),
      () => db.update(users).set({ mustChangePassword: true }).where(eq(users.id, user.id)),
      () => db.update(users).set({ locale: "en" }).where(eq(users.id, user.id)),
      () =>
        db
          .delete(memberships)
          .where(and(eq(memberships.userId, user.id), eq(memberships.merchantId, merchant.id))),
      () => db.delete(memberships).where(eq(memberships.merchantId, other.merchant.id)),
    ];
    let before = await readKept(cookie);
    for (const change of changes) {
      await readKept(cookie); // kept
      const { kept, fresh } = await afterChange(cookie, change);
      expect(kept).toEqual(fresh);
      expect(kept).not.toEqual(before);
      before = kept;
    }
    expect(before.membership).toBeNull();
  });

  it("keeps nothing read while a change was heard, nor while changes cannot be heard", () => {
    const session = { sessionId: "s" } as LiveSession;
    const racing = new SessionCache<LiveSession>();
    racing.hearing(true);
    const stamp = racing.stamp();
    racing.changed(); // a revocation heard while the session was being read
    racing.keep("k", session, stamp, 0);
    expect(racing.get("k", 0)).toBeUndefined();
    racing.keep("k", session, racing.stamp(), 0);
    expect(racing.get("k", 0)).toBe(session);
    racing.hearing(false); // the listening connection dropped
    expect(racing.get("k", 0)).toBeUndefined();
    racing.keep("k", session, racing.stamp(), 0);
    expect(racing.get("k", 0)).toBeUndefined();
  });

  it("reads a kept session again after sessionKeptMs, whatever was heard", () => {
    const session = { sessionId: "s" } as LiveSession;
    const kept = new SessionCache<LiveSession>();
    kept.hearing(true);
    kept.keep("k", session, kept.stamp(), 1000);
    expect(kept.get("k", 1000 + sessionKeptMs - 1)).toBe(session);
    expect(kept.get("k", 1000 + sessionKeptMs)).toBeUndefined();
  });

  it.runIf(engine === "postgres")(
    "stops keeping while its listening connection is down, and keeps again once it listens again",
    async () => {
      const { cookie } = await signedIn();
      // The listening connection's server process ends, as a restart or a network cut would end it.
      const ended = await db.execute(
        sql`select pg_terminate_backend(pid) as ended from pg_stat_activity
            where datname = current_database() and query = 'listen "session_change"'`,
      );
      expect((ended as unknown as { rows: unknown[] }).rows).toEqual([{ ended: true }]);
      await vi.waitFor(() => expect(cache.hearingNow).toBe(false), { timeout: 60_000 });
      await readKept(cookie);
      const answered = cache.answered;
      await readKept(cookie);
      expect(cache.answered).toBe(answered);
      await vi.waitFor(() => expect(cache.hearingNow).toBe(true), { timeout: 60_000 });
      await readKept(cookie);
      await readKept(cookie);
      expect(cache.answered).toBe(answered + 1);
    },
  );
});

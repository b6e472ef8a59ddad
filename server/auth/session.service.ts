import { createHmac, timingSafeEqual } from "node:crypto";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { memberships, merchants, sessions, users } from "@/db/schema";
import { statementTemplate, type Placeholders } from "@/db/statement-template";
import type { Db } from "@/db/types";
import { cookieNames, cookieValue } from "@/server/http/cookie-names";
import { membershipColumns, type ActiveMembership } from "@/server/team/membership.service";
import type { Auth } from "./auth";
import type { SessionCache } from "./session-cache.service";

/** What the signed-in person's requests need to know of them and of their session. */
export interface LiveSession {
  sessionId: string;
  expiresAt: Date;
  user: {
    id: string;
    email: string;
    name: string;
    locale: "zh-CN" | "en" | null;
    mustChangePassword: boolean;
    twoFactorEnabled: boolean;
  };
  /** The merchant the request acts for, chosen as resolveMembership chooses; null: none. */
  membership: ActiveMembership | null;
}

/** How the auth library names, signs and refreshes the session cookie (from its context). */
export interface SessionCookieRules {
  cookieName: string;
  secret: string;
  /** Session lifetime and the age after which a request pushes its expiry on, in seconds. */
  expiresIn: number;
  updateAge: number;
}

// Built once: a zod schema costs more to build than to use, and this runs on every request.
const merchantIdSchema = z.uuid();

/**
 * The merchant a Cookie header's merchant cookie chooses, checked against memberships before
 * use; null when there is none or it is not a merchant id (a malformed one included: a
 * preference cookie never fails a request).
 */
export function preferredMerchantOf(cookieHeader: string | null): string | null {
  const chosen = merchantIdSchema.safeParse(cookieValue(cookieHeader, cookieNames.merchant));
  return chosen.success ? chosen.data : null;
}

/**
 * Cookie values whose signature checked out under `secret`, with their token. A signed-in
 * device sends the same cookie with every call, and checking its HMAC again cost about a
 * fortieth of a redemption's CPU (issue #20). Only genuine values are kept, so forgeries
 * never fill it; whether the session is still live is not kept here (see findLiveSession).
 */
const genuineCookies = { secret: "", tokens: new Map<string, string>() };

/** Signed-in devices at once, and more: past it the oldest value is checked again when next sent. */
const genuineCookiesKept = 2000;

/**
 * The session token of a signed cookie value (`<token>.<base64 HMAC-SHA256 of the token>`),
 * or null when the signature is missing or not made with `secret`; the same checks as
 * better-call's getSignedCookie, which better-auth reads the session cookie with.
 */
export function verifiedToken(value: string, secret: string): string | null {
  if (genuineCookies.secret !== secret) {
    genuineCookies.secret = secret;
    genuineCookies.tokens.clear();
  }
  const known = genuineCookies.tokens.get(value);
  if (known !== undefined) return known;
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  const expected = createHmac("sha256", secret).update(token).digest();
  const given = Buffer.from(signature, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const { tokens } = genuineCookies;
  const oldest = tokens.size >= genuineCookiesKept ? tokens.keys().next().value : undefined;
  if (oldest !== undefined) tokens.delete(oldest);
  tokens.set(value, token);
  return token;
}

const liveSessionColumns = {
  sessionId: sessions.id,
  expiresAt: sessions.expiresAt,
  user: {
    id: users.id,
    email: users.email,
    name: users.name,
    locale: users.locale,
    mustChangePassword: users.mustChangePassword,
    twoFactorEnabled: users.twoFactorEnabled,
  },
};

/**
 * The session lookup runs on every signed-in request: a template (db/statement-template.ts),
 * so both engines plan it once per connection rather than on every request. On the embedded
 * engine, which drizzle's own `.prepare()` leaves unprepared, parsing and planning this join
 * was most of the lookup: 1.2 ms of CPU per lookup, 0.4 ms as a template.
 */
const liveSessionByToken = statementTemplate(
  "live_session_by_token",
  (db, v: Placeholders<{ token: string; preferredMerchantId: string | null }>) => {
    // resolveMembership's rule in one row: the chosen merchant if the user still belongs to
    // it, else their oldest membership (then by merchant name); none when they belong to none.
    // With no choice, `merchant_id = null` is null on every row and leaves the order as it was.
    const chosen = db
      .select(membershipColumns)
      .from(memberships)
      .innerJoin(merchants, eq(merchants.id, memberships.merchantId))
      .where(eq(memberships.userId, users.id))
      .orderBy(
        desc(sql`${memberships.merchantId} = ${v.preferredMerchantId}`),
        asc(memberships.createdAt),
        asc(merchants.name),
      )
      .limit(1)
      .as("chosen");
    return db
      .select({ ...liveSessionColumns, chosen: { ...chosen._.selectedFields } })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoinLateral(chosen, sql`true`)
      .where(and(eq(sessions.token, v.token), gt(sessions.expiresAt, sql`now()`)));
  },
);

/**
 * The session a request's cookie opens, in one statement, while it is live and needs no
 * refresh; "none" when the request carries no session cookie or a forged one (better-auth
 * would answer null without reading anything either); "ask-auth" for everything better-auth
 * must handle itself: a token with no live row (signed out, revoked, expired: better-auth
 * deletes an expired one and clears the cookie) and a session due for its expiry to be pushed
 * on. With `cache` (the API's calls), a session read a moment ago is used again until a change
 * to it is heard (session-cache.service.ts); without it the row is read as getSession reads it.
 */
export async function findLiveSession(
  db: Db,
  rules: SessionCookieRules,
  cookieHeader: string | null,
  preferredMerchantId: string | null = null,
  now = Date.now(),
  cache?: SessionCache<LiveSession>,
): Promise<LiveSession | "none" | "ask-auth"> {
  const value = cookieValue(cookieHeader, rules.cookieName);
  if (!value) return "none";
  const token = verifiedToken(value, rules.secret);
  if (!token) return "none";
  const key = `${token} ${preferredMerchantId ?? ""}`;
  let live = cache?.get(key, now);
  if (!live) {
    const stamp = cache?.stamp() ?? 0;
    const [row] = await liveSessionByToken(db, { token, preferredMerchantId });
    if (!row) return "ask-auth";
    const { chosen, ...session } = row;
    live = { ...session, membership: chosen };
    cache?.keep(key, live, stamp, now);
  }
  // Read now, the row said it was live; kept, it may have run out since.
  if (live.expiresAt.getTime() <= now) return "ask-auth";
  // better-auth's rule (getSession): refresh once a quarter of the lifetime has passed.
  const refreshFrom = live.expiresAt.getTime() - rules.expiresIn * 1000 + rules.updateAge * 1000;
  if (refreshFrom <= now) return "ask-auth";
  return live;
}

/** The person a request is signed in as, and the cookies better-auth set while reading it. */
export interface SessionRead {
  user: (LiveSession["user"] & { sessionId: string }) | null;
  /** Read with a live session only; left out when better-auth read the session. */
  membership?: ActiveMembership | null;
  /** Set-Cookie values: the session cookie pushed on with its row, or cleared with it. */
  setCookies: string[];
  /** The merchant cookie's choice (preferredMerchantOf), read once for the whole request. */
  preferredMerchantId: string | null;
}

/**
 * The request's session: findLiveSession's one statement while the session is live and needs
 * no refresh, else better-auth's getSession (about four times the CPU and two statements),
 * which handles refresh, expiry and a token without its row. `refresh`: a session due for it
 * has its expiry pushed on, and the cookie with it. Only a caller whose response carries
 * `setCookies` may ask: pushed on in the database but not in the browser, the cookie would
 * still end at its first expiry, and the row, fresh again, would not be refreshed again.
 */
export async function readRequestSession(
  auth: Auth,
  db: Db,
  headers: Headers,
  { refresh, cache }: { refresh: boolean; cache?: SessionCache<LiveSession> },
): Promise<SessionRead> {
  const { authCookies, secret, sessionConfig } = await auth.$context;
  const cookieHeader = headers.get("cookie");
  const preferredMerchantId = preferredMerchantOf(cookieHeader);
  const live = await findLiveSession(
    db,
    {
      cookieName: authCookies.sessionToken.name,
      secret,
      expiresIn: sessionConfig.expiresIn,
      updateAge: sessionConfig.updateAge,
    },
    cookieHeader,
    preferredMerchantId,
    Date.now(),
    cache,
  );
  if (live === "none") return { user: null, setCookies: [], preferredMerchantId };
  if (live !== "ask-auth") {
    const user = { ...live.user, sessionId: live.sessionId };
    return { user, membership: live.membership, setCookies: [], preferredMerchantId };
  }
  const { headers: written, response: session } = await auth.api.getSession({
    headers,
    query: { disableRefresh: !refresh },
    returnHeaders: true,
  });
  const setCookies = refresh ? written.getSetCookie() : [];
  if (!session) return { user: null, setCookies, preferredMerchantId };
  const { id, email, name, locale, mustChangePassword, twoFactorEnabled } = session.user;
  return {
    user: {
      id,
      email,
      name,
      locale: locale === "en" || locale === "zh-CN" ? locale : null,
      sessionId: session.session.id,
      mustChangePassword: mustChangePassword === true,
      twoFactorEnabled: twoFactorEnabled === true,
    },
    setCookies,
    preferredMerchantId,
  };
}

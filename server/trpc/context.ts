import "server-only";
import { getDatabase } from "@/server/database";
import { getSecrets } from "@/server/config/secrets";
import { deliverSandbox, getAuth, getEventHub } from "@/server/runtime";
import { requestMeta } from "@/server/http/request-meta";
import { findLiveSession, preferredMerchantOf } from "@/server/auth/session.service";
import type { Context, SessionUser } from "./init";

/** The signed-in user of a request (null: no cookie, expired or revoked session). */
export interface RequestSession {
  user: SessionUser | null;
  /** Read with a live session only (Context.membership); left out, merchantProcedure reads it. */
  membership?: Context["membership"];
}

/**
 * The request's user and, when the live session was read in one statement with it
 * (findLiveSession), the membership of the merchant the cookie chooses; better-auth's
 * getSession, which costs about four times the CPU and two statements, still handles every
 * other case (refresh, expiry, a token without its row), and leaves the membership unread.
 */
export async function readSession(headers: Headers): Promise<RequestSession> {
  const [auth, { db }] = await Promise.all([getAuth(headers), getDatabase()]);
  const { authCookies, secret, sessionConfig } = await auth.$context;
  const live = await findLiveSession(
    db,
    {
      cookieName: authCookies.sessionToken.name,
      secret,
      expiresIn: sessionConfig.expiresIn,
      updateAge: sessionConfig.updateAge,
    },
    headers.get("cookie"),
    preferredMerchantOf(headers.get("cookie")),
  );
  if (live === "none") return { user: null };
  if (live !== "ask-auth") {
    return { user: { ...live.user, sessionId: live.sessionId }, membership: live.membership };
  }
  const session = await auth.api.getSession({ headers });
  if (!session) return { user: null };
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
  };
}

/** `known`: the caller already read the session (server components do, once per request). */
export async function createRequestContext(
  headers: Headers,
  known?: RequestSession,
): Promise<Context> {
  const [{ db }, { user, membership }, events] = await Promise.all([
    getDatabase(),
    known ?? readSession(headers),
    getEventHub(),
  ]);
  return {
    db,
    user,
    ...(membership !== undefined ? { membership } : {}),
    meta: requestMeta(headers),
    preferredMerchantId: preferredMerchantOf(headers.get("cookie")),
    encryptionKey: getSecrets().encryptionKey,
    authSecret: getSecrets().authSecret,
    events,
    deliverSandbox,
  };
}

import "server-only";
import { z } from "zod";
import { getDatabase } from "@/server/database";
import { getSecrets } from "@/server/config/secrets";
import { deliverSandbox, getAuth, getEventHub } from "@/server/runtime";
import { cookieNames } from "@/server/http/cookie-names";
import { requestMeta } from "@/server/http/request-meta";
import { findLiveSession } from "@/server/auth/session.service";
import type { Context, SessionUser } from "./init";

function readCookie(headers: Headers, name: string): string | null {
  const raw = headers.get("cookie");
  if (!raw) return null;
  for (const part of raw.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

/**
 * The signed-in user of a request, or null (no cookie, expired or revoked session). A live
 * session is read in one statement (findLiveSession); better-auth's getSession, which costs
 * about four times the CPU and two statements, still handles every other case (refresh,
 * expiry, a token without its row).
 */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
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
  );
  if (live === "none") return null;
  if (live !== "ask-auth") return { ...live.user, sessionId: live.sessionId };
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const { id, email, name, locale, mustChangePassword, twoFactorEnabled } = session.user;
  return {
    id,
    email,
    name,
    locale: locale === "en" || locale === "zh-CN" ? locale : null,
    sessionId: session.session.id,
    mustChangePassword: mustChangePassword === true,
    twoFactorEnabled: twoFactorEnabled === true,
  };
}

/** `knownUser`: the caller already looked the session up (server components do, once per request). */
export async function createRequestContext(
  headers: Headers,
  knownUser?: SessionUser | null,
): Promise<Context> {
  const [{ db }, user, events] = await Promise.all([
    getDatabase(),
    knownUser !== undefined ? knownUser : getSessionUser(headers),
    getEventHub(),
  ]);
  const merchantCookie = z.uuid().safeParse(readCookie(headers, cookieNames.merchant));
  return {
    db,
    user,
    meta: requestMeta(headers),
    preferredMerchantId: merchantCookie.success ? merchantCookie.data : null,
    encryptionKey: getSecrets().encryptionKey,
    authSecret: getSecrets().authSecret,
    events,
    deliverSandbox,
  };
}

import "server-only";
import { getDatabase } from "@/server/database";
import { getSecrets } from "@/server/config/secrets";
import { deliverSandbox, getAuth, getEventHub, getSessionCache } from "@/server/runtime";
import { requestMeta } from "@/server/http/request-meta";
import { readRequestSession } from "@/server/auth/session.service";
import type { Context, SessionUser } from "./init";

/** The signed-in user of a request (null: no cookie, expired or revoked session). */
export interface RequestSession {
  user: SessionUser | null;
  /** Read with a live session only (Context.membership); left out, merchantProcedure reads it. */
  membership?: Context["membership"];
  /** Set-Cookie values for the response (asked for with `refresh`). */
  setCookies: string[];
  /** The merchant the request's cookie chooses (Context.preferredMerchantId). */
  preferredMerchantId: string | null;
}

/**
 * The request's session (readRequestSession, on the runtime's auth and database).
 * `refresh` only where the response can carry the pushed-on cookie back: the tRPC route.
 * `kept`: a session this process read a moment ago may answer (getSessionCache): the tRPC
 * route, a device's many small calls. A page, a file or an upload reads it from the database,
 * so that a person's own change (their language, their password) shows on the very next page.
 */
export async function readSession(
  headers: Headers,
  { refresh, kept = false }: { refresh: boolean; kept?: boolean },
): Promise<RequestSession> {
  const [auth, { db }, cache] = await Promise.all([
    getAuth(headers),
    getDatabase(),
    kept ? getSessionCache() : undefined,
  ]);
  return readRequestSession(auth, db, headers, { refresh, cache });
}

/** `known`: the caller already read the session (server components do, once per request). */
export async function createRequestContext(
  headers: Headers,
  known?: RequestSession,
): Promise<Context> {
  const [{ db }, { user, membership, preferredMerchantId }, events] = await Promise.all([
    getDatabase(),
    known ?? readSession(headers, { refresh: false }),
    getEventHub(),
  ]);
  return {
    db,
    user,
    ...(membership !== undefined ? { membership } : {}),
    meta: requestMeta(headers),
    preferredMerchantId,
    encryptionKey: getSecrets().encryptionKey,
    authSecret: getSecrets().authSecret,
    events,
    deliverSandbox,
  };
}

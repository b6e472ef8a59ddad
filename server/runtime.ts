import "server-only";
import { getDatabase, getDb } from "@/db/client";
import { env } from "@/env";
import { createAuth, type Auth } from "./auth/auth";
import { handleAuthRequest } from "./auth/handler";
import { getSecrets } from "./config/secrets";
import { healthResponse } from "./health/health.service";

const holder = globalThis as unknown as { __hexiaoAuth?: Promise<Auth> };

/** The process's auth instance, bound to the process's database. */
export function getAuth(): Promise<Auth> {
  holder.__hexiaoAuth ??= getDatabase().then(({ db }) =>
    createAuth(db, {
      secret: getSecrets().authSecret,
      sessionTtl: env.SESSION_TTL_SECONDS,
      baseUrl: env.APP_URL,
    }),
  );
  return holder.__hexiaoAuth;
}

/** `/api/auth/*`: sign-in, sign-out and session, with the sign-in throttle in front. */
export async function authRouteHandler(req: Request): Promise<Response> {
  const [auth, db] = await Promise.all([getAuth(), getDb()]);
  return handleAuthRequest(auth, db, req);
}

/** `GET /api/health`: 200 with the engine and migration state, 503 with a reason otherwise. */
export function healthRouteHandler(): Promise<Response> {
  return healthResponse(getDatabase);
}

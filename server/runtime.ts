import "server-only";
import { getDatabase, getDb } from "@/db/client";
import { env } from "@/env";
import { createAuth, type Auth } from "./auth/auth";
import { handleAuthRequest } from "./auth/handler";
import { getSecrets } from "./config/secrets";
import { checkHealth } from "./health/health.service";

const holder = globalThis as unknown as { __hexiaoAuth?: Promise<Auth> };

/** The process's auth instance, bound to the process's database. */
export function getAuth(): Promise<Auth> {
  holder.__hexiaoAuth ??= getDatabase().then(({ db }) =>
    createAuth(db, {
      secret: getSecrets().authSecret,
      sessionTtl: env.SESSION_TTL_SECONDS,
      baseUrl: env.BASE_URL,
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
export async function healthRouteHandler(): Promise<Response> {
  try {
    const { db, engine } = await getDatabase();
    return Response.json(await checkHealth(db, engine), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    console.error("health check failed:", reason);
    return Response.json({ status: "error", reason: `database unreachable: ${reason}` }, { status: 503 });
  }
}

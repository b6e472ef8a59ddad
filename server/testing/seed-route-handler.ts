import { createHash, timingSafeEqual } from "node:crypto";

/** The header that carries the seed route's token (the suite generates one per run). */
export const seedTokenHeader = "x-e2e-seed-token";

/**
 * The end-to-end suite's seed routes (`POST /api/testing/merchants`, `/api/testing/sessions`)
 * behind one switch. Unless it is switched on
 * (`token` is null in every deployment: only scripts/e2e-server.mjs sets E2E_SEED_ROUTE) and
 * the request carries this run's token, it answers 404 like any unknown address, so nobody
 * can use it or even tell that it exists.
 */
export async function seedRoute(
  req: Request,
  token: string | null,
  create: () => Promise<unknown>,
): Promise<Response> {
  const given = req.headers.get(seedTokenHeader);
  if (token === null || req.method !== "POST" || given === null || !sameSecret(given, token)) {
    return new Response("Not found", { status: 404 });
  }
  return Response.json(await create(), { status: 201, headers: { "cache-control": "no-store" } });
}

/** Constant time: hashing first makes the comparison's length independent of the input. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

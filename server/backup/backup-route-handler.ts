import "server-only";
import { env } from "@/env";
import { getDatabase } from "@/server/database";
import { createRequestContext } from "@/server/trpc/context";
import { backupDownloadResponse } from "./backup-download.service";

/** `POST /api/backup`: the session read from the request, then the owner's download. */
export async function backupRouteHandler(req: Request): Promise<Response> {
  const [ctx, { engine }] = await Promise.all([createRequestContext(req.headers), getDatabase()]);
  return backupDownloadResponse({ ...ctx, engine, appUrl: env.APP_URL }, req);
}

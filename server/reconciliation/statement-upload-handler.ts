import "server-only";
import { env } from "@/env";
import { createRequestContext } from "@/server/trpc/context";
import { uploadStatementResponse } from "./statement-upload.service";

/** `POST /api/statements`: the session read from the request, then the upload. */
export async function statementUploadHandler(req: Request): Promise<Response> {
  return uploadStatementResponse(await createRequestContext(req.headers), req, {
    appUrl: env.APP_URL,
  });
}

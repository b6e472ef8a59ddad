import "server-only";
import { DomainError } from "@/server/errors";
import { domainErrorResponse } from "@/server/http/domain-error-response";
import { requestLocale } from "@/server/http/locale";
import { createRequestContext } from "@/server/trpc/context";
import { exportsByName } from "./export-registry";

/** `GET /api/exports/<name>`: the session read from the request, then the one export route. */
export async function exportRouteHandler(req: Request, name: string): Promise<Response> {
  const handler = Object.hasOwn(exportsByName, name) ? exportsByName[name] : undefined;
  if (!handler) {
    const locale = requestLocale(req.headers, new URL(req.url).searchParams.get("locale"), null);
    return domainErrorResponse(
      new DomainError("NOT_FOUND", "exportNotFound", "No such export"),
      locale,
    );
  }
  return handler(await createRequestContext(req.headers), req);
}

import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { errorExplainerFor } from "@/app/_i18n/error-sentences";
import { env } from "@/env";
import { isForeignOrigin } from "@/server/http/same-origin.logic";
import { createRequestContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

function handler(req: Request) {
  // Mutations (POST) only from this site's own pages: a page elsewhere must not act with a
  // visitor's session, nor a stranger's script post in the name of the pay page.
  if (
    req.method === "POST" &&
    isForeignOrigin({
      origin: req.headers.get("origin"),
      secFetchSite: req.headers.get("sec-fetch-site"),
      host: req.headers.get("host"),
      appUrl: env.APP_URL,
    })
  ) {
    return Response.json(
      { error: { code: "FORBIDDEN", message: "Cross-site request refused" } },
      { status: 403 },
    );
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    createContext: async () => ({
      ...(await createRequestContext(req.headers)),
      explainError: errorExplainerFor(req.headers),
    }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };

import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { errorExplainerFor } from "@/app/_i18n/error-sentences";
import { env } from "@/env";
import { nestsDeeperThan } from "@/server/http/json-depth.logic";
import { isForeignRequest } from "@/server/http/same-origin.logic";
import { createRequestContext, readSession } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

/**
 * The most calls one request may carry. A page's queries asked together are a few dozen at
 * most; unbounded, one anonymous request of ~1,000 pay-page calls (as many names as fit in a
 * URL) ran ~1,000 procedures.
 */
export const maxBatchSize = 100;

/**
 * The deepest a call's input may nest: the console's deepest (an order's items, as superjson
 * sends them) is under ten; a megabyte nested a million deep cost seconds of CPU to refuse.
 */
export const maxInputDepth = 64;

/**
 * `req`, whose body `text` has been read, for tRPC's adapter to read once more: a JSON call
 * (every call the console and the pay page make) answers req.json() from the text, as json()
 * parses it; any other is copied with its body. The copy cost ~60 µs of CPU per call (a
 * Request, a signal following the first one's, a body stream).
 */
function readAgain(req: Request, text: string): Request {
  // tRPC's own test of a JSON body (its contentType.ts).
  const type = req.headers.get("content-type")?.toLowerCase().split(";", 1)[0]?.trim();
  if (type !== "application/json") return new Request(req, { body: text });
  // Configurable: under Next the request is a proxy, whose methods are the target's bound.
  Object.defineProperty(req, "json", {
    value: async () => JSON.parse(text) as unknown,
    configurable: true,
    writable: true,
  });
  return req;
}

/**
 * A body's text as Request.text() decodes it (UTF-8, a byte order mark dropped), for a body
 * the app server has read as bytes. Not server/http/capped-body.ts's cappedText: a provider's
 * notification is kept byte for byte, a mark included, because its signature covers it; the
 * server's request guards have already capped this body's size.
 */
function utf8Text(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/**
 * `/api/trpc/*`, the one handler of the console's and the pay page's calls: Next's route
 * (./[trpc]/route.ts) serves it under `next dev` and `next start`, and the app server
 * (scripts/app-server.mjs) calls it directly, without Next's routing (scripts/direct-routes.mjs),
 * handing a POST's body it has read as `bytes` (the request then carries none).
 */
export async function trpcHandler(req: Request, bytes?: Uint8Array): Promise<Response> {
  // Mutations (POST) only from this site's own pages: a page elsewhere must not act with a
  // visitor's session, nor a stranger's script post in the name of the pay page.
  if (req.method === "POST" && isForeignRequest(req.headers, env.APP_URL)) {
    return Response.json(
      { error: { code: "FORBIDDEN", message: "Cross-site request refused" } },
      { status: 403 },
    );
  }
  if (req.method === "POST") {
    // The body is read here (the server capped its size) and handed on as text.
    const body = bytes ? utf8Text(bytes) : await req.text();
    if (nestsDeeperThan(body, maxInputDepth)) {
      return Response.json(
        { error: { code: "BAD_REQUEST", message: "Input nested too deeply" } },
        { status: 400 },
      );
    }
    req = readAgain(req, body);
  }
  // The session cookie, pushed on when its session was refreshed (or cleared with an expired
  // one), goes back with the answer: the console's calls keep a tablet in use signed in.
  let setCookies: string[] = [];
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    maxBatchSize,
    createContext: async () => {
      const session = await readSession(req.headers, { refresh: true, kept: true });
      setCookies = session.setCookies;
      return {
        ...(await createRequestContext(req.headers, session)),
        explainError: errorExplainerFor(req.headers),
      };
    },
    responseMeta: () => ({
      headers: new Headers(setCookies.map((c): [string, string] => ["set-cookie", c])),
    }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

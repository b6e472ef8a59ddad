/**
 * Hands a route's handler to the app server, which answers that route's requests by calling it
 * without Next's request handling (scripts/direct-routes.mjs). The app server runs outside the
 * app's bundle and cannot import the handler, so it gets it on a global symbol (as
 * server/runtime.ts registerShutdown hands over the shutdown). Called by the route module
 * itself when Next first loads it, so the handler is the instance Next serves, with the route's
 * copy of the server's modules (the build holds one copy per Next layer: db/process-wide.ts).
 */
export function handOver(
  name: "trpc" | "webhook",
  handler: (req: Request, ...params: string[]) => Promise<Response>,
): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for(`hexiao.route.${name}`)] = handler;
}

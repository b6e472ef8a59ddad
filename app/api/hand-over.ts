/**
 * Hands a route's handler to the app server, which answers that route's requests by calling it
 * without Next's request handling (scripts/direct-routes.mjs). The app server runs outside the
 * app's bundle and cannot import the handler, so it gets it on a global symbol (as
 * server/runtime.ts registerShutdown hands over the shutdown). Called by the route module
 * itself when Next first loads it, so the handler is the instance Next serves, with the route's
 * copy of the server's modules (the build holds one copy per Next layer: db/process-wide.ts).
 * The app server hands a POST's body it has read whole as bytes, after the route's params,
 * with a Request that carries none (scripts/direct-routes.mjs postBody).
 */
export function handOver(
  name: "trpc",
  handler: (req: Request, bytes?: Uint8Array) => Promise<Response>,
): void;
export function handOver(
  name: "webhook",
  handler: (
    req: Request,
    provider: string,
    methodId: string,
    bytes?: Uint8Array,
  ) => Promise<Response>,
): void;
export function handOver(
  name: string,
  handler: (req: Request, ...rest: never[]) => Promise<Response>,
): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for(`hexiao.route.${name}`)] = handler;
}

// Types for direct-routes.mjs, so its test can import it.
import type { IncomingMessage, ServerResponse } from "node:http";

/** `bytes`: a POST's body, read whole by the app server; `req` then carries none. */
type FetchHandler = (req: Request, bytes?: Uint8Array) => Promise<Response>;

export function directHandler(req: IncomingMessage): FetchHandler | undefined;
export function serveDirect(
  req: IncomingMessage,
  res: ServerResponse,
  handler: FetchHandler,
  listening: { hostname: string; port: number },
): Promise<void>;

export const wholeBodyBytes: number;

// Types for direct-routes.mjs, so its test can import it.
import type { IncomingMessage, ServerResponse } from "node:http";

type FetchHandler = (req: Request) => Promise<Response>;

export function directHandler(req: IncomingMessage): FetchHandler | undefined;
export function serveDirect(
  req: IncomingMessage,
  res: ServerResponse,
  handler: FetchHandler,
  listening: { hostname: string; port: number },
): Promise<void>;

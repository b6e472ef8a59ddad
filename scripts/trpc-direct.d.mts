// Types for trpc-direct.mjs, so its test can import it.
import type { IncomingMessage, ServerResponse } from "node:http";

type FetchHandler = (req: Request) => Promise<Response>;

export function directTrpcHandler(req: IncomingMessage): FetchHandler | undefined;
export function serveDirect(
  req: IncomingMessage,
  res: ServerResponse,
  handler: FetchHandler,
  listening: { hostname: string; port: number },
): Promise<void>;

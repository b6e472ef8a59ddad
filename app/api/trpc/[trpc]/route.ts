import { handOver } from "../../hand-over";
import { trpcHandler } from "../trpc-handler";

// Next loads this route at the first tRPC call; from then on the app server calls the handler
// itself (scripts/direct-routes.mjs).
handOver("trpc", trpcHandler);

// Next calls a route's function with the request and the route's params: the handler's second
// argument is the app server's alone.
export const GET = (req: Request) => trpcHandler(req);
export const POST = GET;

import { handOver } from "../../hand-over";
import { trpcHandler } from "../trpc-handler";

// Next loads this route at the first tRPC call; from then on the app server calls the handler
// itself (scripts/direct-routes.mjs).
handOver("trpc", trpcHandler);

export { trpcHandler as GET, trpcHandler as POST };

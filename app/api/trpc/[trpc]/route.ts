import { registerTrpcHandler, trpcHandler } from "../trpc-handler";

// Next loads this route at the first tRPC call; from then on the app server calls the handler
// itself. This module hands it over because it is the one Next runs: instrumentation.ts's
// imports are another copy of the server's modules in the build (their module-level state,
// such as the audit chainer's runs, would not be the route's).
registerTrpcHandler();

export { trpcHandler as GET, trpcHandler as POST };

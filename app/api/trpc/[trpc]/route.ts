export { trpcHandler as GET, trpcHandler as POST } from "../trpc-handler";

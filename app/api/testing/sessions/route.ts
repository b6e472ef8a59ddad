import { seedSessionRouteHandler } from "@/server/runtime";

export const dynamic = "force-dynamic";
// GET too, so that any method answers the same 404 while the route is off (not a 405 that tells it exists).
export { seedSessionRouteHandler as GET, seedSessionRouteHandler as POST };

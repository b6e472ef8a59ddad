import { healthRouteHandler } from "@/server/runtime";

export const dynamic = "force-dynamic";
export { healthRouteHandler as GET };

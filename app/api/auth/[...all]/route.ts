import { authRouteHandler } from "@/server/runtime";

export { authRouteHandler as GET, authRouteHandler as POST };

import { exportRouteHandler } from "@/server/exports/export-route-handler";

export const dynamic = "force-dynamic";

/** The address the README gave before /api/exports/redemptions; links saved with it still work. */
export function GET(req: Request) {
  return exportRouteHandler(req, "redemptions");
}

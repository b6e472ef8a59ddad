import { analyticsExportRouteHandler } from "@/server/analytics/export.route";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return analyticsExportRouteHandler(req);
}

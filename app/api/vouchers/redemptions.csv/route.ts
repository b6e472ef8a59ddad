import { redemptionsCsvRouteHandler } from "@/server/vouchers/redemptions-csv";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return redemptionsCsvRouteHandler(req);
}

import { setupRestoreRouteHandler } from "@/server/backup/setup-restore-route-handler";

export const dynamic = "force-dynamic";
// A large backup takes longer to load than a page request.
export const maxDuration = 900;

export function POST(req: Request) {
  return setupRestoreRouteHandler(req);
}

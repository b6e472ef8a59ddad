import { backupRouteHandler } from "@/server/backup/backup-route-handler";

export const dynamic = "force-dynamic";
// A large shop's snapshot takes longer than a page request.
export const maxDuration = 300;

export function POST(req: Request) {
  return backupRouteHandler(req);
}

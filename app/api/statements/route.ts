import { statementUploadHandler } from "@/server/reconciliation/statement-upload-handler";

export const dynamic = "force-dynamic";
// Spooling and matching a large statement takes longer than a page request.
export const maxDuration = 300;

export function POST(req: Request) {
  return statementUploadHandler(req);
}

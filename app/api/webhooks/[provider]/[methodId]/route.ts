import { webhookRouteHandler } from "@/server/runtime";
import { handOver } from "../../../hand-over";

export const dynamic = "force-dynamic";

// Next loads this route at the first notification; from then on the app server calls the
// handler itself (scripts/direct-routes.mjs).
handOver("webhook", webhookRouteHandler);

export async function POST(
  req: Request,
  ctx: { params: Promise<{ provider: string; methodId: string }> },
) {
  const { provider, methodId } = await ctx.params;
  return webhookRouteHandler(req, provider, methodId);
}
